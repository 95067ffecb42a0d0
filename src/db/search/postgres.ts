import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import { type EntryRow, TieredSearchIndex, type TierPage, visibleTo } from './shared.js';
import type { Alternatives, Tier } from './tiers.js';

/**
 * PostgreSQL: a generated tsvector over `search_index.terms` with the 'simple' configuration
 * and a GIN index (see migration 0005). A whole word is `jerce`, a prefix `jerce:*`. No
 * extension is needed: accents are folded by the application before text reaches the index.
 *
 * GIN finds every match at once but in no order, and each match it finds costs a visit to the
 * table (about 30 µs on a small machine), so ranking the matches of `jose` — 70,000 among a
 * million people — took 275 ms. Walking the entries newest first and testing each costs about
 * 2 µs an entry and stops at the page's last hit. So a page
 * walks the newest `WALK_ENTRIES` entries first: a common name fills its page there. Only a
 * name too rare to show up that often goes through GIN, where it has few matches to sort; the
 * planner is not left to choose, because it cannot tell a rare prefix or a rare pair of words
 * from a common one (walking the whole table for a prefix that matches nothing took a second).
 */
const WALK_ENTRIES = 5000;

function anyOf(alternatives: Alternatives): string {
  return alternatives
    .map((words) => words.map(({ term, whole }) => (whole ? term : `${term}:*`)).join(' & '))
    .map((and) => `(${and})`)
    .join(' | ');
}

function tsQuery(tier: Tier): RawBuilder<unknown> {
  const text =
    tier.unless.length === 0
      ? anyOf(tier.anyOf)
      : `(${anyOf(tier.anyOf)}) & !(${anyOf(tier.unless)})`;
  return sql`to_tsquery('simple', ${text})`;
}

const ENTRY_COLUMNS = sql`si.record_type as type, si.record_id as id, si.sensitivity, si.title,
  si.body, si.id::float8 as entry`;

export class PostgresSearchIndex extends TieredSearchIndex {
  protected async tierEntries(
    db: Db,
    { tier, levels, types, before, limit }: TierPage,
  ): Promise<EntryRow[]> {
    const older = before === undefined ? sql`true` : sql`id < ${before}`;
    const visible = visibleTo('si', levels, types);
    // `coalesce` hides the match from GIN: the newest entries are tested one by one.
    const walked = await sql<EntryRow>`
      select ${ENTRY_COLUMNS}
      from (select * from search_index where ${older} order by id desc limit ${WALK_ENTRIES}) si
      where coalesce(si.tsv @@ ${tsQuery(tier)}, false) and ${visible}
      order by si.id desc
      limit ${limit}`.execute(db);
    if (walked.rows.length === limit) return walked.rows;
    const found = await sql<EntryRow>`
      with matched as materialized (
        select si.id from ${this.matching(tier)} and ${older} and ${visible}
      )
      select ${ENTRY_COLUMNS}
      from matched join search_index si on si.id = matched.id
      order by si.id desc
      limit ${limit}`.execute(db);
    return found.rows;
  }

  protected matching(tier: Tier): RawBuilder<unknown> {
    return sql`search_index si where si.tsv @@ ${tsQuery(tier)}`;
  }
}
