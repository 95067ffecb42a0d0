import { api, type Schemas, unwrap } from '../api/client';
import type { paths } from '../api/openapi';
import { getJson } from '../api/pending';

export type Person = Schemas['Person'];
type Json<P extends keyof paths> = P extends keyof paths
  ? paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } }
    ? T
    : never
  : never;

export type PeopleFacets = Json<'/api/v1/people/facets'>;
export type FacetValue = PeopleFacets['facets']['status'][number];
export type PeoplePage = Json<'/api/v1/people'>;

/*
 * The list and the counts take their filters from the URL, which anyone can edit: they pass
 * through as text, and a value the API refuses comes back as its 400 problem, shown as such.
 */

/** A page of people; filters the generated client does not know yet pass through untyped. */
export async function listPeople(
  query: Record<string, string>,
  sort: string,
  cursor: string | null,
): Promise<PeoplePage> {
  return getJson<PeoplePage>('/api/v1/people', {
    ...query,
    sort,
    limit: 50,
    ...(cursor ? { cursor } : {}),
  });
}

/** Counts per facet value under the current filters (`GET /api/v1/people/facets`). */
export function peopleFacets(query: Record<string, string>): Promise<PeopleFacets> {
  return getJson<PeopleFacets>('/api/v1/people/facets', query);
}

export async function personById(id: string): Promise<Person> {
  return unwrap(await api.GET('/api/v1/people/{id}', { params: { path: { id } } }));
}
