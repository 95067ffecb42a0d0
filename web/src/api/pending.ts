import { api, unwrap } from './client';

/**
 * Calls to endpoints whose types the generated client may not carry yet (or that a server
 * version lacks). They go through the same client — cookie, CSRF token, problem+json errors —
 * but take a finished path and return what the caller's own type says. A 404 from one of these
 * means "not available on this server", which pages show as such (see `isMissingEndpoint`).
 */
type LooseInit = {
  params?: { query?: Record<string, string | number | boolean | string[] | undefined> };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'json' | 'stream';
};
type LooseResult = { data?: unknown; error?: unknown; response: Response };
interface LooseClient {
  GET(path: string, init?: LooseInit): Promise<LooseResult>;
  POST(path: string, init?: LooseInit): Promise<LooseResult>;
}

export const looseApi = api as unknown as LooseClient;

/** Drops empty values so they never reach the query string as `key=`. */
function compact(query: Record<string, unknown> | undefined) {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value as string | number | boolean | string[];
  }
  return out;
}

export async function getJson<T>(path: string, query?: Record<string, unknown>): Promise<T> {
  return unwrap(await looseApi.GET(path, { params: { query: compact(query) } })) as T;
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return unwrap(await looseApi.POST(path, body === undefined ? {} : { body })) as T;
}
