import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CursorKey } from '../../lib/cursor.js';
import type { Sensitivity } from '../auth/policy.js';
import { FACTS, VALUES } from './repo.js';

/**
 * People whose current status cannot be relied on: unknown (no custody event, or whereabouts
 * unknown since the last one) or stale (still held, and last confirmed before `cutoff`), oldest
 * first. Only people who are, or may be, detained: someone recorded only as a judge or an
 * official has no custody status to chase.
 */

export const UNKNOWN_STATES = ['unknown', 'no_record'] as const;
/** States that change without anyone recording it: they go stale. Released or deceased do not. */
export const HELD_STATES = ['in_custody', 'removed'] as const;

export interface AttentionRow {
  personId: string;
  state: string;
  asOf: string | null;
  asOfStart: string | null;
}

export async function needingAttention(
  db: Db,
  level: Sensitivity,
  options: { cutoff: string; limit: number; after?: CursorKey },
): Promise<AttentionRow[]> {
  // Undated statuses sort first: nothing says when they were last true.
  const sortKey = sql<string>`coalesce(f.as_of_start, '')`;
  let query = db
    .selectFrom(`${FACTS} as f`)
    .select(['f.person_id', 'f.state', 'f.as_of', 'f.as_of_start'])
    .where('f.level', '=', level)
    .where((eb) =>
      eb.or([
        eb('f.state', 'in', [...UNKNOWN_STATES]),
        eb.and([
          eb('f.state', 'in', [...HELD_STATES]),
          eb.or([eb('f.as_of_start', 'is', null), eb('f.as_of_start', '<', options.cutoff)]),
        ]),
      ]),
    )
    .where(
      sql<boolean>`(exists (select 1 from ${sql.table(VALUES)} v where v.person_id = f.person_id and v.level = f.level and v.kind = 'role' and v.value = 'detained')
        or not exists (select 1 from ${sql.table(VALUES)} v where v.person_id = f.person_id and v.level = f.level and v.kind = 'role'))`,
    );
  if (options.after) {
    const [key, id] = options.after;
    query = query.where(sql<boolean>`(${sortKey}, f.person_id) > (${String(key)}, ${id})`);
  }
  const rows = await query.orderBy(sortKey).orderBy('f.person_id').limit(options.limit).execute();
  return rows.map((r) => ({
    personId: r.person_id as string,
    state: r.state as string,
    asOf: (r.as_of as string | null) ?? null,
    asOfStart: (r.as_of_start as string | null) ?? null,
  }));
}
