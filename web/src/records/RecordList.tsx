import { useEffect, useId, useState } from 'react';
import { Link } from 'wouter';
import { Status } from '../components/Status';
import { FieldInput } from '../fields/FieldInput';
import { FormContext } from '../fields/form-context';
import { useLoad } from '../use-load';
import { type AnyRecord, records, rememberLabel } from './api';
import { RECORD_TYPES, type Slug } from './catalog';
import { FieldValue } from './FieldValue';
import type { FormValue } from './form-values';
import { useRecordLabel } from './labels';
import { problemFields, problemMessage } from './problem-fields';
import { type TypeSchema, typeSchema } from './schema';
import { useText } from './text/use-text';

const PAGE = 25;
/** The sort keys that order a list by its label column. */
const LABEL_SORTS = ['name', 'title', 'text'];

/** A column header that sorts by its column: once ascending, again descending (`aria-sort`). */
function SortableHeader({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string;
  sortKey?: string;
  sort: string;
  onSort(sort: string): void;
}) {
  if (!sortKey) return <th scope="col">{label}</th>;
  const state = sort === sortKey ? 'ascending' : sort === `-${sortKey}` ? 'descending' : undefined;
  return (
    <th scope="col" aria-sort={state}>
      <button
        type="button"
        className="link"
        onClick={() => onSort(state === 'ascending' ? `-${sortKey}` : sortKey)}
      >
        {label}
        {state === 'ascending' ? ' ↑' : state === 'descending' ? ' ↓' : ''}
      </button>
    </th>
  );
}

function useDebounced<T>(value: T, ms: number) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function RecordList({ slug }: { slug: Slug }) {
  const schema = useLoad(() => typeSchema(slug), [slug]);
  return (
    <Status loaded={schema}>{(loaded) => <List key={slug} slug={slug} schema={loaded} />}</Status>
  );
}

/**
 * Any type's list: search, the type's own filters (from the OpenAPI document), a sort order, and
 * "load more" pages by cursor so a long list never renumbers under the reader.
 */
function List({ slug, schema }: { slug: Slug; schema: TypeSchema }) {
  const text = useText();
  const { t, typeName, fieldName } = text;
  const recordLabel = useRecordLabel();
  const idPrefix = useId().replace(/:/g, '');
  const [query, setQuery] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [filters, setFilters] = useState<Record<string, FormValue>>({});
  const [sort, setSort] = useState('');
  const q = useDebounced(query.trim(), 250);
  const filterQuery = useDebounced(
    Object.fromEntries(
      Object.entries(filters).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    ) as Record<string, string>,
    250,
  );
  const [pages, setPages] = useState<{ items: AnyRecord[]; cursor: string | null }>({
    items: [],
    cursor: null,
  });
  const [moreBusy, setMoreBusy] = useState(false);

  useEffect(() => {
    history.replaceState(history.state, '', q ? `?q=${encodeURIComponent(q)}` : location.pathname);
  }, [q]);

  const base = { q: q || undefined, sort: sort || undefined, limit: PAGE, ...filterQuery };
  const first = useLoad(async () => {
    const page = await records.list(slug, base);
    for (const record of page.items) rememberLabel(slug, record);
    setPages({ items: page.items, cursor: page.nextCursor });
    return page;
  }, [slug, base]);

  async function loadMore() {
    if (!pages.cursor) return;
    setMoreBusy(true);
    const page = await records.list(slug, { ...base, cursor: pages.cursor });
    setPages((old) => ({ items: [...old.items, ...page.items], cursor: page.nextCursor }));
    setMoreBusy(false);
  }

  const entry = RECORD_TYPES[slug];
  const columns = entry.columns
    .map((name) => schema.fields.find((f) => f.name === name))
    .filter((f) => f !== undefined);
  const filterErrors =
    first.state === 'error'
      ? Object.fromEntries(problemFields(first.error).map((p) => [p.field, p.reason]))
      : {};

  return (
    <section className="record-list">
      <div className="section-head">
        <h1>{typeName(slug)}</h1>
        <Link href={`/${slug}/new`} className="button">
          {t('records.new', { type: typeName(slug, 'one') })}
        </Link>
      </div>
      <div className="filters">
        <div className="field search">
          <label htmlFor={`${idPrefix}-q`}>{t('records.search')}</label>
          <input
            id={`${idPrefix}-q`}
            type="search"
            value={query}
            aria-describedby={`${idPrefix}-q-hint`}
            onChange={(e) => setQuery(e.target.value)}
          />
          <p id={`${idPrefix}-q-hint`} className="hint">
            {t('records.searchHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-sort`}>{t('records.sortBy')}</label>
          <select id={`${idPrefix}-sort`} value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="">—</option>
            {schema.sorts.flatMap((key) => [
              <option key={key} value={key}>
                {fieldName(key)} ↑
              </option>,
              <option key={`-${key}`} value={`-${key}`}>
                {fieldName(key)} ↓
              </option>,
            ])}
          </select>
        </div>
      </div>
      {schema.filters.length > 0 && (
        <details className="filter-panel" open={Object.keys(filterQuery).length > 0}>
          <summary>{t('records.filters')}</summary>
          <FormContext.Provider value={{ idPrefix: `${idPrefix}-filter`, errors: filterErrors }}>
            <div className="filter-grid">
              {schema.filters.map(({ name, field }) => (
                <FieldInput
                  key={name}
                  spec={{ ...field, required: false }}
                  path={name}
                  label={fieldName(name)}
                  value={filters[name] ?? ''}
                  onChange={(next) => setFilters((old) => ({ ...old, [name]: next }))}
                />
              ))}
            </div>
          </FormContext.Provider>
        </details>
      )}
      {first.state === 'error' ? (
        <p role="alert" className="error">
          {problemMessage(first.error)}
        </p>
      ) : first.state === 'loading' && pages.items.length === 0 ? (
        <p role="status">{text.common('common.loading')}</p>
      ) : pages.items.length === 0 ? (
        <p>{t('records.empty')}</p>
      ) : (
        <>
          <p className="meta" aria-live="polite">
            {t('records.shown', { count: text.number(pages.items.length) })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <SortableHeader
                    label={t('records.label')}
                    sortKey={LABEL_SORTS.find((key) => schema.sorts.includes(key))}
                    sort={sort}
                    onSort={setSort}
                  />
                  {columns.map((column) => (
                    <SortableHeader
                      key={column.name}
                      label={fieldName(column.name)}
                      sortKey={schema.sorts.includes(column.name) ? column.name : undefined}
                      sort={sort}
                      onSort={setSort}
                    />
                  ))}
                </tr>
              </thead>
              <tbody>
                {pages.items.map((record) => (
                  <tr key={record.id}>
                    <th scope="row">
                      <Link href={`/${slug}/${record.id}`}>{recordLabel(slug, record)}</Link>
                    </th>
                    {columns.map((column) => (
                      <td key={column.name}>
                        <FieldValue spec={column} value={record[column.name]} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages.cursor && (
            <button
              type="button"
              className="secondary"
              disabled={moreBusy}
              onClick={() => void loadMore()}
            >
              {t('records.loadMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
