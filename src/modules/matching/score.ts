import { parsePartialDate, partialDatePrecision } from '../../lib/partial-date.js';
import { bestNameMatch, type TokenPairing } from './name-similarity.js';
import { type NameFields, personNames } from './names.js';

/** What the matcher reads of a person: names, and the facts that confirm or refute a match. */
export interface MatchablePerson extends NameFields {
  sex?: string | null;
  birthDate?: string | null;
  nationalities?: readonly string[];
  identifiers?: readonly { kind: string; value: string; country?: string | null }[];
}

export const MATCH_SIGNALS = ['name', 'birthDate', 'nationality', 'identifier', 'sex'] as const;
export type MatchSignal = (typeof MATCH_SIGNALS)[number];

/** One piece of evidence, as a reviewer reads it: what, how much it moved the score, why. */
export interface MatchReason {
  signal: MatchSignal;
  weight: number;
  detail: string;
}

export interface MatchScore {
  score: number;
  reasons: MatchReason[];
}

/**
 * Pairs at or above this score go to the review queue. Set from the labelled fixture
 * (test/fixtures/matching-pairs.json): the lowest score that keeps precision near 1 there.
 */
export const QUEUE_THRESHOLD = 0.8;

const round = (n: number) => Math.round(n * 1000) / 1000;

function describePairs(pairs: TokenPairing[]): string {
  return pairs.map((p) => (p.a === p.b ? p.a : `${p.a} ≈ ${p.b} (${p.match.kind})`)).join(', ');
}

function nameReason(a: MatchablePerson, b: MatchablePerson): MatchReason {
  const best = bestNameMatch(personNames(a), personNames(b));
  if (!best || best.similarity === 0) {
    return { signal: 'name', weight: 0, detail: 'no name in common' };
  }
  const order = best.swapped ? '; given names and surnames in the other order' : '';
  return {
    signal: 'name',
    weight: round(best.similarity),
    detail: `names agree: ${describePairs(best.pairs)}${order}`,
  };
}

function birthDateReason(a?: string | null, b?: string | null): MatchReason | null {
  if (!a || !b) return null;
  const x = parsePartialDate(a);
  const y = parsePartialDate(b);
  if (x.end < y.start || y.end < x.start) {
    return { signal: 'birthDate', weight: -0.3, detail: `born ${a} and ${b}: cannot both be true` };
  }
  if (a === b && partialDatePrecision(a) === 'day') {
    return { signal: 'birthDate', weight: 0.08, detail: `both born ${a}` };
  }
  return { signal: 'birthDate', weight: 0.03, detail: `born ${a} and ${b}: compatible` };
}

function nationalityReason(a?: readonly string[], b?: readonly string[]): MatchReason | null {
  if (!a?.length || !b?.length) return null;
  const shared = a.filter((n) => b.includes(n));
  return shared.length > 0
    ? { signal: 'nationality', weight: 0.03, detail: `both ${shared.join(', ')}` }
    : {
        signal: 'nationality',
        weight: -0.1,
        detail: `${a.join(', ')} and ${b.join(', ')}: no nationality in common`,
      };
}

const KIND_NAMES: Record<string, string> = {
  a_number: 'A-number',
  passport: 'passport',
  cedula: 'cédula',
  booking_number: 'booking number',
  fbi_number: 'FBI number',
  national_id: 'national id',
  other: 'identifier',
};

/** Spacing, dashes and case never distinguish identifiers; nor does an A-number's "A". */
export const normaliseIdentifier = (value: string, kind?: string) => {
  const plain = value.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
  return kind === 'a_number' ? plain.replace(/^A(?=\d)/, '') : plain;
};

/**
 * Identifiers decide more than any name: the same A-number is almost surely one person, two
 * different A-numbers almost surely two. Values stay out of the detail: they are confidential.
 */
function identifierReasons(a: MatchablePerson, b: MatchablePerson): MatchReason[] {
  const reasons: MatchReason[] = [];
  const kinds = new Set((a.identifiers ?? []).map((i) => i.kind));
  for (const kind of kinds) {
    if (kind === 'other') continue;
    const mine = (a.identifiers ?? []).filter((i) => i.kind === kind);
    const theirs = (b.identifiers ?? []).filter((i) => i.kind === kind);
    if (theirs.length === 0) continue;
    const same = mine.some((m) =>
      theirs.some((t) => normaliseIdentifier(m.value, kind) === normaliseIdentifier(t.value, kind)),
    );
    // Two passports from different countries can both be genuine; only the same issuer refutes.
    const sameIssuer = mine.some((m) =>
      theirs.some((t) => (m.country ?? '') === (t.country ?? '')),
    );
    const name = KIND_NAMES[kind] ?? kind;
    if (same) reasons.push({ signal: 'identifier', weight: 0.5, detail: `same ${name}` });
    else if (sameIssuer || kind === 'a_number') {
      reasons.push({ signal: 'identifier', weight: -0.5, detail: `different ${name}s` });
    }
  }
  return reasons;
}

function sexReason(a?: string | null, b?: string | null): MatchReason | null {
  const known = (s?: string | null) => s === 'female' || s === 'male';
  if (!known(a) || !known(b) || a === b) return null;
  return { signal: 'sex', weight: -0.2, detail: `recorded as ${a} and ${b}` };
}

/** Everything but the names: birth date, nationality, sex and identifiers. */
function reasonsBesideName(a: MatchablePerson, b: MatchablePerson): MatchReason[] {
  return [
    birthDateReason(a.birthDate, b.birthDate),
    nationalityReason(a.nationalities, b.nationalities),
    sexReason(a.sex, b.sex),
    ...identifierReasons(a, b),
  ].filter((r): r is MatchReason => r !== null);
}

function scoreOf(reasons: MatchReason[]): number {
  const total = reasons.reduce((sum, r) => sum + r.weight, 0);
  return round(Math.min(1, Math.max(0, total)));
}

/**
 * How likely two person records are one person, 0..1, with every reason. Names carry the
 * score; birth date, nationality, sex and identifiers confirm or contradict it.
 */
export function scorePair(a: MatchablePerson, b: MatchablePerson): MatchScore {
  const reasons = [nameReason(a, b), ...reasonsBesideName(a, b)];
  return { score: scoreOf(reasons), reasons };
}

/**
 * The pair's score when it reaches the queue, else null: `scorePair` for the write path, where
 * most neighbours fall short. Names weigh at most 1, so when the other evidence alone keeps
 * even a perfect name match under the threshold (a birth date that cannot be the same person's,
 * say) the names are never compared: the answer is the same, at a fraction of the cost.
 */
export function scoreIfQueued(a: MatchablePerson, b: MatchablePerson): MatchScore | null {
  const beside = reasonsBesideName(a, b);
  const perfectName: MatchReason = { signal: 'name', weight: 1, detail: '' };
  if (scoreOf([perfectName, ...beside]) < QUEUE_THRESHOLD) return null;
  const reasons = [nameReason(a, b), ...beside];
  const score = scoreOf(reasons);
  return score >= QUEUE_THRESHOLD ? { score, reasons } : null;
}
