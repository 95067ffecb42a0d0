import { foldText } from '../../../lib/text.js';
import type { ImportItem } from '../item.js';
import { compact } from './dataset-source.js';
import { findDeadlines } from './docket-deadlines.js';
import { findHearings } from './docket-hearings.js';

/**
 * A court docket as CourtListener, juriscraper and PACER's HTML all describe it; each reader
 * fills this in, and one mapping turns it into a proceeding, its parties and its entries.
 */
export interface Docket {
  courtId: string;
  courtName?: string;
  docketNumber: string;
  caseName: string;
  dateFiled?: string;
  dateTerminated?: string;
  judge?: string;
  cause?: string;
  natureOfSuit?: string;
  jurisdiction?: string;
  url?: string;
  parties: DocketParty[];
  entries: DocketEntry[];
}

export interface DocketParty {
  name: string;
  /** as the docket says it: Petitioner, Respondent, Plaintiff… */
  type: string;
  attorneys: { name: string; roles: string[] }[];
}

export interface DocketEntry {
  dateFiled?: string;
  /** null for entries without a document (minute orders, most often) */
  number: string | null;
  description: string;
}

const slug = (text: string) =>
  foldText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** `2:18-cv-01510-ES` and `2:18-cv-01510` are one case: the judge's initials are dropped. */
export const baseDocketNumber = (number: string) =>
  number.trim().replace(/^(\d+:\d{2}-[a-z]{2,4}-\d+)(?:-[A-Z]{1,4})+$/i, '$1');

const COURT_NAMES: Record<string, string> = {
  dcd: 'U.S. District Court for the District of Columbia',
  njd: 'U.S. District Court for the District of New Jersey',
  cadc: 'U.S. Court of Appeals for the D.C. Circuit',
  scotus: 'Supreme Court of the United States',
  txsd: 'U.S. District Court for the Southern District of Texas',
  txwd: 'U.S. District Court for the Western District of Texas',
  nysd: 'U.S. District Court for the Southern District of New York',
  cacd: 'U.S. District Court for the Central District of California',
};

const ORGANIZATION_WORDS =
  /\b(?:LLC|L\.L\.C\.|INC\.?|CORP(?:ORATION)?|COMPANY|LTD|UNITED STATES|STATE OF|COMMONWEALTH|DEPARTMENT|AGENCY|OFFICE|BUREAU|SERVICE|ASSOCIATION|UNION|FOUNDATION|COUNTY|CITY OF|GOVERNMENT|IMMIGRATION|CUSTOMS|SECURITY|UNIVERSITY|COUNCIL|CENTER|INSTITUTE|FACILITY)\b/i;

const PARTY_ROLES: Record<string, string> = {
  petitioner: 'petitioner',
  respondent: 'respondent',
  plaintiff: 'plaintiff',
  defendant: 'defendant',
  intervenor: 'intervenor',
  amicus: 'amicus',
};

const tidyName = (name: string) =>
  name
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(
      /(^|[\s\-'.])(\p{L})/gu,
      (_, lead: string, letter: string) => lead + letter.toUpperCase(),
    );

/** PACER writes people "GIVEN M. FAMILY": the last word is the family name. */
function personBody(name: string, role: 'judge' | 'lawyer' | undefined) {
  const words = tidyName(name.replace(/^judge\s+/i, '')).split(' ');
  const familyNames = words.length > 1 ? words.pop() : words[0];
  return compact({
    givenNames: words.length && words[0] !== familyNames ? words.join(' ') : undefined,
    familyNames,
    aliases: [name.trim()],
    roles: role ? [role] : undefined,
  });
}

function proceedingKind(docket: Docket): string {
  const text = `${docket.natureOfSuit ?? ''} ${docket.cause ?? ''}`;
  if (/habeas|2241|2254|2255/i.test(text)) return 'habeas';
  if (/-cr-/i.test(docket.docketNumber)) return 'criminal';
  if (/class action/i.test(text)) return 'class_action';
  return 'civil';
}

function entryKind(text: string): 'order' | 'ruling' | 'filing' {
  if (/^\s*(?:ENTERED IN ERROR)/i.test(text)) return 'filing';
  if (/^\s*(?:MEMORANDUM OPINION|OPINION|JUDGMENT)\b/i.test(text)) return 'ruling';
  if (/^\s*(?:MINUTE ORDER|ORDER|SCHEDULING ORDER|MINUTE ENTRY)\b/i.test(text)) return 'order';
  if (/\bSigned by (?:Chief )?(?:Magistrate )?Judge\b/.test(text) && /\bORDER/.test(text)) {
    return 'order';
  }
  return 'filing';
}

/** "MINUTE ORDER granting …" → "MINUTE ORDER granting …" cut at the first sentence or 120 chars. */
function entryTitle(text: string): string {
  const first = text.split(/(?<=\.)\s|\(Attachments:/)[0] ?? text;
  return first.length > 120 ? `${first.slice(0, 117).trimEnd()}…` : first.trim();
}

export function docketItems(docket: Docket, file: string, sourceId: string): ImportItem[] {
  const origin = { row: 1, file };
  const cite = [{ externalId: sourceId }];
  const number = baseDocketNumber(docket.docketNumber);
  const caseKey = `docket:${docket.courtId}:${number}`;
  const items: ImportItem[] = [];
  const courtId = `court:${docket.courtId}`;
  items.push({
    type: 'organization',
    origin,
    externalId: courtId,
    body: {
      name: COURT_NAMES[docket.courtId] ?? docket.courtName ?? `U.S. court (${docket.courtId})`,
      kind: 'court',
      country: 'US',
      aliases: [docket.courtId],
    },
  });
  const refs: NonNullable<ImportItem['refs']> = {
    forumId: { type: 'organization', externalId: courtId },
  };
  if (docket.judge) {
    const judgeId = `us-judge:${slug(docket.judge.replace(/^judge\s+/i, ''))}`;
    items.push({
      type: 'person',
      origin,
      externalId: judgeId,
      body: personBody(docket.judge, 'judge'),
      citeSources: cite,
    });
    refs['judgeIds.0'] = { type: 'person', externalId: judgeId };
  }
  const parties: Record<string, unknown>[] = [];
  const made = new Set<string>();
  const addParty = (name: string, role: string, note: string | undefined, lawyer: boolean) => {
    const organization = !lawyer && ORGANIZATION_WORDS.test(name);
    const type = organization ? 'organization' : 'person';
    const externalId = lawyer
      ? `${caseKey}:counsel:${slug(name)}`
      : `${caseKey}:party:${slug(name)}`;
    if (!made.has(`${type}:${externalId}`)) {
      made.add(`${type}:${externalId}`);
      items.push({
        type,
        origin,
        externalId,
        body: organization
          ? { name: tidyName(name), kind: 'other', aliases: [name.trim()] }
          : personBody(name, lawyer ? 'lawyer' : undefined),
        citeSources: cite,
      });
    }
    refs[`parties.${parties.length}.${type}Id`] = { type, externalId };
    parties.push(compact({ role, note }));
  };
  for (const party of docket.parties) {
    addParty(
      party.name,
      PARTY_ROLES[party.type.trim().toLowerCase()] ?? 'other',
      party.type,
      false,
    );
  }
  for (const party of docket.parties) {
    for (const attorney of party.attorneys) {
      const roles = attorney.roles.length ? ` (${attorney.roles.join(', ').toLowerCase()})` : '';
      addParty(attorney.name, 'counsel', `for ${tidyName(party.name)}${roles}`, true);
    }
  }
  items.push({
    type: 'proceeding',
    origin,
    externalId: caseKey,
    body: compact({
      title: docket.caseName,
      docketNumber: docket.docketNumber,
      kind: proceedingKind(docket),
      status: docket.dateTerminated ? 'closed' : 'active',
      parties,
      filedAt: docket.dateFiled,
      closedAt: docket.dateTerminated,
      summary:
        [
          docket.natureOfSuit && `Nature of suit: ${docket.natureOfSuit}`,
          docket.cause && `Cause: ${docket.cause}`,
          docket.jurisdiction && `Jurisdiction: ${docket.jurisdiction}`,
        ]
          .filter(Boolean)
          .join('\n') || undefined,
    }),
    refs,
    citeSources: cite,
  });
  const unnumbered = new Map<string, number>();
  docket.entries.forEach((entry, index) => {
    const text = entry.description.replace(/\s+/g, ' ').trim();
    if (!text) return;
    let key = entry.number;
    if (!key) {
      // minute orders carry no number: the date and their order within it identify them
      const day = entry.dateFiled ?? 'undated';
      const n = (unnumbered.get(day) ?? 0) + 1;
      unnumbered.set(day, n);
      key = `${day}~${n}`;
    }
    const entryId = `${caseKey}:entry:${key}`;
    const kind = entryKind(text);
    const inError = /^\s*ENTERED IN ERROR/i.test(text);
    const deadlines = inError ? [] : findDeadlines(text, entry.dateFiled);
    const earliest = [...deadlines].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    const proceeding = { proceedingId: { type: 'proceeding', externalId: caseKey } };
    items.push({
      type: 'proceeding_event',
      origin: { row: index + 1, file },
      externalId: entryId,
      body: compact({
        kind,
        occurredAt: entry.dateFiled,
        title: entryTitle(text),
        description: text,
        entryNumber: entry.number ?? undefined,
        order:
          kind === 'order' || kind === 'ruling'
            ? { directive: (earliest?.directive ?? text).slice(0, 5000), deadline: earliest?.dueAt }
            : undefined,
        notes: inError ? 'The clerk marked this entry as entered in error.' : undefined,
      }),
      refs: proceeding,
      citeSources: [{ externalId: sourceId, locator: entry.number ? `ECF ${entry.number}` : key }],
    });
    const hearings = inError ? [] : findHearings(text, entry.dateFiled, docket.courtId);
    hearings.forEach((hearing, i) => {
      items.push({
        type: 'proceeding_event',
        origin: { row: index + 1, file },
        externalId: `${entryId}:hearing:${i + 1}`,
        body: compact({
          kind: 'hearing',
          occurredAt: entry.dateFiled,
          title: `Hearing ${hearing.scheduledFor.slice(0, 16).replace('T', ' ')}`,
          description: hearing.sentence,
          entryNumber: entry.number ?? undefined,
          hearing: { scheduledFor: hearing.scheduledFor },
        }),
        refs: proceeding,
        citeSources: [
          { externalId: sourceId, locator: entry.number ? `ECF ${entry.number}` : key },
        ],
      });
    });
    deadlines.forEach((deadline, i) => {
      items.push({
        type: 'proceeding_event',
        origin: { row: index + 1, file },
        externalId: `${entryId}:deadline:${i + 1}`,
        body: compact({
          kind: 'deadline',
          occurredAt: entry.dateFiled,
          title: `Due ${deadline.dueAt}${entry.number ? ` (ECF ${entry.number})` : ''}`,
          description: deadline.directive,
          entryNumber: entry.number ?? undefined,
          dueAt: deadline.dueAt,
        }),
        refs: proceeding,
        citeSources: [
          { externalId: sourceId, locator: entry.number ? `ECF ${entry.number}` : key },
        ],
      });
    });
  });
  return items;
}

export const docketSourceId = (docket: Docket) =>
  `docket:${docket.courtId}:${baseDocketNumber(docket.docketNumber)}`;
