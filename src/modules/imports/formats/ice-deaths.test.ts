import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../item.js';
import { birthRangeFromAge, iceDeathsReader } from './ice-deaths.js';
import { collect } from './read-output.js';

const DATA = join(import.meta.dirname, '../../../../../shared/data');
const byId = (items: ImportItem[], id: string) => items.find((i) => i.externalId === id);

describe('deaths in ICE custody', () => {
  it('reads all 274 deaths as people and died events, each citing the list', async () => {
    const { items, problems } = await collect(
      iceDeathsReader.read(join(DATA, 'ice-custody-deaths-274.csv')),
    );
    expect(problems).toEqual([]);
    const count = (type: string) => items.filter((i) => i.type === type).length;
    expect(count('person')).toBe(274);
    expect(count('custody_event')).toBe(274);
    expect(
      items.filter((i) => i.type === 'custody_event').every((i) => i.body.kind === 'died'),
    ).toBe(true);
    expect(
      items
        .filter((i) => i.type !== 'source' && i.type !== 'organization')
        .every((i) => i.citeSources?.[0]?.externalId === 'ice-deaths:ice-custody-deaths-274'),
    ).toBe(true);
    const person = byId(items, 'ice-death:2003-10-07:verdecia-carrillo-heriberto');
    expect(person?.body).toMatchObject({
      givenNames: 'Heriberto',
      familyNames: 'Verdecia-Carrillo',
      sex: 'male',
      birthDate: '1962-10-08/1963-10-07',
      nationalities: ['CU'],
    });
    const death = byId(items, 'ice-death:2003-10-07:verdecia-carrillo-heriberto:died');
    expect(death?.body).toMatchObject({
      kind: 'died',
      occurredAt: '2003-10-07',
      confidence: 'confirmed',
    });
    expect(death?.refs?.custodianId?.externalId).toBe('us-agency:ice');
    expect(death?.refs?.placeId?.externalId).toBe('ice-facility-name:atwater-us-penitentiary');
  });

  it('handles the quirks: mixed name orders, an empty age, KOREA, typos, press rows', async () => {
    const { items } = await collect(iceDeathsReader.read(join(DATA, 'ice-custody-deaths-274.csv')));
    const people = items.filter((i) => i.type === 'person');
    expect(people.find((p) => p.body.familyNames === 'Patel')?.body.givenNames).toBe(
      'Atulkumar Babubhai',
    );
    expect(people.find((p) => p.body.familyNames === 'Lemus-Rajo')?.body.givenNames).toBe(
      'Leonardo Jose',
    );
    const xie = people.find((p) => p.body.familyNames === 'Xie');
    expect(xie?.body.birthDate).toBeUndefined();
    const korean = people.filter((p) => String(p.body.notes ?? '').includes('KOREA'));
    expect(korean).toHaveLength(2);
    expect(korean.every((p) => p.body.nationalities === undefined)).toBe(true);
    const frio = items.find((i) => i.type === 'place' && i.body.name === 'Frio County Jail');
    expect(frio?.body.aliases).toEqual(['Prio County Jail TX']);
    const press = items.filter(
      (i) => i.type === 'custody_event' && i.body.confidence === 'reported',
    );
    expect(press).toHaveLength(8);
    const outside = press.filter((i) => !i.refs?.custodianId);
    expect(outside).toHaveLength(2); // shot during enforcement, "not in custody"
  });

  it('unpacks the FY2018 Subject column and keeps aliases', async () => {
    const { items, problems } = await collect(
      iceDeathsReader.read(join(DATA, 'ice-custody-deaths-fy2018-detailed.csv')),
    );
    expect(problems).toEqual([]);
    expect(items.filter((i) => i.type === 'person')).toHaveLength(102);
    const romero = byId(items, 'ice-death:2018-05-16:romero-ronal-francisco');
    expect(romero?.body).toMatchObject({
      givenNames: 'Ronal Francisco',
      familyNames: 'Romero',
      aliases: ['Ronald Cruz'],
      nationalities: ['HN'],
    });
    expect(romero?.citeSources?.[1]?.externalId).toBe(
      'url:https://www.ice.gov/doclib/foia/reports/ddrRomeroRonalFranciscoAkaCruzRonald.pdf',
    );
  });

  it('gives the same person the same id in both lists, so importing both merges them', async () => {
    const all = await collect(iceDeathsReader.read(join(DATA, 'ice-custody-deaths-274.csv')));
    const fy2018 = await collect(
      iceDeathsReader.read(join(DATA, 'ice-custody-deaths-fy2018-detailed.csv')),
    );
    const ids = new Set(all.items.map((i) => i.externalId));
    const shared = fy2018.items.filter((i) => i.type === 'person' && ids.has(i.externalId));
    expect(shared.length).toBeGreaterThan(90);
  });

  it('reports a row with a bad date by row and column, and goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deaths-'));
    const path = join(dir, 'bad.csv');
    await writeFile(
      path,
      'Name,Sex,Age,Country,Date_of_Death,Cause_of_Death,Facility_Name,Facility_Location,Facility_Type,PDF_URL,Period\n' +
        'DOE JOHN,Male,40.0,CUBA,someday,x,Jail TX,"Jail, TX",IGSA,,FY2003-2017\n' +
        'ROE JANE,Female,30.0,CUBA,2004-01-01,x,Jail TX,"Jail, TX",IGSA,,FY2003-2017\n',
    );
    const { items, problems } = await collect(iceDeathsReader.read(path));
    expect(problems).toEqual([
      expect.objectContaining({ row: 2, column: 'Date_of_Death', code: 'bad_date' }),
    ]);
    expect(items.filter((i) => i.type === 'person')).toHaveLength(1);
  });

  it('refuses a file that is not a deaths list', async () => {
    await expect(
      collect(iceDeathsReader.read(join(DATA, 'ddp-detainers-sample-st-cloud.csv'))),
    ).rejects.toThrow(/not a deaths-in-custody list/);
  });

  it('turns an age at death into the span of possible birth dates', () => {
    expect(birthRangeFromAge(40, '2003-10-07')).toBe('1962-10-08/1963-10-07');
    expect(birthRangeFromAge(-1, '2003-10-07')).toBeUndefined();
  });
});
