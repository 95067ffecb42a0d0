import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  expectShownAfterOtherCommit,
  TEST_ENGINE,
  type TestDatabase,
} from '../../test/helpers/database.js';
import { connect, type Database, type SqliteStore } from './database.js';
import { LISTENER_APPLICATION_NAME } from './notices.js';
import { inTransaction } from './transaction.js';
import { type WriteGeneration, writeGenerationFor } from './write-generation.js';

/**
 * The write generation is what every cache of derived data trusts: it must move on for a commit
 * made here or by another process, and never while nothing was committed. On PostgreSQL it is
 * heard by LISTEN rather than read; losing that connection must fall back to reading, not to an
 * old answer.
 */
describe('the write generation', () => {
  let t: TestDatabase;
  let generation: WriteGeneration;
  /** queries the generation has sent */
  let reads = 0;
  let other: Database;
  let otherGeneration: WriteGeneration;
  beforeAll(async () => {
    t = await createTestDatabase();
    const counted = t.database.db.withPlugin({
      transformQuery: (args) => {
        reads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    generation = writeGenerationFor({ ...t.database, db: counted } as Database);
    // A second connection to the same database, as a CLI import would open.
    other = connect({ url: t.url, dataDir: t.dataDir });
    otherGeneration = writeGenerationFor(other);
  });
  afterAll(async () => {
    await other.close();
    await t.cleanup();
  });

  const commitOn = (database: Database, bumping: WriteGeneration) =>
    inTransaction(database.db, async (db) => {
      await db
        .insertInto('settings')
        .values({ key: `k${Math.random()}`, value: '1' })
        .execute();
      await bumping.bumpAfterCommit(db);
    });

  it('stays put while nothing commits, and moves at once for a commit of its own', async () => {
    const before = await generation.current();
    expect(await generation.current()).toBe(before);
    await commitOn(t.database, generation);
    const after = await generation.current();
    expect(after).not.toBe(before);
    expect(await generation.current()).toBe(after);
  });

  it('does not move for a write rolled back', async () => {
    const before = await generation.current();
    await expect(
      inTransaction(t.database.db, async (db) => {
        await generation.bumpAfterCommit(db);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await generation.current()).toBe(before);
  });

  it('moves for a commit by another process', async () => {
    const before = await generation.current();
    await commitOn(other, otherGeneration);
    await expectShownAfterOtherCommit(() => generation.current(), before, { different: true });
  });

  it.runIf(TEST_ENGINE === 'sqlite')(
    'reads the generation while a stream holds the connection',
    async () => {
      const rows = t.database.db.selectFrom('settings').select('key').stream();
      const first = rows[Symbol.asyncIterator]().next();
      const reading = generation.current();
      await first;
      for await (const _row of rows) {
        // drained, freeing the connection for the queued read
      }
      expect(typeof (await reading)).toBe('string');
    },
  );

  it.runIf(TEST_ENGINE === 'sqlite')(
    'shares one read of data_version among the requests of one turn',
    async () => {
      const database = t.database as SqliteStore;
      let versionReads = 0;
      const sharing = writeGenerationFor({
        ...database,
        dataVersion: () => {
          versionReads++;
          return database.dataVersion();
        },
      });
      await Promise.all([sharing.current(), sharing.current(), sharing.current()]);
      expect(versionReads).toBe(1);
      await new Promise((resolve) => setImmediate(resolve));
      await sharing.current();
      expect(versionReads).toBe(2);
    },
  );

  it.runIf(TEST_ENGINE === 'postgres')(
    'answers from what it heard once listening, and reads again after losing the listener',
    async () => {
      const { db } = t.database;
      const listener = () =>
        sql<{ pid: number }>`select pid from pg_stat_activity
          where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(
          db,
        );
      // In step once a read sends no query (LISTEN, then one read of the sequence).
      const sendsQuery = async () => {
        const sent = reads;
        await generation.current();
        return reads > sent;
      };
      await expect.poll(sendsQuery, { timeout: 5000, interval: 5 }).toBe(false);
      expect((await listener()).rows.length).toBeGreaterThan(0);
      // In step: answers come from notices, however many are asked.
      const before = await generation.current();
      const sent = reads;
      for (let i = 0; i < 20; i++) expect(await generation.current()).toBe(before);
      expect(reads).toBe(sent);

      // The listener's connection dropped (a restart, an administrator): a commit made before it
      // is back is still seen, by reading.
      for (const { pid } of (await listener()).rows) {
        await sql`select pg_terminate_backend(${pid})`.execute(db);
      }
      await commitOn(other, otherGeneration);
      await expectShownAfterOtherCommit(() => generation.current(), before, { different: true });
      // …and it listens again.
      await expect
        .poll(async () => (await listener()).rows.length, { timeout: 10_000 })
        .toBeGreaterThan(0);
      const later = await generation.current();
      await commitOn(other, otherGeneration);
      await expectShownAfterOtherCommit(() => generation.current(), later, { different: true });
    },
  );
});
