import { sql } from 'kysely';
import { type Db, engineBehind } from './database.js';

/** A write of at least this many records changes a table enough to mislead the planner. */
export const BULK_WRITE_ROWS = 1000;

/**
 * Brings the query planner's statistics up to date after a bulk write has committed. Until
 * PostgreSQL's autovacuum gets to a freshly filled table it believes it nearly empty, and sorts
 * a whole table for a page of 25 rather than walk the index (the bench's people list: 14 ms a
 * page at 5,000 people, 1 ms once analysed). On SQLite the connection caps ANALYZE's sampling
 * (see database.ts), so it stays cheap at any size. Outside any transaction only.
 *
 * PostgreSQL's search postings are also vacuumed: their counts are read off the index alone
 * only where its pages are marked all-visible, and until then each posting is a visit to the
 * table (a word's first 1,000 among a million people: 8.7 ms, 0.5 ms once vacuumed; the
 * vacuum took 0.2 s).
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (db.isTransaction) throw new Error('refresh planner statistics after the commit');
  await sql`analyze`.execute(db);
  if (engineBehind(db) === 'postgres') {
    await sql`vacuum search_postings`.execute(db);
  }
}
