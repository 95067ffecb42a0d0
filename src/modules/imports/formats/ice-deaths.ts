import { basename } from 'node:path';
import { foldText } from '../../../lib/text.js';
import type { ImportItem } from '../item.js';
import { ICE_EXTERNAL_ID, iceItem, iceRef } from './agencies.js';
import { countryCode } from './countries.js';
import { readCsvRows } from './csv-rows.js';
import { citing, compact, sourceItem } from './dataset-source.js';
import { parsePersonName } from './person-names.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';

/**
 * Deaths in ICE custody, as compiled by etchin/ice-detention-mortality (CC BY 4.0) from ICE's
 * death lists and detainee death reports, plus press reports for the newest deaths. Two shapes:
 * - `all_274_deaths_detailed.csv`: Name, Sex, Age, Country, Date_of_Death, Cause_of_Death,
 *   Facility_Name, Facility_Location, Facility_Type, PDF_URL, Period;
 * - `detailed_death_data.csv` (FY2018 on): a packed `Subject` =
 *   `"Last, First (aka …)|YYYY-MM-DD|YYYY|Administration"` and spaced column names.
 * Each row gives a person, the facility as a place, and a `died` custody event.
 */
interface DeathRow {
  name: string;
  sex: string;
  age: string;
  country: string;
  diedOn: string;
  cause: string;
  facility: string;
  location: string;
  facilityType: string;
  reportUrl: string;
  period: string;
}

const DATASET_URL = 'https://github.com/etchin/ice-detention-mortality';

function rowOf(cells: Record<string, string>): DeathRow | null {
  if ('Name' in cells) {
    return {
      name: cells.Name ?? '',
      sex: cells.Sex ?? '',
      age: cells.Age ?? '',
      country: cells.Country ?? '',
      diedOn: cells.Date_of_Death ?? '',
      cause: cells.Cause_of_Death ?? '',
      facility: cells.Facility_Name ?? '',
      location: cells.Facility_Location ?? '',
      facilityType: cells.Facility_Type ?? '',
      reportUrl: cells.PDF_URL ?? '',
      period: cells.Period ?? '',
    };
  }
  if ('Subject' in cells) {
    const [name = '', diedOn = ''] = (cells.Subject ?? '').split('|');
    return {
      name,
      sex: cells.Sex ?? '',
      age: cells.Age ?? '',
      country: cells['Country of Citizenship'] ?? '',
      diedOn,
      cause: cells['Cause of Death'] ?? '',
      facility: cells['Facility Name'] ?? '',
      location: cells['Facility Location'] ?? '',
      facilityType: cells['Facility Type'] ?? '',
      reportUrl: cells['PDF URL'] ?? '',
      period: 'FY2018-2025',
    };
  }
  return null;
}

/**
 * Age at death as the span of birth dates it allows: 40 on 2003-10-07 means born from
 * 1962-10-08 to 1963-10-07. An EDTF range, so no birth day is invented.
 */
export function birthRangeFromAge(age: number, diedOn: string): string | undefined {
  const death = new Date(`${diedOn}T00:00:00Z`);
  if (!Number.isInteger(age) || age < 0 || age > 130 || Number.isNaN(death.getTime())) {
    return undefined;
  }
  const latest = new Date(death);
  latest.setUTCFullYear(death.getUTCFullYear() - age);
  const earliest = new Date(death);
  earliest.setUTCFullYear(death.getUTCFullYear() - age - 1);
  earliest.setUTCDate(earliest.getUTCDate() + 1);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return `${day(earliest)}/${day(latest)}`;
}

const keyOf = (text: string) =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * ICE's 2003–2017 list writes the location as "Facility name, ST"; later rows as "City, State".
 * The name column of the older rows is the location without its comma, typos included
 * ("Prio County Jail TX" for "Frio County Jail, TX"), so the location's spelling is kept too.
 */
function facilityPlace(row: DeathRow) {
  const location = collapse(row.location);
  const comma = location.lastIndexOf(',');
  const before = comma >= 0 ? location.slice(0, comma).trim() : location;
  const region = comma >= 0 ? location.slice(comma + 1).trim() : undefined;
  const nameIsLocation = row.period === 'FY2003-2017';
  const name = nameIsLocation ? before : collapse(row.facility) || before;
  const written = collapse(row.facility);
  const sameName = [name, `${name} ${region ?? ''}`].some((form) => keyOf(form) === keyOf(written));
  const aliases = written && !sameName ? [written] : [];
  const type = row.facilityType.toLowerCase();
  const hospital = /hospital|medical center|healthcare/i.test(`${type} ${name}`);
  const kind = hospital
    ? 'other'
    : /\bbop\b|bureau of prisons/.test(type)
      ? 'prison'
      : /enforcement action/i.test(name)
        ? 'city'
        : 'detention_facility';
  return {
    externalId: `ice-facility-name:${keyOf(name)}`,
    body: compact({
      name,
      kind,
      country: 'US',
      region,
      locality: nameIsLocation ? undefined : before,
      aliases: aliases.length ? aliases : undefined,
      notes: row.facilityType ? `ICE facility type: ${row.facilityType}` : undefined,
    }),
  };
}

const SEXES: Record<string, string> = { male: 'male', female: 'female' };

/** Rows the compilers mark as deaths during enforcement, outside any custody. */
const notInCustody = (cause: string) => /not in custody/i.test(cause);

function* itemsOfRow(
  row: DeathRow,
  line: number,
  file: string,
  datasetId: string,
  seen: Set<string>,
): Generator<ReadOutput> {
  const origin = { row: line, file };
  const problem = (column: string, reason: string, code: string): ReadOutput => ({
    row: line,
    file,
    column,
    reason,
    code,
  });
  const name = collapse(row.name);
  if (!name) return yield problem('Name', 'the row names nobody', 'name_missing');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(row.diedOn)) {
    return yield problem('Date_of_Death', `"${row.diedOn}" is not a date (YYYY-MM-DD)`, 'bad_date');
  }
  const parsed = parsePersonName(name);
  const personKey = `ice-death:${row.diedOn}:${keyOf(name.replace(/\(.*\)/, ''))}`;
  const cites = [...citing(datasetId, `row ${line}`)];
  const reportSource = row.reportUrl ? `url:${row.reportUrl}` : undefined;
  if (reportSource && !seen.has(reportSource)) {
    seen.add(reportSource);
    const press = row.period.startsWith('Public reporting');
    const report = /\/ddr[^/]*\.pdf$/i.test(row.reportUrl);
    yield sourceItem(
      {
        externalId: reportSource,
        kind: press ? 'news_article' : 'government_record',
        title: press
          ? 'Press report of deaths connected to ICE (as cited by the mortality data set)'
          : report
            ? `ICE detainee death report: ${name}`
            : 'ICE list of deaths in detention',
        publisher: press ? undefined : 'U.S. Immigration and Customs Enforcement',
        url: row.reportUrl,
      },
      file,
    );
  }
  if (reportSource) cites.push({ externalId: reportSource });
  const age = Number.parseFloat(row.age);
  const nationality = countryCode(row.country);
  const notes = [
    nationality && 'unknown' in nationality
      ? `Country of citizenship as listed: ${nationality.unknown}`
      : undefined,
    parsed.orderUncertain
      ? 'Given and family names split by guess: the list does not say.'
      : undefined,
  ].filter(Boolean);
  yield {
    type: 'person',
    origin,
    externalId: personKey,
    body: compact({
      givenNames: parsed.givenNames,
      familyNames: parsed.familyNames,
      aliases: parsed.aliases.length ? parsed.aliases : undefined,
      sex: SEXES[row.sex.toLowerCase()] ?? undefined,
      birthDate: Number.isNaN(age) ? undefined : birthRangeFromAge(Math.round(age), row.diedOn),
      nationalities: nationality && 'code' in nationality ? [nationality.code] : undefined,
      roles: ['detained'],
      notes: notes.length ? notes.join('\n') : undefined,
    }),
    citeSources: cites,
  };
  const place = facilityPlace(row);
  if (!seen.has(place.externalId)) {
    seen.add(place.externalId);
    yield { type: 'place', origin, ...place, citeSources: citing(datasetId) };
  }
  const outsideCustody = notInCustody(row.cause);
  const refs: ImportItem['refs'] = {
    personId: { type: 'person', externalId: personKey },
    placeId: { type: 'place', externalId: place.externalId },
  };
  if (!outsideCustody) refs.custodianId = iceRef;
  yield {
    type: 'custody_event',
    origin,
    externalId: `${personKey}:died`,
    body: compact({
      kind: 'died',
      occurredAt: row.diedOn,
      jurisdiction: 'US',
      // ICE's own lists and death reports are official admissions; the press rows are not.
      confidence: row.period.startsWith('Public reporting') ? 'reported' : 'confirmed',
      description: collapse(row.cause) || undefined,
      notes: outsideCustody
        ? 'Listed as an ICE-related death outside custody; no custodian recorded.'
        : undefined,
    }),
    refs,
    citeSources: cites,
  };
}

async function* readIceDeaths(path: string, options: ReadOptions = {}): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  const datasetId = `ice-deaths:${keyOf(basename(path).replace(/\.csv$/i, ''))}`;
  let started = false;
  const seen = new Set<string>();
  for await (const { line, cells } of readCsvRows(path)) {
    const row = rowOf(cells);
    if (!row) {
      throw new Error(
        `${file} is not a deaths-in-custody list: it needs a Name or a Subject column`,
      );
    }
    if (!started) {
      started = true;
      yield sourceItem(
        {
          externalId: datasetId,
          kind: 'dataset',
          title: `Deaths in ICE custody (${file})`,
          publisher: 'etchin/ice-detention-mortality, compiled from ICE death lists and reports',
          url: DATASET_URL,
          accessedAt: options.accessedAt,
          notes: 'Licence CC BY 4.0. Rows marked "Public reporting" come from the press, not ICE.',
        },
        file,
      );
      yield { ...iceItem(file), externalId: ICE_EXTERNAL_ID };
    }
    yield* itemsOfRow(row, line, file, datasetId, seen);
  }
}

export const iceDeathsReader: FormatReader = {
  name: 'ice-deaths',
  description: 'deaths in ICE custody (etchin/ice-detention-mortality CSV, both layouts)',
  read: readIceDeaths,
};
