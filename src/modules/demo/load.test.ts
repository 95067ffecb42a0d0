import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import type { ApiRecord, RecordService } from '../records/service.js';
import {
  EXAMPLE_DATA_SETTING,
  isDatabaseEmpty,
  type LoadResult,
  loadDataSet,
  loadExampleData,
} from './load.js';

const EXPECTED_COUNTS = {
  sources: 11,
  organizations: 11,
  places: 5,
  people: 9,
  'custody-events': 20,
  citations: 64,
};

const DETAINED_MEN = [
  'Ramos Ramos',
  'Blanco Bonilla',
  'Vega Sandia',
  'Muñoz Pinto',
  'Reyes Barrios',
];

async function listAll(t: TestApp, service: Pick<RecordService, 'list'>, filters = {}) {
  return (await service.list(t.ctx, { limit: 200, filters })).items;
}

async function countRows(t: TestApp, table: string): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function findOne(t: TestApp, service: Pick<RecordService, 'list'>, q: string) {
  const [record, ...others] = (await service.list(t.ctx, { q })).items;
  if (!record || others.length > 0) throw new Error(`expected exactly one match for "${q}"`);
  return record;
}

/** A person's custody chain in date order, reduced to the fields a reader of it cares about. */
async function custodyChain(t: TestApp, personId: string) {
  const events = await listAll(t, t.services.custody, { personId });
  return events.map((e) => ({
    kind: e.kind,
    occurredAt: e.occurredAt,
    fromPlaceId: e.fromPlaceId,
    placeId: e.placeId,
    custodianId: e.custodianId,
    jurisdiction: e.jurisdiction,
    confidence: e.confidence,
  }));
}

describe('loading the CECOT 2025 example data set', () => {
  let t: TestApp;
  let result: LoadResult;
  beforeAll(async () => {
    t = await createTestApp();
    result = await loadExampleData(t.services, t.ctx);
  });
  afterAll(() => t.close());

  it('creates every record of the data set and reports how many of each', async () => {
    expect(result).toEqual({ loaded: true, counts: EXPECTED_COUNTS });
    const { services } = t;
    expect((await listAll(t, services.sources)).length).toBe(EXPECTED_COUNTS.sources);
    expect((await listAll(t, services.organizations)).length).toBe(EXPECTED_COUNTS.organizations);
    expect((await listAll(t, services.places)).length).toBe(EXPECTED_COUNTS.places);
    expect((await listAll(t, services.people)).length).toBe(EXPECTED_COUNTS.people);
    expect((await listAll(t, services.custody)).length).toBe(EXPECTED_COUNTS['custody-events']);
    expect((await listAll(t, services.citations)).length).toBe(EXPECTED_COUNTS.citations);
  });

  it('writes a revision for every record it creates', async () => {
    const total = Object.values(EXPECTED_COUNTS).reduce((sum, n) => sum + n, 0);
    expect(await countRows(t, 'revisions')).toBe(total);
  });

  it('records in the settings which data set it loaded', async () => {
    const row = await t.database.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', EXAMPLE_DATA_SETTING)
      .executeTakeFirst();
    expect(row?.value).toBe('cecot-2025@1');
  });

  it('writes nothing when the data set is already loaded', async () => {
    const revisionsBefore = await countRows(t, 'revisions');
    expect(await loadExampleData(t.services, t.ctx)).toEqual({ loaded: false, counts: {} });
    expect(await countRows(t, 'revisions')).toBe(revisionsBefore);
    expect(await countRows(t, 'people')).toBe(EXPECTED_COUNTS.people);
  });

  it('no longer reports the database as empty', async () => {
    expect(await isDatabaseEmpty(t.services)).toBe(false);
  });

  it('cites a source for every organization, place, person and custody event', async () => {
    const { services } = t;
    for (const service of [
      services.organizations,
      services.places,
      services.people,
      services.custody,
    ] as Pick<RecordService, 'list' | 'get'>[]) {
      for (const record of await listAll(t, service)) {
        const { citations } = (await service.get(t.ctx, record.id)) as ApiRecord & {
          citations: unknown[];
        };
        expect(citations.length, `${JSON.stringify(record)} has no citation`).toBeGreaterThan(0);
      }
    }
  });

  it('cites a news article for every release in July 2025', async () => {
    const releases = await listAll(t, t.services.custody, { kind: 'released' });
    expect(releases).toHaveLength(DETAINED_MEN.length);
    for (const release of releases) {
      const { citations } = (await t.services.custody.get(t.ctx, release.id)) as ApiRecord & {
        citations: { sourceId: string }[];
      };
      const sources = await t.services.sources.findVisible(
        t.ctx,
        citations.map((c) => c.sourceId),
      );
      expect(sources.map((s) => s.kind)).toContain('news_article');
    }
  });

  it('records Jerce Reyes Barrios as removed in March 2025, held in CECOT by the Salvadoran prison authority and released in July 2025', async () => {
    const { services } = t;
    const jerce = await findOne(t, services.people, 'Reyes Barrios');
    const cecot = await findOne(t, services.places, 'CECOT');
    const unitedStates = await findOne(t, services.places, 'United States');
    const elSalvador = await findOne(t, services.places, 'El Salvador');
    const venezuela = await findOne(t, services.places, 'Venezuela');
    const ice = await findOne(t, services.organizations, 'Immigration and Customs Enforcement');
    const prisonAuthority = await findOne(t, services.organizations, 'Prison authority');
    expect(prisonAuthority.kind).toBe('prison_authority');

    expect(await custodyChain(t, jerce.id)).toEqual([
      {
        kind: 'detained',
        occurredAt: '2025',
        placeId: unitedStates.id,
        custodianId: ice.id,
        jurisdiction: 'US',
        confidence: 'reported',
      },
      {
        kind: 'removed',
        occurredAt: '2025-03',
        fromPlaceId: unitedStates.id,
        placeId: elSalvador.id,
        custodianId: ice.id,
        jurisdiction: 'US',
        confidence: 'reported',
      },
      {
        kind: 'handed_over',
        occurredAt: '2025-03',
        placeId: cecot.id,
        custodianId: prisonAuthority.id,
        jurisdiction: 'SV',
        confidence: 'reported',
      },
      {
        kind: 'released',
        occurredAt: '2025-07',
        fromPlaceId: cecot.id,
        placeId: venezuela.id,
        jurisdiction: 'VE',
        confidence: 'reported',
      },
    ]);
  });

  it('gives each detained man the same four-step chain with dates kept to the month or year', async () => {
    for (const familyNames of DETAINED_MEN) {
      const man = await findOne(t, t.services.people, familyNames);
      const chain = await custodyChain(t, man.id);
      expect(chain.map((e) => [e.kind, e.occurredAt])).toEqual([
        ['detained', '2025'],
        ['removed', '2025-03'],
        ['handed_over', '2025-03'],
        ['released', '2025-07'],
      ]);
    }
  });

  it('publishes the detained men by name, as they spoke publicly', async () => {
    const detained = await listAll(t, t.services.people, { role: 'detained' });
    expect(detained.map((p) => p.familyNames).sort()).toEqual([...DETAINED_MEN].sort());
    for (const man of detained) {
      expect(man).toMatchObject({
        sensitivity: 'public',
        consentToPublication: 'publish_named',
        nationalities: ['VE'],
      });
    }
  });

  it('keeps occupations cited to the interview that reported them', async () => {
    const jerce = await t.services.people.get(
      t.ctx,
      (await findOne(t, t.services.people, 'Reyes Barrios')).id,
    );
    expect(jerce.occupation).toBe('amateur soccer player');
    const abc = await findOne(t, t.services.sources, 'ABC News interview');
    expect(jerce.citations).toContainEqual(
      expect.objectContaining({ sourceId: abc.id, field: 'occupation' }),
    );
  });
});

describe('loading a broken data set', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const citing = [{ sourceId: '@report' }];
  const brokenMidway = {
    name: 'broken',
    version: 1,
    sources: [{ key: 'report', kind: 'news_article', title: 'A report', sensitivity: 'public' }],
    organizations: [
      {
        key: 'prison-authority',
        name: 'Prison authority',
        kind: 'prison_authority',
        citations: citing,
      },
    ],
    people: [{ key: 'someone', givenNames: 'Someone', citations: citing }],
    'custody-events': [
      // A release leaves nobody holding the person, so naming a custodian is refused.
      {
        key: 'bad-release',
        personId: '@someone',
        kind: 'released',
        occurredAt: '2025-07',
        custodianId: '@prison-authority',
        citations: citing,
      },
    ],
  };

  it('leaves the database empty when a record fails validation midway', async () => {
    await expect(loadDataSet(t.services, t.ctx, brokenMidway)).rejects.toMatchObject({
      code: 'invalid',
      issues: [expect.objectContaining({ field: 'custody-events.bad-release.custodianId' })],
    });
    expect(await isDatabaseEmpty(t.services)).toBe(true);
    expect(await countRows(t, 'revisions')).toBe(0);
    expect(await countRows(t, 'citations')).toBe(0);
    expect(await countRows(t, 'settings')).toBe(0);
  });

  it('still loads the example data after a failed attempt', async () => {
    await expect(loadDataSet(t.services, t.ctx, brokenMidway)).rejects.toThrow();
    expect((await loadExampleData(t.services, t.ctx)).loaded).toBe(true);
  });

  it('rejects a reference to an unknown key, naming the record and the key', async () => {
    const misspelt = {
      ...brokenMidway,
      'custody-events': [{ key: 'event', personId: '@someon', kind: 'detained' }],
    };
    await expect(loadDataSet(t.services, t.ctx, misspelt)).rejects.toMatchObject({
      issues: [
        {
          field: 'custody-events.event.personId',
          code: 'unknown_key',
          reason: 'refers to @someon, which no record defines',
        },
      ],
    });
    expect(await isDatabaseEmpty(t.services)).toBe(true);
  });

  it('rejects a reference inside an inline citation to a key defined later', async () => {
    const outOfOrder = {
      name: 'out-of-order',
      version: 1,
      organizations: [{ key: 'org', name: 'Org', kind: 'ngo', citations: [{ sourceId: '@late' }] }],
      places: [{ key: 'late', name: 'Not a source', kind: 'city' }],
    };
    await expect(loadDataSet(t.services, t.ctx, outOfOrder)).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          field: 'organizations.org.citations.0.sourceId',
          code: 'key_defined_later',
        }),
      ],
    });
  });

  it('rejects a data set with a section it does not know', async () => {
    await expect(
      loadDataSet(t.services, t.ctx, { name: 'x', version: 1, allegations: [] }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'allegations' })] });
  });
});
