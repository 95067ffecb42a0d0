import { api, unwrap } from '../api/client';
import type { paths } from '../api/openapi';

type AttentionPage =
  paths['/api/v1/people/attention']['get']['responses'][200]['content']['application/json'];
/** A person whose current status cannot be relied on (GET /api/v1/people/attention). */
export type AttentionItem = AttentionPage['items'][number];

/** Days after which a status nobody has confirmed counts as stale. */
export const STALE_DAYS = 90;

export async function loadAttention(cursor?: string): Promise<AttentionPage> {
  return unwrap(
    await api.GET('/api/v1/people/attention', {
      params: { query: { staleDays: STALE_DAYS, limit: 50, ...(cursor ? { cursor } : {}) } },
    }),
  );
}
