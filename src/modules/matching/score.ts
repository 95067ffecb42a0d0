import { parsePartialDate, partialDatePrecision } from '../../lib/partial-date.js';
import { bestNameMatch, nameSimilarity, type TokenPairing } from './name-similarity.js';
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

/*
 * Each signal is read in two steps: what it finds (a word from a short list, no text built) and
 * what that weighs, then — only for a pair that reaches the queue — how to say it. A bulk import
 * scores each new person against dozens of neighbours and queues few of them: building every
 * reason and word pairing for the rest was two fifths of all it allocated (profiled at 30,000
 * people; a quarter less in all once only queued pairs are put in words).
 */

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

const BIRTH_DATE_WEIGHT = { impossible: -0.3, sameDay: 0.08, compatible: 0.03 } as const;

function birthDateFinding(
  a?: string | null,
  b?: string | null,
): keyof typeof BIRTH_DATE_WEIGHT | null {
  if (!a || !b) return null;
  const x = parsePartialDate(a);
  const y = parsePartialDate(b);
  if (x.end < y.start || y.end < x.start) return 'impossible';
  if (a === b && partialDatePrecision(a) === 'day') return 'sameDay';
  return 'compatible';
}

function birthDateReason(a?: string | null, b?: string | null): MatchReason | null {
  const finding = birthDateFinding(a, b);
  if (!finding) return null;
  const detail = {
    impossible: `born ${a} and ${b}: cannot both be true`,
    sameDay: `both born ${a}`,
    compatible: `born ${a} and ${b}: compatible`,
  }[finding];
  return { signal: 'birthDate', weight: BIRTH_DATE_WEIGHT[finding], detail };
}

const NATIONALITY_WEIGHT = { shared: 0.03, none: -0.1 } as const;

function nationalityFinding(
  a?: readonly string[],
  b?: readonly string[],
): keyof typeof NATIONALITY_WEIGHT | null {
  if (!a?.length || !b?.length) return null;
  for (const n of a) if (b.includes(n)) return 'shared';
  return 'none';
}

function nationalityReason(a?: readonly string[], b?: readonly string[]): MatchReason | null {
  const finding = nationalityFinding(a, b);
  if (!finding || !a || !b) return null;
  const detail =
    finding === 'shared'
      ? `both ${a.filter((n) => b.includes(n)).join(', ')}`
      : `${a.join(', ')} and ${b.join(', ')}: no nationality in common`;
  return { signal: 'nationality', weight: NATIONALITY_WEIGHT[finding], detail };
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

const IDENTIFIER_WEIGHT = { same: 0.5, different: -0.5 } as const;

interface IdentifierFinding {
  kind: string;
  finding: keyof typeof IDENTIFIER_WEIGHT;
}

const NO_FINDINGS: readonly IdentifierFinding[] = Object.freeze([]);

/**
 * Identifiers decide more than any name: the same A-number is almost surely one person, two
 * different A-numbers almost surely two. What each kind of `a`'s identifiers finds in `b`'s, in
 * the order the kinds first appear.
 */
function identifierFindings(a: MatchablePerson, b: MatchablePerson): readonly IdentifierFinding[] {
  const mine = a.identifiers ?? [];
  const theirs = b.identifiers ?? [];
  if (mine.length === 0 || theirs.length === 0) return NO_FINDINGS;
  const findings: IdentifierFinding[] = [];
  mine.forEach(({ kind }, first) => {
    if (kind === 'other' || mine.findIndex((i) => i.kind === kind) !== first) return;
    let any = false;
    let same = false;
    let sameIssuer = false;
    for (const m of mine) {
      if (m.kind !== kind) continue;
      for (const t of theirs) {
        if (t.kind !== kind) continue;
        any = true;
        same ||= normaliseIdentifier(m.value, kind) === normaliseIdentifier(t.value, kind);
        // Two passports from different countries can both be genuine; only the same issuer refutes.
        sameIssuer ||= (m.country ?? '') === (t.country ?? '');
      }
    }
    if (!any) return;
    if (same) findings.push({ kind, finding: 'same' });
    else if (sameIssuer || kind === 'a_number') findings.push({ kind, finding: 'different' });
  });
  return findings;
}

/** Values stay out of the detail: they are confidential. */
function identifierReasons(a: MatchablePerson, b: MatchablePerson): MatchReason[] {
  return identifierFindings(a, b).map(({ kind, finding }) => {
    const name = KIND_NAMES[kind] ?? kind;
    return {
      signal: 'identifier',
      weight: IDENTIFIER_WEIGHT[finding],
      detail: finding === 'same' ? `same ${name}` : `different ${name}s`,
    };
  });
}

const SEX_DIFFERS_WEIGHT = -0.2;

const isKnownSex = (s?: string | null) => s === 'female' || s === 'male';

function sexDiffers(a?: string | null, b?: string | null): boolean {
  return isKnownSex(a) && isKnownSex(b) && a !== b;
}

function sexReason(a?: string | null, b?: string | null): MatchReason | null {
  if (!sexDiffers(a, b)) return null;
  return { signal: 'sex', weight: SEX_DIFFERS_WEIGHT, detail: `recorded as ${a} and ${b}` };
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

/**
 * The weights of everything but the names, in the order of `reasonsBesideName` (so a sum
 * over them is the same to the last bit as `scoreOf`'s), with no reason written out.
 */
function weightsBesideName(a: MatchablePerson, b: MatchablePerson): number[] {
  const weights: number[] = [];
  const birth = birthDateFinding(a.birthDate, b.birthDate);
  if (birth) weights.push(BIRTH_DATE_WEIGHT[birth]);
  const nationality = nationalityFinding(a.nationalities, b.nationalities);
  if (nationality) weights.push(NATIONALITY_WEIGHT[nationality]);
  if (sexDiffers(a.sex, b.sex)) weights.push(SEX_DIFFERS_WEIGHT);
  for (const { finding } of identifierFindings(a, b)) weights.push(IDENTIFIER_WEIGHT[finding]);
  return weights;
}

const clampAndRound = (total: number) => round(Math.min(1, Math.max(0, total)));

/** The score of a name weight and the other weights, summed in `scorePair`'s order. */
function scoreWith(nameWeight: number, besideName: readonly number[]): number {
  let total = 0 + nameWeight;
  for (const weight of besideName) total += weight;
  return clampAndRound(total);
}

function scoreOf(reasons: MatchReason[]): number {
  return clampAndRound(reasons.reduce((sum, r) => sum + r.weight, 0));
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
 * most neighbours fall short, worked out in numbers and put in words only for a pair that
 * reaches the queue. Names weigh at most 1, so when the other evidence alone keeps even a
 * perfect name match under the threshold (a birth date that cannot be the same person's, say)
 * the names are never compared: the answer is the same, at a fraction of the cost.
 */
export function scoreIfQueued(a: MatchablePerson, b: MatchablePerson): MatchScore | null {
  const besideName = weightsBesideName(a, b);
  if (scoreWith(1, besideName) < QUEUE_THRESHOLD) return null;
  const nameWeight = round(nameSimilarity(personNames(a), personNames(b)));
  if (scoreWith(nameWeight, besideName) < QUEUE_THRESHOLD) return null;
  return scorePair(a, b);
}
