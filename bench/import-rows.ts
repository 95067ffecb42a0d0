import { Readable } from 'node:stream';

/** Header of the generated people file: names a person's fields the way a spreadsheet would. */
export const PEOPLE_HEADER =
  'external_id,Given Names,family_names,sex,birthDate,nationalities,notes';

const GIVEN = ['Ana', 'Luis', 'María José', 'Jerce', 'Andry', 'Neri', 'Carmen', 'Óscar'];
const SYLLABLES = ['ba', 'ro', 'mi', 'te', 'lu', 'ca', 'ne', 'so', 'va', 'di', 'quel', 'tor'];

/**
 * A family name made from the row number, so that generated people are distinct: a file of
 * namesakes would measure the duplicate matcher's worst case, not the import.
 */
function familyName(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) {
    name += SYLLABLES[n % SYLLABLES.length];
  }
  return name.charAt(0).toUpperCase() + name.slice(1);
}
const SEX = ['female', 'male', 'unknown'];
const COUNTRIES = ['VE', 'VE;CO', 'SV', 'HN', 'GT'];

/** One deterministic CSV row per index, with a quoted field holding a comma and a line break. */
export function personRow(i: number): string {
  const notes = i % 10 === 0 ? `"seen in list ${i}, page ${i % 7}\nsecond line"` : '';
  return [
    `gen-${i}`,
    GIVEN[i % GIVEN.length],
    familyName(i),
    SEX[i % SEX.length],
    `${1960 + (i % 45)}-${String(1 + (i % 12)).padStart(2, '0')}`,
    COUNTRIES[i % COUNTRIES.length],
    notes,
  ].join(',');
}

/** A CSV file of `rows` people, generated as it is read: never held whole in memory. */
export function peopleCsv(rows: number, rowsPerChunk = 1000): Readable {
  async function* chunks() {
    yield Buffer.from(`${PEOPLE_HEADER}\n`);
    for (let start = 0; start < rows; start += rowsPerChunk) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(rows, start + rowsPerChunk); i++) lines.push(personRow(i));
      yield Buffer.from(`${lines.join('\n')}\n`);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
