import { ApiError, api, type Problem } from '../api/client';
import { labelOf, type Slug } from './catalog';

/**
 * The record endpoints, addressed by type. Every type has the same routes (docs/api.md), so one
 * set of calls serves all thirteen; they go through the app's one client (cookie, CSRF token,
 * problem+json errors) with the path built from the type.
 */
export type AnyRecord = Record<string, unknown> & { id: string; version: number };
export interface Page {
  items: AnyRecord[];
  nextCursor: string | null;
}

type Query = Record<string, string | number | undefined>;
interface Init {
  params?: { query?: Query };
  body?: unknown;
  headers?: Record<string, string>;
  bodySerializer?: (body: unknown) => unknown;
}
type Result = { data?: unknown; error?: unknown; response: Response };
interface Client {
  GET(path: string, init?: Init): Promise<Result>;
  POST(path: string, init?: Init): Promise<Result>;
  PATCH(path: string, init?: Init): Promise<Result>;
  DELETE(path: string, init?: Init): Promise<Result>;
}
const client = api as unknown as Client;

async function answer<T>(call: Promise<Result>): Promise<T> {
  const result = await call;
  if (result.response.ok) return result.data as T;
  throw new ApiError(result.response.status, result.error as Partial<Problem> | undefined);
}

function compact(query: Query): Query {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
}

/** Who changed a record and why travel in headers: If-Match (the version read) and the reason. */
function writeHeaders(version?: number, reason?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  if (reason?.trim()) headers['x-change-reason'] = encodeURIComponent(reason.trim());
  return headers;
}

export const records = {
  list: (slug: Slug, query: Query) =>
    answer<Page>(client.GET(`/api/v1/${slug}`, { params: { query: compact(query) } })),
  get: (slug: Slug, id: string) => answer<AnyRecord>(client.GET(`/api/v1/${slug}/${id}`)),
  create: (slug: Slug, body: unknown, reason?: string) =>
    answer<AnyRecord>(
      client.POST(`/api/v1/${slug}`, { body, headers: writeHeaders(undefined, reason) }),
    ),
  update: (slug: Slug, id: string, version: number, body: unknown, reason?: string) =>
    answer<AnyRecord>(
      client.PATCH(`/api/v1/${slug}/${id}`, { body, headers: writeHeaders(version, reason) }),
    ),
  remove: (slug: Slug, id: string, version: number, reason: string) =>
    answer<unknown>(
      client.DELETE(`/api/v1/${slug}/${id}`, { headers: writeHeaders(version, reason) }),
    ),
  restore: (slug: Slug, id: string, reason?: string) =>
    answer<AnyRecord>(
      client.POST(`/api/v1/${slug}/${id}/restore`, { headers: writeHeaders(undefined, reason) }),
    ),
  history: (slug: Slug, id: string) =>
    answer<{ items: Revision[] }>(client.GET(`/api/v1/${slug}/${id}/history`)),
  upload: (sourceId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return answer<Attachment>(
      client.POST(`/api/v1/sources/${sourceId}/attachments`, {
        body: form,
        bodySerializer: (body) => body,
      }),
    );
  },
};

export interface Revision {
  id: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore';
  actor: string;
  at: string;
  reason: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  redacted: boolean;
}

export interface Attachment {
  sha256: string;
  size: number;
  mediaType: string;
  filename: string;
  uploadedAt: string;
  uploadedBy: string;
}

/**
 * Labels of referenced records, fetched once per id and shared by every page: a form or a
 * history that names twenty places asks for each place once. A record the reader may not see
 * answers 404 and keeps its id as its label, which reveals nothing the id did not.
 */
const labels = new Map<string, Promise<string>>();

export function referenceLabel(slug: Slug, id: string): Promise<string> {
  const key = `${slug}/${id}`;
  let label = labels.get(key);
  if (!label) {
    label = records.get(slug, id).then(
      (record) => labelOf(slug, record),
      () => id,
    );
    labels.set(key, label);
  }
  return label;
}

/** Remembers a label already at hand (a search result, a record just saved). */
export function rememberLabel(slug: Slug, record: AnyRecord) {
  labels.set(`${slug}/${record.id}`, Promise.resolve(labelOf(slug, record)));
}
