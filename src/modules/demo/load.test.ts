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
  allegations: 5,
  proceedings: 1,
  'proceeding-events': 1,
  incidents: 5,
  testimonies: 5,
  statements: 5,
  claims: 1,
  citations: 106,
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
    expect((await listAll(t, services.allegations)).length).toBe(EXPECTED_COUNTS.allegations);
    expect((await listAll(t, services.proceedings)).length).toBe(EXPECTED_COUNTS.proceedings);
    expect((await listAll(t, services.proceedingEvents)).length).toBe(
      EXPECTED_COUNTS['proceeding-events'],
    );
    expect((await listAll(t, services.incidents)).length).toBe(EXPECTED_COUNTS.incidents);
    expect((await listAll(t, services.testimonies)).length).toBe(EXPECTED_COUNTS.testimonies);
    expect((await listAll(t, services.statements)).length).toBe(EXPECTED_COUNTS.statements);
    expect((await listAll(t, services.claims)).length).toBe(EXPECTED_COUNTS.claims);
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

  it('cites a source for every record but the sources themselves', async () => {
    const { services } = t;
    for (const service of [
      services.organizations,
      services.places,
      services.people,
      services.custody,
      services.allegations,
      services.proceedings,
      services.proceedingEvents,
      services.incidents,
      services.testimonies,
      services.statements,
      services.claims,
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

  it('records the Tren de Aragua allegation against each man: asserted by the U.S., denied, never charged', async () => {
    const usGovernment = await findOne(
      t,
      t.services.organizations,
      'Government of the United States',
    );
    for (const familyNames of DETAINED_MEN) {
      const man = await findOne(t, t.services.people, familyNames);
      const allegations = await listAll(t, t.services.allegations, { personId: man.id });
      expect(allegations).toEqual([
        expect.objectContaining({
          madeByOrganizationId: usGovernment.id,
          claim: 'member of Tren de Aragua',
          category: 'gang_membership',
          group: 'Tren de Aragua',
          basis: ['tattoo'],
          legalInstrument: 'Alien Enemies Act',
          status: 'asserted',
          response: 'denies',
          sensitivity: 'public',
        }),
      ]);
    }
  });

  it("records that Jerce Reyes Barrios's tattoo, the allegation's basis, was a Real Madrid logo", async () => {
    const jerce = await findOne(t, t.services.people, 'Reyes Barrios');
    const abc = await findOne(t, t.services.sources, 'ABC News interview');
    const [allegation] = await listAll(t, t.services.allegations, { personId: jerce.id });
    expect(allegation?.evidence).toEqual([
      { stance: 'refutes', description: 'the tattoo was a Real Madrid logo', sourceId: abc.id },
    ]);
  });

  it('resolves keys inside nested lists: parties, judges, victims, excerpts, positions and links', async () => {
    const { services } = t;
    const men = await Promise.all(DETAINED_MEN.map((name) => findOne(t, services.people, name)));
    const menIds = men.map((m) => m.id);
    const luis = await findOne(t, services.people, 'Muñoz Pinto');
    const gelernt = await findOne(t, services.people, 'Gelernt');
    const boasberg = await findOne(t, services.people, 'Boasberg');
    const usGovernment = await findOne(
      t,
      services.organizations,
      'Government of the United States',
    );
    const prisonAuthority = await findOne(t, services.organizations, 'Prison authority');
    const ddc = await findOne(t, services.organizations, 'District of Columbia');
    const cecot = await findOne(t, services.places, 'CECOT');

    const proceeding = await findOne(t, services.proceedings, 'J.G.G.');
    expect(proceeding).toMatchObject({
      docketNumber: '1:25-cv-00766',
      kind: 'class_action',
      status: 'active',
      forumId: ddc.id,
      judgeIds: [boasberg.id],
    });
    const parties = proceeding.parties as {
      personId?: string;
      organizationId?: string;
      role: string;
    }[];
    expect(parties.filter((p) => p.role === 'class_member').map((p) => p.personId)).toEqual(menIds);
    expect(parties).toContainEqual(
      expect.objectContaining({ personId: gelernt.id, role: 'counsel' }),
    );
    expect(parties).toContainEqual(
      expect.objectContaining({ organizationId: usGovernment.id, role: 'respondent' }),
    );

    const beatings = await listAll(t, services.incidents, { kind: 'beating' });
    expect(beatings.map((i) => i.victimIds)).toEqual([menIds]);
    const [threats] = await listAll(t, services.incidents, { kind: 'threats' });
    expect(threats?.victimIds).toEqual([luis.id]);
    const [luisAccount] = await listAll(t, services.testimonies, { givenById: luis.id });
    const excerpts = luisAccount?.excerpts as { incidentIds: string[] }[];
    expect(excerpts.map((e) => e.incidentIds)).toEqual([[threats?.id], [threats?.id]]);

    const claim = (await listAll(t, services.claims))[0]!;
    const positions = claim.positions as { statementId: string; stance: string }[];
    const statementOf = async (id: string) => (await services.statements.get(t.ctx, id)).text;
    expect(
      await Promise.all(positions.map(async (p) => [p.stance, await statementOf(p.statementId)])),
    ).toEqual([
      ['asserts', 'Responsibility for the men held in CECOT lay with the United States.'],
      [
        'denies',
        'The administration had no control over what happened to the men once they were in Salvadoran custody.',
      ],
    ]);
    expect((claim.about as { recordId: string }[]).map((a) => a.recordId)).toEqual([
      ...menIds,
      cecot.id,
      prisonAuthority.id,
    ]);
  });

  it('marks the claim about responsibility for the men in CECOT as contested', async () => {
    const contested = await listAll(t, t.services.claims, { contested: 'true' });
    expect(contested.map((c) => c.text)).toEqual([
      'The United States remained responsible for the men held in CECOT',
    ]);
  });

  it('records the December 2025 ruling in J.G.G. v. Trump as an order still to be complied with', async () => {
    const proceeding = await findOne(t, t.services.proceedings, 'J.G.G.');
    const events = await listAll(t, t.services.proceedingEvents, { proceedingId: proceeding.id });
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'ruling',
        occurredAt: '2025-12',
        order: expect.objectContaining({
          directive: expect.stringContaining('remotely from abroad'),
          compliance: 'pending',
        }),
      }),
    ]);
    const { citations } = (await t.services.proceedingEvents.get(
      t.ctx,
      events[0]!.id,
    )) as ApiRecord & { citations: { quote?: string }[] };
    expect(citations.map((c) => c.quote)).toContain(
      'cannot just send people off to a brutal foreign prison with zero due process and simply walk away',
    );
  });

  it('records the reported harm in CECOT under incident_kind codes, dated to the month', async () => {
    const incidents = await listAll(t, t.services.incidents);
    expect(incidents.map((i) => i.kind).sort()).toEqual([
      'beating',
      'food_deprivation',
      'medical_neglect',
      'threats',
      'torture',
    ]);
    for (const incident of incidents) {
      expect(incident).toMatchObject({ occurredFrom: '2025-03', confidence: 'reported' });
    }
  });

  it('quotes the men only where reporting quotes them, with their consent to be named', async () => {
    const testimonies = await listAll(t, t.services.testimonies);
    for (const testimony of testimonies) {
      expect(testimony).toMatchObject({ consentScope: 'publish_named', sensitivity: 'public' });
    }
    const quoted = testimonies.flatMap((x) => (x.excerpts as { text: string }[] | undefined) ?? []);
    expect(quoted.map((e) => e.text)).toEqual([
      'never see the light of day or night again',
      'Welcome to hell',
    ]);
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
      loadDataSet(t.services, t.ctx, { name: 'x', version: 1, hearings: [] }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'hearings' })] });
  });
});
