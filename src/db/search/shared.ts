import { type RawBuilder, sql } from 'kysely';
import { inSlices } from '../../lib/slices.js';
import type { Db } from '../database.js';
import type { SearchEntry } from './search-index.js';
import { termsColumn } from './terms.js';

/**
 * The SQL both engines share: the entry's row, and the score for whole-word matches (how many
 * query terms appear as a word, not only as the start of one), which ranks "Jerce" above
 * "Jercelino" for `jerce` on both engines alike. Terms are letters and digits only (see
 * `queryTerms`), so they hold no LIKE wildcard.
 */
/** Rows per multi-row upsert: well under both engines' limits on bound parameters. */
const ROWS_PER_UPSERT = 500;

export async function upsertEntries(db: Db, entries: readonly SearchEntry[]): Promise<void> {
  for (const slice of inSlices(entries, ROWS_PER_UPSERT)) {
    const rows = slice.map((entry) => ({
      record_type: entry.type,
      record_id: entry.id,
      sensitivity: entry.sensitivity,
      title: entry.title,
      body: entry.text,
      terms: termsColumn(entry.text),
    }));
    await db
      .insertInto('search_index')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['record_type', 'record_id']).doUpdateSet((eb) => ({
          sensitivity: eb.ref('excluded.sensitivity'),
          title: eb.ref('excluded.title'),
          body: eb.ref('excluded.body'),
          terms: eb.ref('excluded.terms'),
        })),
      )
      .execute();
  }
}

export async function removeEntry(db: Db, type: string, id: string): Promise<void> {
  await db
    .deleteFrom('search_index')
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .execute();
}

export async function clearEntries(db: Db, types?: string[]): Promise<void> {
  let query = db.deleteFrom('search_index');
  if (types) query = query.where('record_type', 'in', types.length ? types : ['']);
  await query.execute();
}

export function wholeWordScore(alias: string, terms: string[]): RawBuilder<number> {
  const column = sql.ref(`${alias}.terms`);
  return sql<number>`(${sql.join(
    terms.map((term) => sql`case when ${column} like ${`% ${term} %`} then 1 else 0 end`),
    sql` + `,
  )})`;
}

/** Clearance and type filters on the index row. */
export function visibleTo(alias: string, levels: string[], types?: string[]): RawBuilder<boolean> {
  const sensitivity = sql`${sql.ref(`${alias}.sensitivity`)} in (${sql.join(levels.length ? levels : [''])})`;
  if (!types) return sql<boolean>`${sensitivity}`;
  return sql<boolean>`${sensitivity} and ${sql.ref(`${alias}.record_type`)} in (${sql.join(types.length ? types : [''])})`;
}
