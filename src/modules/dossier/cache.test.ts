import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { expectShownAfterOtherCommit } from '../../../test/helpers/database.js';
import { makeOrganization, makePerson, post } from '../../../test/helpers/fixtures.js';
import { connect } from '../../db/database.js';
import { GenerationCache } from '../../db/generation-cache.js';
import { afterCommit, inTransaction } from '../../db/transaction.js';
import { writeGenerationFor } from '../../db/write-generation.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import { createServices } from '../services.js';

/**
 * The dossier is served from a cache that a committed record write empties (the write
 * generation): a repeated read must never show what a write changed, nor one caller's view to
 * another, nor go unaudited.
 */
describe('the dossier cache', () => {
  let t: TestApp;
  let ice: { id: string };
  beforeAll(async () => {
    t = await createTestApp();
    ice = await makeOrganization(t, { name: 'ICE', kind: 'agency', country: 'US' });
  });
  afterAll(() => t.close());

  const dossierOf = async (inject: TestApp['inject'], id: string) => {
    const response = await inject({ url: `/api/v1/people/${id}/dossier` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response;
  };
  const detain = (personId: string, occurredAt: string, sensitivity = 'internal') =>
    post(t, 'custody-events', {
      personId,
      kind: 'detained',
      occurredAt,
      custodianId: ice.id,
      sensitivity,
    });
  const eventsIn = (body: string) =>
    (JSON.parse(body) as { custody: { events: { id: string }[] } }).custody.events.map((e) => e.id);

  it('answers a repeated read alike, and shows a write committed since', async () => {
    const person = await makePerson(t, { givenNames: 'Repetido' });
    const first = await dossierOf(t.inject, person.id);
    expect((await dossierOf(t.inject, person.id)).body).toBe(first.body);
    const event = await detain(person.id, '2025-03-01');
    expect(eventsIn((await dossierOf(t.inject, person.id)).body)).toEqual([event.id]);
    // A write elsewhere (the custodian's name) reaches the dossier's labels too.
    await t.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${ice.id}`,
      payload: { name: 'Immigration and Customs Enforcement' },
    });
    const relabelled = JSON.parse((await dossierOf(t.inject, person.id)).body);
    expect(relabelled.labels[ice.id]).toBe('Immigration and Customs Enforcement');
  });

  it('never hands one clearance the dossier cached for another', async () => {
    const person = await makePerson(t, { givenNames: 'Reservado' });
    const secret = await detain(person.id, '2025-03-02', 'confidential');
    expect(eventsIn((await dossierOf(t.inject, person.id)).body)).toEqual([secret.id]);
    const viewer = await t.as('viewer', 'internal');
    const seen = await dossierOf(viewer, person.id);
    expect(eventsIn(seen.body)).toEqual([]);
    expect(seen.body).not.toContain(secret.id);
  });

  it('audits every read of a confidential record, from the cache or not', async () => {
    const person = await makePerson(t, { givenNames: 'Auditado' });
    const event = await detain(person.id, '2025-03-03', 'confidential');
    const reader = await t.as('viewer', 'confidential');
    await dossierOf(reader, person.id);
    await dossierOf(reader, person.id);
    const entries = await t.services.audit.list({ action: 'dossier.read', limit: 100 });
    const about = entries.filter((e) => e.targetId === person.id);
    expect(about).toHaveLength(2);
    for (const entry of about) expect(entry.details).toEqual({ ids: [event.id] });
  });

  it('reads the write generation once a request, whatever the route', async () => {
    const person = await makePerson(t, { givenNames: 'Contado' });
    const generation = t.services.writeGeneration;
    const current = generation.current;
    let reads = 0;
    generation.current = () => {
      reads++;
      return current();
    };
    try {
      await dossierOf(t.inject, person.id);
      await dossierOf(t.inject, person.id);
      expect(reads).toBe(2);
      const list = await t.inject({ url: '/api/v1/people?limit=5' });
      expect(list.statusCode).toBe(200);
      expect(reads).toBe(3);
      // a route without a cache reads it too, for the caller's credential
      expect((await t.inject({ url: `/api/v1/people/${person.id}` })).statusCode).toBe(200);
      expect(reads).toBe(4);
    } finally {
      generation.current = current;
    }
  });

  it('shows a write committed by another process on the same database', async () => {
    const person = await makePerson(t, { givenNames: 'Otro' });
    await dossierOf(t.inject, person.id);
    // A second connection, as a CLI import would open.
    const other = connect({ url: t.url, dataDir: t.dataDir });
    try {
      const services = createServices(other, { dataDir: t.dataDir });
      const event = await services.custody.create(
        { actor: SYSTEM_ACTOR },
        { personId: person.id, kind: 'detained', occurredAt: '2025-03-04', custodianId: ice.id },
      );
      await expectShownAfterOtherCommit(
        async () => eventsIn((await dossierOf(t.inject, person.id)).body),
        [event.id],
      );
    } finally {
      await other.close();
    }
  });
});

describe('afterCommit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('moves the write generation from a fresh database’s first write on', async () => {
    const generation = writeGenerationFor(t.database);
    const seen = [await generation.current()];
    for (let i = 0; i < 2; i++) {
      await generation.bumpAfterCommit(t.database.db);
      seen.push(await generation.current());
    }
    expect(new Set(seen).size).toBe(3);
  });

  it('runs once the outermost transaction commits, and never after a rollback', async () => {
    const ran: string[] = [];
    await inTransaction(t.database.db, async (outer) => {
      await inTransaction(outer, async (inner) => {
        await afterCommit(inner, async () => {
          ran.push('committed');
        });
      });
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);
    await expect(
      inTransaction(t.database.db, async (trx) => {
        await afterCommit(trx, async () => {
          ran.push('rolled back');
        });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ran).toEqual(['committed']);
  });
});

describe('GenerationCache', () => {
  const fixedGeneration = (value: { now: string }) => ({
    current: async () => value.now,
    bumpAfterCommit: async () => {},
  });

  it('drops the least recently used entries past its size, and keeps nothing too big', async () => {
    const generation = { now: '1' };
    const cache = new GenerationCache<string>(fixedGeneration(generation), {
      maxSize: 10,
      sizeOf: (value) => value.length,
    });
    let computed = 0;
    const get = (key: string, value: string) =>
      cache.get(key, async () => {
        computed++;
        return value;
      });
    await get('a', 'aaaa');
    await get('b', 'bbbb');
    expect((await get('a', 'aaaa')).cached).toBe(true); // a is now the most recent
    await get('c', 'cccc'); // 12 > 10: b, the least recent, goes
    expect((await get('a', 'aaaa')).cached).toBe(true);
    expect((await get('b', 'bbbb')).cached).toBe(false);
    await get('huge', 'h'.repeat(11));
    expect((await get('huge', 'h'.repeat(11))).cached).toBe(false);
    generation.now = '2';
    expect((await get('a', 'aaaa')).cached).toBe(false);
    expect(computed).toBe(7);
  });
});
