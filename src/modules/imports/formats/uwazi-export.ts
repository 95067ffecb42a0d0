import { stringify } from 'csv-stringify/sync';
import countries from '../../../lib/countries.js';
import { incidentKindLabel, MULTI } from './uwazi-columns.js';

/**
 * Habeas people and incidents as a CSV Uwazi imports: `Title` and `Template` first, then one
 * column per property label, multi-values joined by `|`, date ranges as `from:to` (Uwazi's
 * import form) and relationships (victims, place) by the title of the related entity, which is
 * how Uwazi links them. Confidential fields (identifiers) are never written.
 */
export interface ExportPerson {
  givenNames?: string | null;
  familyNames?: string | null;
  aliases?: string[];
  sex?: string | null;
  birthDate?: string | null;
  nationalities?: string[];
  occupation?: string | null;
  notes?: string | null;
}

export interface ExportIncident {
  kind: string;
  additionalKinds?: string[];
  occurredFrom?: string | null;
  occurredTo?: string | null;
  description: string;
  confidence?: string | null;
  notes?: string | null;
  /** titles of the victims, as exported people are titled */
  victims: string[];
  title?: string;
}

export const personTitle = (p: ExportPerson) =>
  [p.givenNames, p.familyNames].filter(Boolean).join(' ') || p.aliases?.[0] || '(unnamed)';

const join = (list: readonly string[] | undefined) => (list ?? []).join(MULTI);
const countryName = (code: string) => countries.getName(code, 'en') ?? code;

export function peopleToUwaziCsv(people: readonly ExportPerson[], template = 'Person'): string {
  const header = [
    'Title',
    'Template',
    'Given names',
    'Family names',
    'Aliases',
    'Sex',
    'Birth date',
    'Nationality',
    'Occupation',
    'Notes',
  ];
  const rows = people.map((p) => [
    personTitle(p),
    template,
    p.givenNames ?? '',
    p.familyNames ?? '',
    join(p.aliases),
    p.sex ?? '',
    p.birthDate ?? '',
    join((p.nationalities ?? []).map(countryName)),
    p.occupation ?? '',
    p.notes ?? '',
  ]);
  return stringify([header, ...rows]);
}

const label = incidentKindLabel;

export function incidentsToUwaziCsv(
  incidents: readonly ExportIncident[],
  template = 'Incident',
): string {
  const header = [
    'Title',
    'Template',
    'Kind',
    'Additional kinds',
    'Date',
    'Victims',
    'Description',
    'Confidence',
    'Notes',
  ];
  const rows = incidents.map((i) => [
    i.title ??
      `${label(i.kind)}: ${i.victims.join(', ')}${i.occurredFrom ? ` (${i.occurredFrom})` : ''}`,
    template,
    label(i.kind),
    join((i.additionalKinds ?? []).map(label)),
    i.occurredFrom ? (i.occurredTo ? `${i.occurredFrom}:${i.occurredTo}` : i.occurredFrom) : '',
    join(i.victims),
    i.description,
    i.confidence ?? '',
    i.notes ?? '',
  ]);
  return stringify([header, ...rows]);
}
