import './people.css';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { ActiveFilters } from './ActiveFilters';
import { peopleFacets } from './api';
import { FacetPanel } from './FacetPanel';
import {
  filtersToQuery,
  filtersToSearch,
  type PeopleFilters,
  parseFilters,
  type Sort,
  withValue,
} from './filters';
import { PeopleTable } from './PeopleTable';
import { SavedFilters } from './SavedFilters';
import { usePagedPeople } from './use-paged-people';

/** Waits until typing pauses before searching. */
function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * People: full-text search, facet counts as a filter panel, removable filter chips, sortable
 * columns, "load more" paging and saved filters. Everything that decides the list is in the
 * URL, so the back button and a shared link both give the same list.
 */
export function PeopleList() {
  const { t, language } = useI18n();
  const id = useId();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const go = (next: PeopleFilters, replace = false) =>
    navigate(`/people${filtersToSearch(next)}`, { replace });

  // The search box types ahead of the URL; the URL follows once typing pauses.
  const [query, setQuery] = useState(filters.q);
  const typed = useDebounced(query.trim(), 250);
  const lastWritten = useRef(filters.q);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only typing should write the URL
  useEffect(() => {
    if (typed === filters.q) return;
    lastWritten.current = typed;
    go({ ...filters, q: typed }, true);
  }, [typed]);
  useEffect(() => {
    // the URL changed from elsewhere (back button, a saved filter, a chip): show its words
    if (filters.q !== lastWritten.current) {
      lastWritten.current = filters.q;
      setQuery(filters.q);
    }
  }, [filters.q]);

  const apiQuery = filtersToQuery(filters);
  const facets = useLoad(() => peopleFacets(apiQuery), [apiQuery]);
  const people = usePagedPeople(apiQuery, filters.sort);

  // nationalities seen so far: the nationality choice when the server counts no facets
  const [seen, setSeen] = useState<string[]>([]);
  useEffect(() => {
    setSeen((known) => {
      const all = new Set([...known, ...people.items.flatMap((p) => p.nationalities ?? [])]);
      return all.size === known.length ? known : [...all].sort();
    });
  }, [people.items]);

  const total = facets.state === 'done' ? facets.data.total : undefined;
  const number = new Intl.NumberFormat(language);

  return (
    <section>
      <h1>{t('people.title')}</h1>
      <div className="field search">
        <label htmlFor={`${id}-q`}>{t('people.search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-describedby={`${id}-q-hint`}
          autoComplete="off"
        />
        <p id={`${id}-q-hint`} className="hint">
          {t('people.searchHint')}
        </p>
      </div>
      <div className="people-layout">
        <aside className="people-side" aria-label={t('people.filters')}>
          <FacetPanel
            filters={filters}
            facets={facets}
            seenNationalities={seen}
            onChange={(key, value) => go(withValue(filters, key, value))}
          />
          <SavedFilters
            currentSearch={filtersToSearch(filters)}
            onApply={(saved) => navigate(`/people${saved}`)}
          />
        </aside>
        <div className="people-main">
          <ActiveFilters
            filters={filters}
            facets={facets.state === 'done' ? facets.data : undefined}
            onRemove={(key) => go(withValue(filters, key, undefined))}
            onClear={() => go({ ...filters, values: {} })}
          />
          <p role="status" className="hint result-count">
            {people.first.state === 'done' &&
              (people.items.length === 0
                ? t('people.empty')
                : total !== undefined
                  ? t('people.countOf', {
                      shown: number.format(people.items.length),
                      total: number.format(total),
                    })
                  : t('people.count', { count: number.format(people.items.length) }))}
          </p>
          <PeopleTable
            people={people}
            sort={filters.sort}
            onSort={(sort: Sort) => go({ ...filters, sort }, true)}
          />
        </div>
      </div>
    </section>
  );
}
