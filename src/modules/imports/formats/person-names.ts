/**
 * Names as government lists write them, split into given and family names. The lists mix
 * three conventions, sometimes within one file:
 * - `VERDECIA-CARRILLO HERIBERTO`: capitals, family name first (old ICE lists);
 * - `PATEL Atulkumar Babubhai`, `Leonardo LEMUS-Rajo Jose`: the family name is the word in
 *   capitals, wherever it stands;
 * - `Romero, Ronal Francisco (aka Cruz, Ronald)`: family name, comma, given names, and aliases.
 * When nothing tells the order (`Fino Martinez Luis Alonso`), the first word is taken as the
 * family name, as in the rest of the list, and the name as written is kept among the aliases
 * so that no reading is lost.
 */
export interface ParsedName {
  givenNames?: string;
  familyNames?: string;
  aliases: string[];
  /** true when the split between given and family names is a guess */
  orderUncertain: boolean;
}

const AKA = /\(\s*(?:aka|a\.k\.a\.)\s+([^)]*)\)/gi;
const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'da',
  'das',
  'do',
  'dos',
  'van',
  'von',
]);

const hasLower = (word: string) => word !== word.toUpperCase();
/** a word written in capitals, or a hyphenated surname whose first part is (`BARCENAS-Padilla`) */
const isCapitalised = (word: string) => /^\p{Lu}{2,}/u.test(word.split('-')[0] ?? '');

const endsInParticle = (word: string | undefined) =>
  word !== undefined &&
  isCapitalised(word) &&
  PARTICLES.has(word.split('-').at(-1)?.toLowerCase() ?? '');

/** `VERDECIA-CARRILLO` → `Verdecia-Carrillo`; words already in mixed case are left as written. */
function tidyWord(word: string, position: number): string {
  return word
    .split('-')
    .map((part) => {
      if (hasLower(part)) return part;
      const lower = part.toLowerCase();
      if (position > 0 && PARTICLES.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join('-');
}

const tidy = (words: string[]) => words.map(tidyWord).join(' ') || undefined;

function splitMain(text: string): Omit<ParsedName, 'aliases'> {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const family = text.slice(0, comma).trim().split(/\s+/).filter(Boolean);
    const given = text
      .slice(comma + 1)
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return { familyNames: tidy(family), givenNames: tidy(given), orderUncertain: false };
  }
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 1) return { familyNames: tidy(words), orderUncertain: true };
  const allCapitals = words.every((word) => !hasLower(word));
  if (!allCapitals && words.some(isCapitalised)) {
    // `CALDERON-De Hildago Raquel`: a surname ending in a particle runs on into the next word
    const family = words.map((word, i) => isCapitalised(word) || endsInParticle(words[i - 1]));
    return {
      familyNames: tidy(words.filter((_, i) => family[i])),
      givenNames: tidy(words.filter((_, i) => !family[i])),
      orderUncertain: false,
    };
  }
  return {
    familyNames: tidy(words.slice(0, 1)),
    givenNames: tidy(words.slice(1)),
    orderUncertain: !allCapitals,
  };
}

const display = (name: Omit<ParsedName, 'aliases'>) =>
  [name.givenNames, name.familyNames].filter(Boolean).join(' ');

export function parsePersonName(raw: string): ParsedName {
  const text = raw.replace(/\s+/g, ' ').trim();
  const akas = [...text.matchAll(AKA)].map((match) => (match[1] ?? '').trim()).filter(Boolean);
  const main = splitMain(text.replace(AKA, '').trim());
  const aliases = new Set<string>();
  for (const aka of akas) {
    const alias = display(splitMain(aka));
    if (alias && alias !== display(main)) aliases.add(alias);
  }
  if (main.orderUncertain) aliases.add(text.replace(AKA, '').trim());
  return { ...main, aliases: [...aliases] };
}
