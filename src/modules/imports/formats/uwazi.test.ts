import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from './read-output.js';
import { incidentsToUwaziCsv, peopleToUwaziCsv } from './uwazi-export.js';
import { uwaziReader } from './uwazi-read.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('Uwazi CSV in', () => {
  it('reads people: `|` multi-values, `::` thesaurus paths, `__es` columns', async () => {
    const { items, problems } = await collect(
      uwaziReader.read(join(FIXTURES, 'uwazi-people.csv'), { recordType: 'person' }),
    );
    const people = items.filter((i) => i.type === 'person');
    expect(people.map((p) => p.externalId)).toEqual([
      'uwazi:person:jerce-reyes-barrios',
      'uwazi:person:andry-jose-hernandez-romero',
      'uwazi:person:neri',
    ]);
    expect(people[0]?.body).toEqual({
      givenNames: 'Jerce',
      familyNames: 'Reyes Barrios',
      aliases: ['El Jerce', 'J. Reyes'],
      sex: 'male',
      birthDate: '1989',
      nationalities: ['VE'],
      notes: 'Professional footballer.\nes: Futbolista profesional.',
    });
    expect(people[1]?.body.nationalities).toEqual(['VE', 'CO']);
    // a title alone is kept as the name it is, without guessing given and family names
    expect(people[2]?.body).toMatchObject({ aliases: ['Neri'], sex: 'unknown' });
    expect(people.every((p) => p.citeSources?.[0]?.externalId === 'uwazi:uwazi-people.csv')).toBe(
      true,
    );
    expect(problems).toEqual([
      expect.objectContaining({ row: 5, column: 'Title', code: 'title_missing' }),
      expect.objectContaining({ row: 6, column: 'Nationality', code: 'unknown_country' }),
    ]);
  });

  it('reads incidents with kinds from thesaurus paths in either language, ranges and victims', async () => {
    const { items, problems } = await collect(
      uwaziReader.read(join(FIXTURES, 'uwazi-incidents.csv'), { recordType: 'incident' }),
    );
    expect(problems).toEqual([]);
    const [beating, neglect] = items.filter((i) => i.type === 'incident');
    expect(beating?.body).toMatchObject({
      kind: 'beating',
      additionalKinds: ['degrading_treatment'],
      occurredFrom: '2025-03-16',
      occurredTo: '2025-03-17',
      confidence: 'reported',
    });
    expect(beating?.refs).toEqual({
      'victimIds.0': { type: 'person', externalId: 'uwazi:person:jerce-reyes-barrios' },
      'victimIds.1': { type: 'person', externalId: 'uwazi:person:andry-jose-hernandez-romero' },
    });
    expect(String(beating?.body.notes)).toContain('es: Golpeados al llegar');
    expect(neglect?.body).toMatchObject({ kind: 'medical_neglect', occurredFrom: '2025-04' });
  });

  it('refuses a CSV without a Title column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'uwazi-'));
    const path = join(dir, 'x.csv');
    await writeFile(path, 'Name,Sex\nA,Male\n');
    await expect(collect(uwaziReader.read(path))).rejects.toThrow(/no Title column/);
    await expect(collect(uwaziReader.read(path, { recordType: 'claim' }))).rejects.toThrow(
      /people or incidents/,
    );
  });
});

describe('Uwazi CSV out', () => {
  it('writes people and incidents that read back as the same records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'uwazi-out-'));
    const people = [
      {
        givenNames: 'Jerce',
        familyNames: 'Reyes Barrios',
        aliases: ['El Jerce', 'J. Reyes, "the footballer"'],
        sex: 'male',
        birthDate: '1989-03',
        nationalities: ['VE', 'CO'],
        notes: 'Line one,\nline two.',
      },
    ];
    const incidents = [
      {
        kind: 'medical_neglect',
        additionalKinds: ['beating'],
        occurredFrom: '2025-03-16',
        occurredTo: '2025-04',
        description: 'Denied insulin; beaten when he asked.',
        confidence: 'reported',
        victims: ['Jerce Reyes Barrios'],
      },
    ];
    const peoplePath = join(dir, 'people.csv');
    const incidentsPath = join(dir, 'incidents.csv');
    await writeFile(peoplePath, peopleToUwaziCsv(people));
    await writeFile(incidentsPath, incidentsToUwaziCsv(incidents));
    const csv = peopleToUwaziCsv(people);
    expect(csv.split('\n')[0]).toBe(
      'Title,Template,Given names,Family names,Aliases,Sex,Birth date,Nationality,Occupation,Notes',
    );
    expect(csv).toContain('Venezuela|Colombia');

    const readPeople = await collect(uwaziReader.read(peoplePath, { recordType: 'person' }));
    expect(readPeople.problems).toEqual([]);
    expect(readPeople.items.find((i) => i.type === 'person')?.body).toEqual(people[0]);

    const readIncidents = await collect(
      uwaziReader.read(incidentsPath, { recordType: 'incident' }),
    );
    const incident = readIncidents.items.find((i) => i.type === 'incident');
    const { victims: _victims, ...fields } = incidents[0] as (typeof incidents)[number];
    expect(incident?.body).toEqual(fields);
    expect(incident?.refs?.['victimIds.0']?.externalId).toBe('uwazi:person:jerce-reyes-barrios');
  });
});
