import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { habeas } from '../../../test/helpers/cli.js';
import { makePerson } from '../../../test/helpers/fixtures.js';

describe('audit log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const actions = async () => (await t.services.audit.list({ limit: 1000 })).map((e) => e.action);

  it('records every write, sign-in and confidential read, with who and from where', async () => {
    const person = await makePerson(t, { sensitivity: 'confidential' });
    await t.inject({ url: `/api/v1/people/${person.id}` });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.admin.email, password: 'wrong password!!' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: t.admin.email, password: t.admin.password },
    });
    expect(await actions()).toEqual(
      expect.arrayContaining(['record.create', 'record.read', 'auth.login_failed', 'auth.login']),
    );
    const [read] = await t.services.audit.list({ action: 'record.read', limit: 10 });
    expect(read).toMatchObject({ actor: t.admin.actor.id, targetId: person.id, ip: '127.0.0.1' });
  });

  it('does not log reads of records below confidential', async () => {
    const person = await makePerson(t, { sensitivity: 'internal' });
    await t.inject({ url: `/api/v1/people/${person.id}` });
    expect(await actions()).not.toContain('record.read');
  });

  it('keeps a record’s content out of the log', async () => {
    await makePerson(t, { givenNames: 'Zqxcanary', sensitivity: 'secret' });
    const exported = (await t.inject({ url: '/api/v1/audit/export' })).body;
    expect(exported).toContain('record.create');
    expect(exported).not.toContain('Zqxcanary');
  });

  it('lets administrators filter the log and nobody else read it', async () => {
    await makePerson(t);
    const filtered = (await t.inject({ url: '/api/v1/audit?action=record.' })).json();
    expect(filtered.items.every((e: { action: string }) => e.action.startsWith('record.'))).toBe(
      true,
    );
    const editor = await t.as('editor', 'secret');
    expect((await editor({ url: '/api/v1/audit' })).statusCode).toBe(403);
    expect((await editor({ url: '/api/v1/audit/head' })).statusCode).toBe(403);
  });

  it('commits reads arriving together in one chain, each acknowledged once stored', async () => {
    const before = await t.services.audit.head();
    const heads = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.services.audit.append({ actor: 'reader', action: 'record.read', targetId: `r${i}` }),
      ),
    );
    expect(heads.map((h) => h.seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => before.seq + i + 1),
    );
    const stored = await t.services.audit.list({ action: 'record.read', limit: 100 });
    expect(stored.map((e) => e.targetId).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `r${i}`).sort(),
    );
    const report = await t.services.audit.verify();
    expect(report).toMatchObject({ ok: true });
  });

  it('verifies an untouched chain and reports its head', async () => {
    await makePerson(t);
    await makePerson(t);
    const head = (await t.inject({ url: '/api/v1/audit/head' })).json();
    const report = (
      await t.inject({ url: `/api/v1/audit/verify?seq=${head.seq}&hash=${head.hash}` })
    ).json();
    expect(report).toMatchObject({ ok: true, head, problems: [] });
    expect(report.checked).toBe(head.seq);
  });

  it('names an edited entry', async () => {
    for (let i = 0; i < 3; i++) await makePerson(t);
    await t.database.db
      .updateTable('audit_log')
      .set({ actor: 'someone-else' })
      .where('seq', '=', 2)
      .execute();
    const report = await t.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'edited' })]);
  });

  it('names a deleted entry', async () => {
    for (let i = 0; i < 4; i++) await makePerson(t);
    await t.database.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
    const report = await t.services.audit.verify();
    expect(report.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'missing' })]);
  });

  it('names reordered entries', async () => {
    for (let i = 0; i < 4; i++) await makePerson(t);
    const rows = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', 'in', [2, 3])
      .orderBy('seq')
      .execute();
    const [second, third] = rows as Record<string, unknown>[];
    const { seq: _s2, ...secondContent } = second!;
    const { seq: _s3, ...thirdContent } = third!;
    await t.database.db.updateTable('audit_log').set(thirdContent).where('seq', '=', 2).execute();
    await t.database.db.updateTable('audit_log').set(secondContent).where('seq', '=', 3).execute();
    const report = await t.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([2, 3]));
  });

  it('detects cut-off newest entries against a head recorded earlier', async () => {
    for (let i = 0; i < 3; i++) await makePerson(t);
    const recorded = await t.services.audit.head();
    // The attacker removes the newest entries and rewinds the stored head to match.
    await t.database.db
      .deleteFrom('audit_log')
      .where('seq', '>', recorded.seq - 2)
      .execute();
    const last = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('audit_head').set({ seq: last.seq, hash: last.hash }).execute();
    expect((await t.services.audit.verify()).ok).toBe(true);
    const report = await t.services.audit.verify(recorded);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'truncated', seq: recorded.seq }),
    ]);
  });

  it('makes `habeas verify` exit non-zero naming the tampered entry', {
    timeout: 120_000,
  }, async () => {
    for (let i = 0; i < 3; i++) await makePerson(t);
    const env = { HABEAS_DATA_DIR: t.dataDir, DATABASE_URL: t.url };
    const clean = await habeas(['verify'], env);
    expect(clean.stdout).toMatch(/^ok: \d+ entries checked; head \d+:[0-9a-f]{64}/);
    await t.database.db
      .updateTable('audit_log')
      .set({ details: '{"version":99}' })
      .where('seq', '=', 2)
      .execute();
    const tampered = await habeas(['verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('entry 2 was edited');
  });
});
