import { foldText } from '../../lib/text.js';

/**
 * A person's name as the matcher sees it: folded tokens, split into given names and surnames.
 * Lists write names in several conventions — "Juan José Ramos Ramos", the ICE lists'
 * "VERDECIA-CARRILLO HERIBERTO" (surnames first, in capitals), "Romero, Ronal Francisco" — and
 * the same person turns up under each, so every form is reduced to the same two token sets.
 */
export interface ParsedName {
  given: string[];
  family: string[];
  /** written as "Given Family" with three or more words: where the surnames start is a guess */
  ambiguous?: boolean;
}

/** Words that join surnames ("de la Cruz", "Ramos y Ramos") and carry no identity of their own. */
const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'e',
  'da',
  'das',
  'do',
  'dos',
  'di',
  'van',
  'von',
  'der',
  'al',
  'el',
  'bin',
  'ben',
  'ibn',
]);

const ALIAS_MARKERS = /\(\s*(?:aka|a\.k\.a\.?|alias|tambien conocido como)\s+([^)]*)\)/giu;

/** Folded words, hyphens and punctuation as separators, particles dropped. */
export function nameTokens(text: string): string[] {
  return foldText(text)
    .replace(/[^\p{L}\s]+/gu, ' ')
    .split(' ')
    .filter((t) => t.length > 0 && !PARTICLES.has(t));
}

/** ICE lists print the surname first and in capitals: "GUO QI GEN", "RAYSON Roger". */
function surnameFirstInCapitals(text: string): boolean {
  const first = text.trim().split(/\s+/)[0] ?? '';
  return /\p{Lu}{2,}/u.test(first) && first === first.toUpperCase() && /\s/.test(text.trim());
}

/** Splits one written name (no aliases) into given names and surnames. */
export function parseSingleName(text: string): ParsedName {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    return { family: nameTokens(text.slice(0, comma)), given: nameTokens(text.slice(comma + 1)) };
  }
  if (surnameFirstInCapitals(text)) {
    // The hyphenated first word is one (double) surname: "VERDECIA-CARRILLO HERIBERTO".
    const [first = '', ...rest] = text.trim().split(/\s+/);
    return { family: nameTokens(first), given: nameTokens(rest.join(' ')) };
  }
  const tokens = nameTokens(text);
  // "Given Family": Spanish names carry two surnames, so with three or more words the last two
  // are surnames; a hyphen marks a double surname explicitly.
  const words = text.trim().split(/\s+/);
  const last = words.at(-1) ?? '';
  if (last.includes('-')) {
    const family = nameTokens(last);
    return { family, given: tokens.slice(0, tokens.length - family.length) };
  }
  if (tokens.length <= 1) return { given: [], family: tokens };
  const familyCount = tokens.length >= 3 ? 2 : 1;
  return {
    given: tokens.slice(0, -familyCount),
    family: tokens.slice(-familyCount),
    ambiguous: tokens.length >= 3,
  };
}

/** A written name and the "(aka …)" names inside it, each parsed. */
export function parseName(text: string): ParsedName[] {
  const aliases = [...text.matchAll(ALIAS_MARKERS)].map((m) => m[1] ?? '');
  const main = text.replace(ALIAS_MARKERS, ' ').trim();
  return [main, ...aliases].filter((t) => nameTokens(t).length > 0).map(parseSingleName);
}

/** The fields of a person record that name them. */
export interface NameFields {
  givenNames?: string | null;
  familyNames?: string | null;
  aliases?: readonly string[];
}

/**
 * Parsed names, kept per record object and per written name: a write compares each person with
 * up to dozens of neighbours, a bulk write compares the same neighbours again and again (read
 * afresh for each batch), and common names recur. Records are never changed in place (an update
 * makes a new object), so an entry never goes stale. Callers must not change what they get.
 */
const parsed = new WeakMap<NameFields, ParsedName[]>();
const parsedByText = new Map<string, ParsedName[]>();
const TEXT_CACHE_LIMIT = 100_000;

/** Every name a person record is known by: the structured name first, then each alias. */
export function personNames(person: NameFields): ParsedName[] {
  let names = parsed.get(person);
  if (names) return names;
  const text = [person.givenNames ?? '', person.familyNames ?? '', ...(person.aliases ?? [])].join(
    '\u0000',
  );
  names = parsedByText.get(text);
  if (!names) {
    names = parseNames(person);
    if (parsedByText.size >= TEXT_CACHE_LIMIT) parsedByText.clear();
    parsedByText.set(text, names);
  }
  parsed.set(person, names);
  return names;
}

function parseNames(person: NameFields): ParsedName[] {
  const names: ParsedName[] = [];
  if (person.givenNames || person.familyNames) {
    const familyText = person.familyNames ?? '';
    const givenText = person.givenNames ?? '';
    names.push({
      given: nameTokens(givenText.replace(ALIAS_MARKERS, ' ')),
      family: nameTokens(familyText.replace(ALIAS_MARKERS, ' ')),
    });
    // Aliases written into the name fields ("Ronal (aka Ronald)") count as aliases too.
    for (const alias of [...`${givenText} ${familyText}`.matchAll(ALIAS_MARKERS)]) {
      names.push(...parseName(alias[1] ?? ''));
    }
  }
  for (const alias of person.aliases ?? []) names.push(...parseName(alias));
  return names.filter((n) => n.given.length + n.family.length > 0);
}
