import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportItem } from '../item.js';
import { releaseOf } from './ddp-columns.js';
import { ddpFacilitiesReader } from './ddp-facilities.js';
import { ddpIceReader } from './ddp-ice.js';
import { writeIceRawWorkbook } from './fixtures/ice-raw-workbook.js';
import { collect } from './read-output.js';

const DATA = join(import.meta.dirname, '../../../../../shared/data');
const DETAINERS = join(DATA, 'ddp-detainers-sample-st-cloud.csv');
const FACILITIES = join(DATA, 'ddp-facility-locations-oct2025.tsv');
const ofType = (items: ImportItem[], type: string) => items.filter((i) => i.type === type);

describe('DDP processed detainers (real St. Cloud slice)', () => {
  it('makes one anonymous person and one detainer event per row, scoped by release', async () => {
    const { items, problems } = await collect(ddpIceReader.read(DETAINERS));
    expect(problems).toEqual([]);
    expect(ofType(items, 'source')).toHaveLength(1);
    expect(ofType(items, 'person')).toHaveLength(22);
    expect(ofType(items, 'custody_event')).toHaveLength(22);
    expect(ofType(items, 'allegation')).toHaveLength(0); // the gang column is NO or NA throughout
    const release = '2026-ICLI-00005:2026-03-11';
    const person = items.find(
      (i) => i.externalId === `ddp:${release}:person:00e8e54f78dbbfe579f409c4f14534ae7650e3c2`,
    );
    expect(person?.body).toMatchObject({ sex: 'male', birthDate: '1996', nationalities: ['MX'] });
    expect(person?.citeSources).toEqual([
      {
        externalId: `ddp:${release}:detainers`,
        locator: '2026-ICLI-00005_Detainers_FY26_20260311_Redacted:FY2026:328',
      },
    ]);
    const event = ofType(items, 'custody_event')[0];
    expect(event?.body).toMatchObject({ kind: 'detained', occurredAt: '2026-02-11' });
    expect(String(event?.body.description)).toContain('Detainer Declined by LEA');
    expect(event?.refs?.custodianId).toBeUndefined(); // the jail holds the person, not ICE
    // ICE's "LAOS" is not an ISO name; the spelling table maps it
    const nationalities = ofType(items, 'person').flatMap((p) => p.body.nationalities as string[]);
    expect(nationalities).toContain('LA');
  });

  it('keeps the same ids on a second read and different ids for another release', async () => {
    const first = await collect(ddpIceReader.read(DETAINERS));
    const again = await collect(ddpIceReader.read(DETAINERS));
    expect(again.items.map((i) => i.externalId)).toEqual(first.items.map((i) => i.externalId));
    const later = await collect(ddpIceReader.read(DETAINERS, { release: '2026-06' }));
    const laterPeople = ofType(later.items, 'person').map((i) => i.externalId);
    expect(laterPeople.every((id) => id.startsWith('ddp:2026-06:person:'))).toBe(true);
    const firstIds = new Set(first.items.map((i) => i.externalId));
    expect(laterPeople.some((id) => firstIds.has(id))).toBe(false);
  });

  it('names the release from ICE file names', () => {
    expect(releaseOf('2026-ICLI-00005_Detainers_FY26_20260311_Redacted.xlsx')).toBe(
      '2026-ICLI-00005:2026-03-11',
    );
    expect(releaseOf('detainers.csv')).toBeNull();
  });

  it('refuses a file it cannot place in a release, or that is no ICE table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ddp-'));
    const unnamed = join(dir, 'detainers.csv');
    await writeFile(unnamed, 'detainer_prepare_date,unique_identifier\n2025-01-01,abc\n');
    await expect(collect(ddpIceReader.read(unnamed))).rejects.toThrow(/--release/);
    await expect(
      collect(ddpIceReader.read(join(DATA, 'ice-custody-deaths-274.csv'), { release: 'x' })),
    ).rejects.toThrow(/not an ICE table/);
  });
});

describe('DDP facility crosswalk', () => {
  it('turns the 34 facility codes into geocoded places, keeping the uncertainty', async () => {
    const { items } = await collect(ddpFacilitiesReader.read(FACILITIES));
    const places = ofType(items, 'place');
    expect(places).toHaveLength(34);
    const lee = places.find((p) => p.externalId === 'ddp-facility:LEECOFL');
    expect(lee?.body).toMatchObject({
      name: 'LEE COUNTY JAIL',
      locality: 'Fort Myers',
      region: 'FL',
      codes: [{ scheme: 'ice_detloc', value: 'LEECOFL' }],
    });
    expect(String(lee?.body.notes)).toContain('two jailed named Lee County Jails');
    // some rows have coordinates but no address, city or state: only what is given is kept
    const chesapeake = places.find((p) => p.externalId === 'ddp-facility:CHSPKVA')?.body;
    expect(chesapeake?.coordinates).toEqual({ lat: 36.7176219, lon: -76.2516233 });
    expect(chesapeake?.locality).toBeUndefined();
    expect(places.find((p) => p.externalId === 'ddp-facility:MRYHPMN')?.body.kind).toBe('other');
  });
});

describe('ICE raw Excel with banner rows', () => {
  let path: string;
  beforeAll(async () => {
    path = join(
      await mkdtemp(join(tmpdir(), 'ice-xlsx-')),
      '2025-ICFO-12345_Detentions_20250620.xlsx',
    );
    await writeIceRawWorkbook(path);
  });

  it('finds the header under the banner, reads both sheets, and drops redaction codes', async () => {
    const { items, problems } = await collect(ddpIceReader.read(path, { facilities: FACILITIES }));
    expect(problems).toEqual([]);
    const people = ofType(items, 'person');
    expect(people.map((p) => p.externalId)).toEqual([
      'ddp:2025-ICFO-12345:2025-06-20:person:aaa111',
      'ddp:2025-ICFO-12345:2025-06-20:person:bbb222',
    ]);
    expect(JSON.stringify(items)).not.toContain('b(6)');
    const events = ofType(items, 'custody_event').map((e) => [e.body.kind, e.body.occurredAt]);
    expect(events).toEqual([
      ['detained', '2025-03-01'],
      ['transferred', '2025-03-02'],
      ['removed', '2025-03-20'],
      ['detained', '2025-04-05'],
      ['released', '2025-05-01'],
    ]);
    const removal = ofType(items, 'custody_event').find((e) => e.body.kind === 'removed');
    expect(removal?.body.jurisdiction).toBe('SV');
    const devens = items.find((i) => i.externalId === 'ddp-facility:BOPDEV');
    expect(devens?.body.coordinates).toEqual({ lat: 42.52929198, lon: -71.61795255 });
  });

  it('imports the gang and terrorist flags as ICE allegations, once per person', async () => {
    const { items } = await collect(ddpIceReader.read(path));
    const allegations = ofType(items, 'allegation');
    expect(allegations.map((a) => [a.externalId, a.body.category])).toEqual([
      ['ddp:2025-ICFO-12345:2025-06-20:person:aaa111:gang', 'gang_membership'],
      ['ddp:2025-ICFO-12345:2025-06-20:person:bbb222:terrorist', 'terrorism'],
    ]);
    for (const allegation of allegations) {
      expect(allegation.body).toMatchObject({ status: 'asserted', basis: ['none_stated'] });
      expect(allegation.refs?.madeByOrganizationId?.externalId).toBe('us-agency:ice');
      expect(allegation.refs?.['evidence.0.sourceId']?.externalId).toBe(
        'ddp:2025-ICFO-12345:2025-06-20:detentions',
      );
    }
    const people = ofType(items, 'person');
    expect(JSON.stringify(people)).not.toMatch(/gang|terror/i);
  });
});
