import { useEffect, useId, useState } from 'react';
import { Link } from 'wouter';
import { api, type Schemas, unwrap } from '../api/client';
import { Status } from '../components/Status';
import { countryName, formatPartialDate, personName } from '../format';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';

type Role = NonNullable<Schemas['Person']['roles']>[number];
const ROLES: Role[] = [
  'detained',
  'official',
  'judge',
  'lawyer',
  'witness',
  'relative',
  'journalist',
  'other',
];

type Sort = 'name' | '-name' | 'birthDate' | '-birthDate' | 'updatedAt' | '-updatedAt';
const COLUMNS: { key: 'name' | 'birthDate' | 'updatedAt'; label: MessageKey }[] = [
  { key: 'name', label: 'people.name' },
  { key: 'birthDate', label: 'people.born' },
  { key: 'updatedAt', label: 'people.updated' },
];

/** Waits until typing pauses before searching. */
function useDebounced(value: string, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function PeopleList() {
  const { t, language, label } = useI18n();
  const id = useId();
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [sort, setSort] = useState<Sort>('name');
  const [role, setRole] = useState<Role | ''>('');
  const [nationality, setNationality] = useState('');
  // nationalities seen so far, so the filter offers only countries that occur
  const [countries, setCountries] = useState<string[]>([]);
  const q = useDebounced(query.trim(), 250);

  useEffect(() => {
    const url = q ? `?q=${encodeURIComponent(q)}` : location.pathname;
    history.replaceState(history.state, '', url);
  }, [q]);

  const people = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/people', {
          params: {
            query: {
              limit: 100,
              sort,
              ...(q ? { q } : {}),
              ...(role ? { role } : {}),
              ...(nationality ? { nationality } : {}),
            },
          },
        }),
      ).items,
    [q, sort, role, nationality],
  );

  useEffect(() => {
    if (people.state !== 'done') return;
    setCountries((known) => {
      const all = new Set([...known, ...people.data.flatMap((p) => p.nationalities ?? [])]);
      return all.size === known.length ? known : [...all].sort();
    });
  }, [people]);

  const sortState = (key: string) =>
    sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : 'none';

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
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('people.roles')}</label>
          <select
            id={`${id}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value as Role | '')}
          >
            <option value="">{t('people.any')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {label('role', r)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-nationality`}>{t('people.nationality')}</label>
          <select
            id={`${id}-nationality`}
            value={nationality}
            onChange={(e) => setNationality(e.target.value)}
          >
            <option value="">{t('people.any')}</option>
            {countries.map((code) => (
              <option key={code} value={code}>
                {countryName(code, language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Status loaded={people}>
        {(items) =>
          items.length === 0 ? (
            <p role="status">{t('people.empty')}</p>
          ) : (
            <>
              <p role="status" className="hint">
                {t('people.count', { count: items.length })}
              </p>
              <div className="table-wrap">
                <table className="people">
                  <thead>
                    <tr>
                      {COLUMNS.map((column) => (
                        <th key={column.key} scope="col" aria-sort={sortState(column.key)}>
                          <button
                            type="button"
                            className="sort"
                            onClick={() =>
                              setSort((sort === column.key ? `-${column.key}` : column.key) as Sort)
                            }
                          >
                            {t(column.label)}
                            <span aria-hidden="true">
                              {sort === column.key ? ' ▲' : sort === `-${column.key}` ? ' ▼' : ''}
                            </span>
                          </button>
                        </th>
                      ))}
                      <th scope="col">{t('people.nationality')}</th>
                      <th scope="col">{t('people.roles')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((person) => (
                      <tr key={person.id}>
                        <th scope="row">
                          <Link href={`/people/${person.id}`}>{personName(person)}</Link>
                        </th>
                        <td>
                          {person.birthDate ? formatPartialDate(person.birthDate, language, t) : ''}
                        </td>
                        <td>
                          {new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(
                            new Date(person.updatedAt),
                          )}
                        </td>
                        <td>
                          {(person.nationalities ?? [])
                            .map((code) => countryName(code, language))
                            .join(', ')}
                        </td>
                        <td>
                          {(person.roles ?? []).map((role) => label('role', role)).join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Status>
    </section>
  );
}
