import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { connect, type Database } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { AuditLog } from './service.js';

/**
 * Two servers on one database each append reads in groups chained to the head they last saw,
 * while writes append inside their own transactions: whichever gets in first, every entry lands
 * once, in one unbroken chain, and each caller is told the place its entry took.
 */
describe('audit appends from two servers at once', () => {
  let t: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    // SQLite is one server's own file: its second log shares the connection (a second
    // connection's deferred transaction could not take the write lock from under a read).
    other =
      t.database.engine === 'postgres' ? connect({ url: t.url, dataDir: t.dataDir }) : t.database;
  });
  afterAll(async () => {
    if (other !== t.database) await other.close();
    await t.cleanup();
  });

  it('keeps one chain, every entry once, each acknowledged with its own place', async () => {
    const first = new AuditLog(t.database);
    const second = new AuditLog(other);
    const read = (log: AuditLog, n: number) =>
      log.append({ actor: 'reader', action: 'record.read', targetId: `r${n}` });
    const write = (n: number) =>
      inTransaction(t.database.db, (trx) =>
        first.append({ actor: 'writer', action: 'record.update', targetId: `w${n}` }, trx),
      );
    const acknowledged = [];
    for (let round = 0; round < 6; round++) {
      // both logs' heads go stale every round: each has to find the chain's new head
      acknowledged.push(
        ...(await Promise.all([
          ...Array.from({ length: 5 }, (_, i) => read(first, round * 100 + i)),
          ...Array.from({ length: 5 }, (_, i) => read(second, round * 100 + 50 + i)),
          write(round),
        ])),
      );
    }

    const entries = await first.list({ limit: 1000 });
    expect(entries).toHaveLength(66);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 66 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.targetId)).size).toBe(66);
    // each caller was told where its entry went, and no two were told the same
    expect(new Set(acknowledged.map((head) => head.seq)).size).toBe(66);
    for (const head of acknowledged) {
      expect(entries.find((e) => e.seq === head.seq)?.hash).toBe(head.hash);
    }
    expect(await first.verify()).toMatchObject({ ok: true });
    expect(await second.head()).toEqual(acknowledged.sort((a, b) => b.seq - a.seq)[0]);
  });
});
