import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Docket, DocketEntry, DocketParty } from './docket.js';
import { docketOutputs } from './docket-source.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';

/**
 * Docket JSON in the two shapes the free-law tools write:
 * - juriscraper's parsed PACER docket (`court_id`, `docket_entries[]` with `document_number`,
 *   `parties[]` with `attorneys[]`), which is what RECAP stores;
 * - CourtListener REST v4: a docket object (`/api/rest/v4/dockets/ID/`), with its entries from
 *   `/docket-entries/?docket=ID` either embedded as `docket_entries` or as that page's `results`
 *   (entries carry `entry_number` and `recap_documents[]`; parties, when fetched from
 *   `/parties/?docket=ID`, under `parties` with `party_types[]`).
 */
type Json = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const day = (value: unknown) => text(value)?.slice(0, 10);

/** `https://www.courtlistener.com/api/rest/v4/courts/dcd/` → `dcd` */
const courtFromUrl = (value: unknown) => text(value)?.match(/courts\/([a-z0-9]+)\/?$/)?.[1];

function entryOf(raw: Json): DocketEntry {
  const documents = Array.isArray(raw.recap_documents) ? (raw.recap_documents as Json[]) : [];
  const main = documents.find((d) => d.document_type === 1 || d.attachment_number == null);
  const number = raw.document_number ?? raw.entry_number ?? main?.document_number;
  return {
    dateFiled: day(raw.date_filed),
    number: number === null || number === undefined || number === '' ? null : String(number),
    description: text(raw.description) ?? text(main?.description) ?? '',
  };
}

function partyOf(raw: Json): DocketParty {
  const types = Array.isArray(raw.party_types) ? (raw.party_types as Json[]) : [];
  const attorneys = Array.isArray(raw.attorneys) ? (raw.attorneys as Json[]) : [];
  return {
    name: text(raw.name) ?? '',
    type: text(raw.type) ?? text(types[0]?.name) ?? 'Party',
    attorneys: attorneys
      .map((a) => ({
        name: text(a.name) ?? '',
        roles: Array.isArray(a.roles)
          ? (a.roles as string[])
          : text(a.role)
            ? [String(a.role)]
            : [],
      }))
      .filter((a) => a.name),
  };
}

function listOf(value: unknown): Json[] {
  if (Array.isArray(value)) return value as Json[];
  if (value && typeof value === 'object' && Array.isArray((value as Json).results)) {
    return (value as Json).results as Json[];
  }
  return [];
}

export function docketFromJson(raw: Json): Docket {
  const courtId = text(raw.court_id) ?? courtFromUrl(raw.court);
  const docketNumber = text(raw.docket_number);
  const caseName = text(raw.case_name) ?? text(raw.case_name_full) ?? text(raw.case_name_short);
  const missing = [
    !courtId && 'court_id',
    !docketNumber && 'docket_number',
    !caseName && 'case_name',
  ].filter(Boolean);
  if (missing.length) throw new Error(`not a docket: no ${missing.join(', ')}`);
  const absolute = text(raw.absolute_url);
  return {
    courtId: courtId as string,
    docketNumber: docketNumber as string,
    caseName: caseName as string,
    dateFiled: day(raw.date_filed),
    dateTerminated: day(raw.date_terminated),
    judge: text(raw.assigned_to_str),
    cause: text(raw.cause),
    natureOfSuit: text(raw.nature_of_suit),
    jurisdiction: text(raw.jurisdiction) ?? text(raw.jurisdiction_type),
    url: absolute
      ? absolute.startsWith('http')
        ? absolute
        : `https://www.courtlistener.com${absolute}`
      : undefined,
    parties: listOf(raw.parties)
      .map(partyOf)
      .filter((p) => p.name),
    entries: listOf(raw.docket_entries ?? raw.results).map(entryOf),
  };
}

async function* readCourtListener(
  path: string,
  options: ReadOptions = {},
): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  let raw: Json;
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as Json;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  let docket: Docket;
  try {
    docket = docketFromJson(raw);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const origin = 'id' in raw ? 'CourtListener (Free Law Project)' : 'PACER, parsed by juriscraper';
  yield* docketOutputs(docket, file, origin, options.accessedAt);
}

export const courtListenerReader: FormatReader = {
  name: 'courtlistener',
  description: 'docket JSON from CourtListener REST v4 or juriscraper (RECAP)',
  read: readCourtListener,
};
