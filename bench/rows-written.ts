import type { Db } from '../src/db/database.js';

/**
 * Tables whose rows an import writes itself. Left out: the migrator's own table, and SQLite's
 * FTS5 shadow tables, which only the FTS5 module writes (through the search index's triggers)
 * and no prepared insert can; their cost stays on the import's side of the ratio.
 */
const isOwnTable = (name: string) =>
  name !== 'kysely_migration' && name !== 'kysely_migration_lock' && !name.startsWith('search_fts');

/** Rows in each of the application's tables. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = (await db.introspection.getTables()).filter(
    (t) => !t.isView && isOwnTable(t.name),
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const row = await db
      .selectFrom(name)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[name] = Number(row.n);
  }
  return counts;
}

/** The rows each table gained between two counts (tables that only lost or kept rows left out). */
export function rowsGained(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([table, n]) => [table, n - (before[table] ?? 0)] as const)
      .filter(([, gained]) => gained > 0),
  );
}
