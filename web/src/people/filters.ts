/**
 * The people list's filters live in the URL, so a filtered list can be bookmarked, shared with a
 * colleague and reached again with the back button. This file is the one translation between
 * the query string and the filters.
 */

/** Facets the server counts (GET /api/v1/people/facets), in the order the panel shows them. */
export const FACET_KEYS = [
  'status',
  'nationality',
  'custodian',
  'place',
  'allegationStatus',
  'hadHearing',
] as const;
export type FacetKey = (typeof FACET_KEYS)[number];

/** Filters the list takes that are not counted as facets. */
export const PLAIN_FILTER_KEYS = ['role'] as const;

export const SORTS = [
  'name',
  '-name',
  'birthDate',
  '-birthDate',
  'updatedAt',
  '-updatedAt',
] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = 'name';

type FilterKey = FacetKey | (typeof PLAIN_FILTER_KEYS)[number];
const FILTER_KEYS: readonly FilterKey[] = [...FACET_KEYS, ...PLAIN_FILTER_KEYS];

export interface PeopleFilters {
  q: string;
  sort: Sort;
  /** one value per filter: the API's people filters are single-valued */
  values: Partial<Record<FilterKey, string>>;
}

export function parseFilters(search: string): PeopleFilters {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  const values: PeopleFilters['values'] = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) values[key] = value;
  }
  return {
    q: params.get('q') ?? '',
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : DEFAULT_SORT,
    values,
  };
}

/** The query string for `filters`, with defaults left out so URLs stay short. */
export function filtersToSearch(filters: PeopleFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const key of FILTER_KEYS) {
    const value = filters.values[key];
    if (value) params.set(key, value);
  }
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The filters as API query parameters (the list and the facet counts take the same ones). */
export function filtersToQuery(filters: PeopleFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.q.trim()) query.q = filters.q.trim();
  for (const key of FILTER_KEYS) {
    const value = filters.values[key];
    if (value) query[key] = value;
  }
  return query;
}

export function withValue(filters: PeopleFilters, key: FilterKey, value: string | undefined) {
  const values = { ...filters.values };
  if (value) values[key] = value;
  else delete values[key];
  return { ...filters, values };
}

export function activeFilters(filters: PeopleFilters): [FilterKey, string][] {
  return FILTER_KEYS.flatMap((key) => {
    const value = filters.values[key];
    return value ? [[key, value] as [FilterKey, string]] : [];
  });
}
