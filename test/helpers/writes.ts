import type { TestApp } from './app.js';

/** How many writes the database has seen: every write leaves exactly one revision. */
export async function countRevisions(t: TestApp): Promise<number> {
  const row = await t.database.db
    .selectFrom('revisions')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
