/**
 * Builds src/modules/vocabularies/huridocs-seed.json from the HURIDOCS micro-thesauri CSV, so
 * that the app ships the lists it needs and never reads the CSV at run time.
 *
 *   npx tsx scripts/build-huridocs-seed.ts [path/to/huridocs-microthesauri.csv]
 *
 * The CSV (../shared/data/huridocs-microthesauri.csv) is HURIDOCS' Events Standard Formats
 * micro-thesauri (2001), as shipped by huridocs/OpenEvSys. Its quirks, and what this script does
 * about each, are listed in QUIRKS below and copied into the output, so that anyone reading the
 * seed knows which labels differ from the source and why. Any quirk this script does not know
 * about makes it fail rather than guess.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_CSV = '../shared/data/huridocs-microthesauri.csv';
const OUTPUT = 'src/modules/vocabularies/huridocs-seed.json';

/** The lists Habeas uses, by HURIDOCS list number, with labels for the lists themselves. */
const LISTS = [
  { list: 4, en: 'Types of acts', es: 'Tipos de actos', fr: "Types d'actes" },
  { list: 5, en: 'Methods of violence', es: 'Métodos de violencia', fr: 'Méthodes de violence' },
  {
    list: 16,
    en: 'Types of source material',
    es: 'Tipos de material de fuente',
    fr: 'Types de documents sources',
  },
  {
    list: 18,
    en: 'Degrees of involvement',
    es: 'Grados de participación',
    fr: "Degrés d'implication",
  },
  { list: 24, en: 'Types of perpetrators', es: 'Tipos de perpetradores', fr: "Types d'auteurs" },
  { list: 25, en: 'Status as victim', es: 'Estatus como víctima', fr: 'Statut de victime' },
  { list: 29, en: 'Types of detention', es: 'Tipos de detención', fr: 'Types de détention' },
  { list: 30, en: 'Whereabouts', es: 'Paradero', fr: 'Localisation de la victime' },
  { list: 31, en: 'Legal counsel', es: 'Asesoría legal', fr: 'Conseil juridique' },
  { list: 37, en: 'Medical attention', es: 'Atención médica', fr: 'Soins médicaux' },
  { list: 42, en: 'Reliability', es: 'Confiabilidad', fr: 'Fiabilité' },
] as const;

const QUIRKS = [
  'spanish_l10n is cut at 100 characters in the source; where it is, the complete ' +
    'spanish_otherlanguages text is used instead.',
  'spanish_l10n replaces the ";" that separates synonyms ("Prensa; medios de comunicación") ' +
    'with ","; the spanish_otherlanguages form, which keeps ";" as the English does, is used.',
  'In list 30 (whereabouts) the Spanish labels of the seven "not" terms (codes 010102000000 to ' +
    '020000000000) are shifted against the English and French in both Spanish columns: ' +
    '"Capture is denied" reads "No se permite el contacto con organización de derechos humanos". ' +
    'They are put back in place here (see WHEREABOUTS_SPANISH in the script).',
  'Two terms of list 16 carry term_level -5; they are top-level terms and are stored at level 0.',
  'List 41 (violation status) is left out: its English labels give 02 = Unlikely and 04 = ' +
    'Likely, its Spanish and French labels the reverse, and nothing here says which is right.',
];

/** Whereabouts terms whose Spanish label the source misplaced: code → [source text, correct]. */
const WHEREABOUTS_SPANISH: Record<string, [string, string]> = {
  '010102000000': [
    'No se admite que se realizó la captura',
    'No se permite ningún contacto con el exterior',
  ],
  '010102010000': [
    'No se revela el lugar de la detención',
    'No se permite el contacto con familiares',
  ],
  '010102020000': [
    'No se permite ningún contacto con el exterior',
    'No se permite el contacto con asesoría legal o asistencia jurídica',
  ],
  '010102030000': [
    'No se permite el contacto con familiares',
    'No se permite el contacto con organización humanitaria',
  ],
  '010102040000': [
    'No se permite el contacto con asesoría legal o asistencia jurídica',
    'No se permite el contacto con organización de derechos humanos',
  ],
  '010200000000': [
    'No se permite el contacto con organización humanitaria',
    'No se revela el lugar de la detención',
  ],
  '020000000000': [
    'No se permite el contacto con organización de derechos humanos',
    'No se admite que se realizó la captura',
  ],
};

const L10N_CUT = 100;

type Row = Record<string, string>;

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header, ...rows] = records;
  if (!header) throw new Error('empty CSV');
  return rows.map((values) => Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])));
}

function spanishOf(row: Row): string {
  const full = row.spanish_otherlanguages ?? '';
  const l10n = row.spanish_l10n ?? '';
  if (!full) return l10n;
  if (!l10n || l10n === full) return full;
  if (l10n.length === L10N_CUT && full.startsWith(l10n)) return full;
  if (l10n === full.replaceAll(';', ',')) return full;
  throw new Error(`unexpected Spanish labels for ${row.vocab_number}: "${full}" / "${l10n}"`);
}

function correctedSpanish(row: Row, spanish: string): string {
  const fix = row.list_code === '30' ? WHEREABOUTS_SPANISH[row.huri_code ?? ''] : undefined;
  if (!fix) return spanish;
  if (spanish !== fix[0]) {
    throw new Error(`whereabouts ${row.huri_code}: expected "${fix[0]}", found "${spanish}"`);
  }
  return fix[1];
}

function build(rows: Row[]) {
  return LISTS.map(({ list, en, es, fr }) => {
    const terms = rows.filter((r) => Number(r.list_code) === list);
    if (terms.length === 0) throw new Error(`list ${list} is missing from the CSV`);
    const codeOf = new Map(terms.map((r) => [r.vocab_number, r.huri_code]));
    const name = terms[0]!.list_name;
    return {
      scheme: `huridocs_${name}`,
      huridocsList: list,
      labelEn: en,
      labelEs: es,
      labelFr: fr,
      terms: terms
        .sort((a, b) => Number(a.term_order) - Number(b.term_order))
        .map((r) => {
          const parent = r.parent_vocab_number === '0' ? null : codeOf.get(r.parent_vocab_number);
          if (parent === undefined) throw new Error(`orphan term ${r.vocab_number}`);
          return {
            code: r.huri_code!,
            parentCode: parent,
            level: Math.max(0, Number(r.term_level)),
            en: r.english!.trim(),
            es: correctedSpanish(r, spanishOf(r)).trim(),
            fr: r.french!.trim(),
          };
        }),
    };
  });
}

const csvPath = path.resolve(process.argv[2] ?? DEFAULT_CSV);
const schemes = build(parseCsv(readFileSync(csvPath, 'utf8')));
const seed = {
  credit:
    'HURIDOCS Events Standard Formats: micro-thesauri (HURIDOCS, 2001), copied with ' +
    'acknowledgement as the HURIDOCS edition allows; taken from huridocs/OpenEvSys @ ' +
    '2f734af969b5 (schema/mysql-dbpopulate-mt.sql, res/locale/es/mt_vocab_l10n.sql).',
  generatedBy: 'scripts/build-huridocs-seed.ts',
  quirks: QUIRKS,
  schemes,
};
writeFileSync(OUTPUT, `${JSON.stringify(seed, null, 2)}\n`);
const total = schemes.reduce((n, s) => n + s.terms.length, 0);
console.log(`${OUTPUT}: ${schemes.length} lists, ${total} terms`);
