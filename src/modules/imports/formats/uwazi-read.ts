import { basename } from 'node:path';
import countries from '../../../lib/countries.js';
import type { ImportItem } from '../item.js';
import { countryCode } from './countries.js';
import { readCsvRows } from './csv-rows.js';
import { compact, sourceItem } from './dataset-source.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';
import {
  entityKey,
  incidentKindCode,
  leafTerm,
  splitHeader,
  UWAZI_PROPERTIES,
  type UwaziType,
  values,
} from './uwazi-columns.js';

/**
 * Uwazi's CSV export (or a CSV prepared for Uwazi's import) as people or incidents. Entities
 * are keyed by type and title, as Uwazi itself matches relationships by title, so victims named
 * in an incident's `Victims` column find the people imported from the people export.
 */
type Row = { line: number; base: Record<string, string>; translations: Map<string, string[]> };

function rowOf(line: number, cells: Record<string, string>): Row {
  const base: Record<string, string> = {};
  const translations = new Map<string, string[]>();
  for (const [header, cell] of Object.entries(cells)) {
    const { label, language } = splitHeader(header);
    if (!language || language === 'en') {
      if (!(label in base) || !base[label]) base[label] = cell;
    } else if (cell) {
      translations.set(label, [...(translations.get(label) ?? []), `${language}: ${cell}`]);
    }
  }
  return { line, base, translations };
}

const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);

const SEXES = new Set(['female', 'male', 'other', 'unknown']);

function nationalityCodes(cell: string | undefined, problems: string[]): string[] {
  return values(cell).flatMap((value) => {
    const leaf = leafTerm(value);
    const byCode = leaf.length === 2 && countries.isValid(leaf) ? leaf.toUpperCase() : undefined;
    const found = byCode ? { code: byCode } : countryCode(leaf);
    if (found && 'code' in found) return [found.code];
    problems.push(`nationality "${value}" is not a country Habeas knows`);
    return [];
  });
}

/** Uwazi writes ranges `from:to` on import (`~` in some exports); a single date is a day. */
function dateRange(cell: string | undefined) {
  const text = (cell ?? '').trim();
  if (!text) return {};
  const [from, to] = text.split(/\s*[:~]\s*(?=\d{4})/);
  return { occurredFrom: from?.trim() || undefined, occurredTo: to?.trim() || undefined };
}

function personItem(row: Row, title: string, file: string): ImportItem | string[] {
  const problems: string[] = [];
  const c = row.base;
  const sex = leafTerm(c.sex ?? '').toLowerCase();
  // a translated title (`Title__es`) is another spelling of the name
  const translated = (row.translations.get('title') ?? []).map((t) => t.replace(/^[a-z]+: /, ''));
  const aliases = [...values(c.aliases), ...translated.filter((t) => t !== title)];
  const hasSplit = Boolean(c['given names'] || c['family names']);
  const notes = [c.notes, ...(row.translations.get('notes') ?? [])].filter(Boolean).join('\n');
  const body = compact({
    givenNames: c['given names'] || undefined,
    familyNames: c['family names'] || undefined,
    aliases: nonEmpty([...new Set(hasSplit ? aliases : [title, ...aliases])]),
    sex: SEXES.has(sex) ? sex : undefined,
    birthDate: c['birth date'] || undefined,
    nationalities: nonEmpty(nationalityCodes(c.nationality ?? c.nationalities, problems)),
    occupation: c.occupation || undefined,
    notes: notes || undefined,
  });
  if (problems.length) return problems;
  return {
    type: 'person',
    origin: { row: row.line, file },
    externalId: entityKey('person', title),
    body,
  };
}

function incidentItem(row: Row, title: string, file: string): ImportItem {
  const c = row.base;
  // victims are refs (`victimIds.0`…): the engine fills the list with the people's ids
  const kinds = values(c.kind).map((value) => incidentKindCode(leafTerm(value)));
  const additional = [
    ...kinds.slice(1),
    ...values(c['additional kinds']).map((v) => incidentKindCode(leafTerm(v))),
  ];
  const victims = values(c.victims);
  const refs: NonNullable<ImportItem['refs']> = {};
  victims.forEach((victim, i) => {
    refs[`victimIds.${i}`] = { type: 'person', externalId: entityKey('person', victim) };
  });
  const notes = [c.notes, ...(row.translations.get('description') ?? [])]
    .filter(Boolean)
    .join('\n');
  return {
    type: 'incident',
    origin: { row: row.line, file },
    externalId: entityKey('incident', title),
    body: compact({
      kind: kinds[0],
      additionalKinds: additional.length ? additional : undefined,
      ...dateRange(c.date),
      description: c.description || title,
      confidence: c.confidence ? leafTerm(c.confidence).toLowerCase() : undefined,
      notes: notes || undefined,
    }),
    refs,
  };
}

async function* readUwazi(path: string, options: ReadOptions = {}): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  const type = (options.recordType ?? 'person') as UwaziType;
  if (!(type in UWAZI_PROPERTIES)) {
    throw new Error(`Uwazi rows can become people or incidents, not "${options.recordType}"`);
  }
  const sourceId = `uwazi:${basename(path)}`;
  let started = false;
  for await (const { line, cells } of readCsvRows(path)) {
    const row = rowOf(line, cells);
    if (!started) {
      if (!('title' in row.base)) throw new Error(`${file} is not an Uwazi CSV: no Title column`);
      started = true;
      yield sourceItem(
        {
          externalId: sourceId,
          kind: 'dataset',
          title: `Uwazi export ${file}`,
          accessedAt: options.accessedAt,
        },
        file,
      );
    }
    const title = (row.base.title ?? '').trim();
    if (!title) {
      yield {
        row: line,
        file,
        column: 'Title',
        reason: 'Uwazi requires a title',
        code: 'title_missing',
      };
      continue;
    }
    const template = row.base.template?.trim();
    if (
      template &&
      !new RegExp(type, 'i').test(template) &&
      !(type === 'person' && /people|victim/i.test(template))
    ) {
      continue; // a mixed export: this row belongs to another template
    }
    const item = type === 'person' ? personItem(row, title, file) : incidentItem(row, title, file);
    if (Array.isArray(item)) {
      for (const reason of item) {
        yield { row: line, file, column: 'Nationality', reason, code: 'unknown_country' };
      }
      continue;
    }
    yield { ...item, citeSources: [{ externalId: sourceId, locator: `row ${line}` }] };
  }
}

export const uwaziReader: FormatReader = {
  name: 'uwazi',
  description: 'Uwazi CSV export (people or incidents; `|` multi-values, `::` thesauri, `__es`)',
  read: readUwazi,
};
