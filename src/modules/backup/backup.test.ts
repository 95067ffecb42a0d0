import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { TEST_ENGINE } from '../../../test/helpers/database.js';
import { connect, type Database, type Engine } from '../../db/database.js';
import { Conflict, IntegrityError } from '../../lib/errors.js';
import { verifyChain } from '../audit/chain.js';
import { allEntries, readHead } from '../audit/repo.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import { loadExampleData } from '../demo/load.js';
import { blocksOf, KEPT_PER_BLOCK } from '../matching/filing.js';
import { createBackup } from './backup.js';
import { listTables } from './catalog.js';
import { type Manifest, sha256OfFile } from './manifest.js';
import { restoreBackup } from './restore.js';
import { readRows } from './table-rows.js';

const ctx = { actor: { ...SYSTEM_ACTOR, id: 'system:test' } };
const PG_ADMIN_URL = process.env.HABEAS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Target {
  dataDir: string;
  databaseUrl?: string;
  cleanup(): Promise<void>;
}

/** A data directory that does not exist yet, and for PostgreSQL a new empty database. */
async function freshTarget(engine: Engine): Promise<Target> {
  const parent = await mkdtemp(path.join(tmpdir(), 'habeas-restore-test-'));
  const dataDir = path.join(parent, 'data');
  if (engine === 'sqlite') {
    return { dataDir, cleanup: () => rm(parent, { recursive: true, force: true }) };
  }
  const name = `habeas_restore_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    cleanup: async () => {
      await adminQuery(`drop database if exists ${name} with (force)`);
      await rm(parent, { recursive: true, force: true });
    },
  };
}

async function adminQuery(statement: string) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const keyOf = (row: Record<string, unknown>, primaryKey: string[]) =>
  JSON.stringify(primaryKey.map((c) => row[c]));

/**
 * Every restored row equals the live row with the same key (the writes during the backup only
 * added rows), every table holds the manifest's count, and the audit chain is whole and ends at
 * the head the backup recorded.
 */
async function expectFaithfulRestore(live: Database, restored: Database, manifest: Manifest) {
  const tables = await listTables(restored.db, restored.engine);
  expect(tables.map((t) => t.name).sort()).toEqual(Object.keys(manifest.counts).sort());
  for (const table of tables) {
    const liveRows = new Map<string, Record<string, unknown>>();
    for await (const row of readRows(live.db, table))
      liveRows.set(keyOf(row, table.primaryKey), row);
    let n = 0;
    for await (const row of readRows(restored.db, table)) {
      n++;
      if (table.name === 'audit_head') continue; // it moves with every write after the snapshot
      expect(row, `${table.name} ${keyOf(row, table.primaryKey)}`).toEqual(
        liveRows.get(keyOf(row, table.primaryKey)),
      );
    }
    expect(n, table.name).toBe(manifest.counts[table.name]);
  }
  const report = await verifyChain(allEntries(restored.db), {
    storedHead: await readHead(restored.db),
    recordedHead: manifest.auditHead,
  });
  expect(report.problems).toEqual([]);
  expect(report.head).toEqual(manifest.auditHead);
}

/** Facts that hold only for a snapshot of one instant, whatever order the tables were read in. */
async function expectPointInTime(restored: Database) {
  const sources = new Set(
    (await restored.db.selectFrom('sources').select('id').execute()).map((r) => r.id),
  );
  const citations = await restored.db.selectFrom('citations').select('source_id').execute();
  expect(citations.length).toBeGreaterThan(0);
  for (const c of citations) expect(sources.has(c.source_id)).toBe(true);
  // every record has exactly the revisions its version says, no more, no fewer
  for (const table of ['sources', 'citations', 'people']) {
    const rows = await restored.db.selectFrom(table).select(['id', 'version']).execute();
    const revisions = await restored.db
      .selectFrom('revisions')
      .select(['record_id'])
      .select((eb) => eb.fn.countAll().as('n'))
      .groupBy('record_id')
      .execute();
    const count = new Map(revisions.map((r) => [r.record_id, Number(r.n)]));
    for (const row of rows) expect(count.get(row.id), `${table} ${row.id}`).toBe(row.version);
  }
}

async function expectAttachments(dataDir: string, manifest: Manifest) {
  expect(manifest.attachments.length).toBeGreaterThanOrEqual(2);
  for (const sha256 of manifest.attachments) {
    expect(await sha256OfFile(path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256))).toBe(
      sha256,
    );
  }
}

describe('backup and restore', () => {
  let t: TestApp;
  let personId: string;
  const cleanups: (() => Promise<void>)[] = [];
  const scratch = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'habeas-backup-test-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await loadExampleData(t.services, ctx);
    const person = await t.services.people.create(ctx, {
      givenNames: 'Andry',
      familyNames: 'Hernández Romero',
    });
    personId = person.id;
    const source = await t.services.sources.create(ctx, {
      kind: 'ngo_report',
      title: 'You Have Arrived in Hell',
      publisher: 'Human Rights Watch',
      publishedAt: '2025-11',
    });
    for (const text of ['first declaration', 'second declaration']) {
      await t.services.attachments.upload(ctx, source.id, {
        stream: Readable.from([Buffer.from(text)]),
        filename: `${text}.txt`,
        mediaType: 'text/plain',
      });
    }
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await t.close();
  });

  /** Adds a source and a citation of it, again and again, until told to stop. */
  function keepWriting() {
    let stop = false;
    let writes = 0;
    let failure: unknown = null;
    const running = (async () => {
      while (!stop) {
        const source = await t.services.sources.create(ctx, {
          kind: 'news_article',
          title: `Report ${writes}`,
          publishedAt: '2025-04',
        });
        await t.services.citations.create(ctx, {
          recordType: 'person',
          recordId: personId,
          sourceId: source.id,
          locator: `p. ${writes}`,
        });
        writes++;
        // SQLite answers within microtasks: yield to timers and I/O so the backup runs meanwhile.
        await setImmediate();
      }
    })().catch((error) => {
      failure = error;
    });
    return {
      writes: () => {
        if (failure) throw failure;
        return writes;
      },
      stop: async () => {
        stop = true;
        await running;
        if (failure) throw failure;
      },
    };
  }

  it('backs up while writes go on, and restores every row, revision, audit entry and file', {
    timeout: 180_000,
  }, async () => {
    const out = path.join(await scratch(), 'habeas.tar.gz');
    const writer = keepWriting();
    while (writer.writes() < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = writer.writes();
    const { manifest } = await createBackup(t.services, out, { actor: 'system:test' });
    const during = writer.writes() - before;
    await writer.stop();
    expect(during).toBeGreaterThan(0);
    expect(manifest.engine).toBe(TEST_ENGINE);
    // the writes that landed after the snapshot are not in it
    const liveSources = await t.services.database.db.selectFrom('sources').select('id').execute();
    expect(liveSources.length).toBeGreaterThan(manifest.counts.sources ?? 0);

    const target = await freshTarget(TEST_ENGINE);
    cleanups.push(target.cleanup);
    const result = await restoreBackup({ from: out, ...target });
    expect(result.method).toBe(TEST_ENGINE === 'sqlite' ? 'sqlite-file' : 'rows');
    const restored = connect({ url: target.databaseUrl, dataDir: target.dataDir });
    try {
      await expectFaithfulRestore(t.services.database, restored, manifest);
      await expectPointInTime(restored);
      await expectAttachments(target.dataDir, manifest);
    } finally {
      await restored.close();
    }
  });

  it('restores into the other engine, row by row', { timeout: 180_000 }, async () => {
    const out = path.join(await scratch(), 'backup-dir');
    const { manifest } = await createBackup(t.services, out, { actor: 'system:test' });
    const other: Engine = TEST_ENGINE === 'sqlite' ? 'postgres' : 'sqlite';
    const target = await freshTarget(other);
    cleanups.push(target.cleanup);
    const result = await restoreBackup({ from: out, ...target });
    expect(result).toMatchObject({ method: 'rows', engine: other });
    const restored = connect({ url: target.databaseUrl, dataDir: target.dataDir });
    try {
      await expectFaithfulRestore(t.services.database, restored, manifest);
      await expectAttachments(target.dataDir, manifest);
      // the search index is rebuilt from the restored records
      const indexed = await restored.db.selectFrom('search_index').select('record_id').execute();
      expect(indexed.length).toBeGreaterThan(0);
      // people filed after the restore are numbered past the restored ones
      const { highest } = await restored.db
        .selectFrom('match_people')
        .select((eb) => eb.fn.max('number').as('highest'))
        .executeTakeFirstOrThrow();
      expect(Number(highest)).toBeGreaterThan(0);
      const next = await restored.db
        .insertInto('match_people')
        .values({ person_id: 'filed-after-restore', match_keys: '[]' })
        .returning('number')
        .executeTakeFirstOrThrow();
      expect(Number(next.number)).toBe(Number(highest) + 1);
      // each block's kept newest members are rebuilt in the target engine's own storage
      const { rows } = await sql<{ match_key: string }>`
        select distinct match_key from match_block_members`.execute(restored.db);
      expect(rows.length).toBeGreaterThan(0);
      const kept = await blocksOf(
        restored.db,
        restored.engine,
        rows.map((r) => r.match_key),
        KEPT_PER_BLOCK - 1,
      );
      expect(kept.size).toBe(rows.length);
      for (const { match_key } of rows) {
        const members = await restored.db
          .selectFrom('match_block_members')
          .select('person_number')
          .where('match_key', '=', match_key)
          .orderBy('person_number', 'desc')
          .limit(KEPT_PER_BLOCK)
          .execute();
        expect([...(kept.get(match_key) ?? [])]).toEqual(
          members.map((m) => Number(m.person_number)),
        );
      }
    } finally {
      await restored.close();
    }
  });

  it('refuses a damaged backup before writing anything', { timeout: 120_000 }, async () => {
    const dir = path.join(await scratch(), 'backup-dir');
    const { manifest } = await createBackup(t.services, dir, { actor: 'system:test' });
    const target = await freshTarget(TEST_ENGINE);
    cleanups.push(target.cleanup);

    // one changed byte in an attachment
    const attachment = manifest.attachments[0] as string;
    await appendFile(path.join(dir, 'attachments', attachment.slice(0, 2), attachment), 'x');
    const damaged = restoreBackup({ from: dir, ...target });
    await expect(damaged).rejects.toThrow(IntegrityError);
    await expect(damaged).rejects.toThrow(/attachments\/.+ does not match its hash/);
    expect(await readdir(target.dataDir).catch(() => 'absent')).toBe('absent');

    // a truncated archive
    const archive = path.join(await scratch(), 'cut.tar.gz');
    const good = path.join(path.dirname(archive), 'good.tar.gz');
    await createBackup(t.services, good, { actor: 'system:test' });
    const bytes = await readFile(good);
    await writeFile(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restoreBackup({ from: archive, ...target })).rejects.toThrow(IntegrityError);
    expect(await readdir(target.dataDir).catch(() => 'absent')).toBe('absent');
    if (target.databaseUrl) {
      const database = connect({ url: target.databaseUrl, dataDir: target.dataDir });
      const tables = await listTables(database.db, 'postgres');
      await database.close();
      expect(tables).toEqual([]);
    }
  });

  it('refuses a target that holds data unless forced', { timeout: 120_000 }, async () => {
    const out = path.join(await scratch(), 'habeas.tar.gz');
    await createBackup(t.services, out, { actor: 'system:test' });
    const target = await freshTarget(TEST_ENGINE);
    cleanups.push(target.cleanup);
    await restoreBackup({ from: out, ...target });

    const again = restoreBackup({ from: out, ...target });
    await expect(again).rejects.toThrow(Conflict);
    await expect(again).rejects.toThrow(/not empty.*--force/);

    const forced = await restoreBackup({ from: out, ...target, force: true });
    expect(Object.values(forced.counts).some((n) => n > 0)).toBe(true);
  });

  it('will not write a backup over an existing file or into a non-empty directory', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'taken.tar.gz');
    await writeFile(file, 'not a backup');
    await expect(createBackup(t.services, file, { actor: 'system:test' })).rejects.toThrow(
      /already exists/,
    );
    await expect(createBackup(t.services, dir, { actor: 'system:test' })).rejects.toThrow(
      /not empty/,
    );
    expect(await readFile(file, 'utf8')).toBe('not a backup');
  });
});
