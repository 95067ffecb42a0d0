/**
 * Builds test/fixtures/matching-pairs.json, the labelled pairs the person matcher is measured
 * on, from the real name conventions of the ICE custody-death lists in ../shared/data and the
 * CECOT names of ../shared/examples. True pairs are one real name rendered the way another list
 * would write it (missing second surname, swapped surnames, "Family, Given", capitals, accents,
 * one typo, b/v, a nickname, a transliteration, an aka); false pairs are the hard ones a
 * reviewer meets (brothers sharing both surnames, a shared common surname, a shared given
 * name). Deterministic: a seeded generator, so the file only changes when this script does.
 *
 *   npx tsx scripts/generate-matching-pairs.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = `${root}../shared`;

interface BaseName {
  given: string[];
  family: string[];
  /** as written in the source list */
  original: string;
  source: string;
}

export interface LabelledPair {
  a: string;
  b: string;
  same: boolean;
  variant: string;
}

/** mulberry32: a tiny seeded generator, so the fixture is reproducible. */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20251129);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const title = (word: string) =>
  word
    .toLowerCase()
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('-');

function firstCsvField(line: string): string {
  if (!line.startsWith('"')) return line.split(',')[0] ?? '';
  return line.slice(1, line.indexOf('"', 1));
}

function iceList(): BaseName[] {
  const lines = readFileSync(`${shared}/data/ice-custody-deaths-274.csv`, 'utf8').split('\n');
  return lines
    .slice(1)
    .map(firstCsvField)
    .filter((name) => /^[A-Z-]+ [A-Z]/.test(name) && !name.includes('('))
    .map((original) => {
      const [family = '', ...given] = original.split(/\s+/);
      return {
        given: given.map(title),
        family: family.split('-').map(title),
        original,
        source: 'ice-274',
      };
    })
    .filter((n) => n.given.every((g) => g.length > 1));
}

/** "De La Rosa" is one surname: particles stay with the word they introduce. */
function joinParticles(words: string[]): string[] {
  const joined: string[] = [];
  let pending: string[] = [];
  for (const word of words) {
    if (/^(de|del|la|las|los|y)$/i.test(word)) pending.push(word);
    else {
      joined.push([...pending, word].join(' '));
      pending = [];
    }
  }
  return joined;
}

function detailedList(): BaseName[] {
  const lines = readFileSync(`${shared}/data/ice-custody-deaths-fy2018-detailed.csv`, 'utf8').split(
    '\n',
  );
  return lines
    .slice(1)
    .map((line) => firstCsvField(line).split('|')[0] ?? '')
    .filter((name) => name.includes(',') && !name.includes('('))
    .map((original) => {
      const [family = '', given = ''] = original.split(',');
      return {
        given: given.trim().split(/\s+/),
        family: joinParticles(family.trim().split(/[\s-]+/)),
        original,
        source: 'ice-2018',
      };
    });
}

function cecotNames(): BaseName[] {
  const text = readFileSync(`${shared}/examples/cecot-2025.md`, 'utf8');
  return [...text.matchAll(/^\| ([^|]+?) \| Venezuelan/gm)].map((m) => {
    const words = (m[1] ?? '').split(' ');
    return {
      given: words.slice(0, -2),
      family: words.slice(-2),
      original: m[1] ?? '',
      source: 'cecot',
    };
  });
}

const ACCENTED: Record<string, string> = {
  Jose: 'José',
  Jesus: 'Jesús',
  Hernandez: 'Hernández',
  Rodriguez: 'Rodríguez',
  Martinez: 'Martínez',
  Lopez: 'López',
  Perez: 'Pérez',
  Ramirez: 'Ramírez',
  Gutierrez: 'Gutiérrez',
  Gonzalez: 'González',
  Sanchez: 'Sánchez',
  Garcia: 'García',
  Alvarez: 'Álvarez',
  Diaz: 'Díaz',
  Gomez: 'Gómez',
  Angel: 'Ángel',
  Ramon: 'Ramón',
  Andres: 'Andrés',
  Ruben: 'Rubén',
  Nunez: 'Núñez',
  Munoz: 'Muñoz',
  Cesar: 'César',
  Victor: 'Víctor',
  Raul: 'Raúl',
  Hector: 'Héctor',
};
const accent = (w: string) => ACCENTED[w] ?? w;
const stripAccents = (w: string) => w.normalize('NFKD').replace(/\p{M}+/gu, '');

const NICKNAMES: Record<string, string> = {
  Jose: 'Pepe',
  Francisco: 'Paco',
  Jesus: 'Chucho',
  Guillermo: 'Memo',
  Ronald: 'Ronal',
  Ignacio: 'Nacho',
  Enrique: 'Quique',
  Eduardo: 'Lalo',
  Alberto: 'Beto',
  Roberto: 'Beto',
  Antonio: 'Toño',
  Manuel: 'Manolo',
  Rafael: 'Rafa',
  Juan: 'Juancho',
  Fernando: 'Nando',
  Alfonso: 'Poncho',
  Gregorio: 'Goyo',
  Luis: 'Lucho',
  Miguel: 'Michael',
  Pedro: 'Peter',
  Carlos: 'Charles',
  Jorge: 'George',
  Alejandro: 'Alex',
  Daniel: 'Danny',
  Rodolfo: 'Rudy',
  William: 'Guillermo',
  Joseph: 'José',
  Santiago: 'Santi',
  Salvador: 'Chava',
  Gerardo: 'Gera',
};

const TRANSLITERATIONS: [RegExp, string][] = [
  [/ou/i, 'u'],
  [/u/i, 'ou'],
  [/ss/i, 's'],
  [/s/i, 'ss'],
  [/ph/i, 'f'],
  [/ee/i, 'i'],
  [/i/i, 'ee'],
  [/y/i, 'i'],
  [/kh/i, 'j'],
];

const SOUND_SWAPS: [RegExp, string][] = [
  [/b/, 'v'],
  [/v/, 'b'],
  [/z/, 's'],
  [/s(?=[aou]|$)/, 'z'],
  [/ll/, 'y'],
  [/y(?=[aeiou])/, 'll'],
  [/^H/, ''],
  [/ce/, 'se'],
  [/ge/, 'je'],
  [/je/, 'ge'],
];

function typo(word: string): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1); // a letter dropped
  if (kind === 1) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // two swapped
  return word.slice(0, i) + word[i] + word.slice(i); // a letter doubled
}

const givenFamily = (given: string[], family: string[]) => [...given, ...family].join(' ');
const familyComma = (given: string[], family: string[]) =>
  `${family.join(' ')}, ${given.join(' ')}`;
const iceStyle = (given: string[], family: string[]) =>
  `${family.join('-')} ${given.join(' ')}`.toUpperCase();

/** How another list would write this person; null when the transformation does not apply. */
const TRUE_VARIANTS: Record<string, (n: BaseName) => string | null> = {
  missing_second_surname: (n) =>
    n.family.length >= 2 ? givenFamily(n.given, n.family.slice(0, 1)) : null,
  swapped_surnames: (n) =>
    n.family.length >= 2 ? givenFamily(n.given, [...n.family].reverse()) : null,
  family_comma_given: (n) => familyComma(n.given, n.family),
  all_caps_surname_first: (n) => iceStyle(n.given, n.family),
  accents: (n) => {
    const changed = [...n.given, ...n.family].map((w) =>
      accent(w) !== w ? accent(w) : stripAccents(w),
    );
    const text = changed.join(' ');
    return text !== givenFamily(n.given, n.family) ? text : null;
  },
  one_typo: (n) => {
    const long = n.family.findIndex((w) => w.length >= 5);
    if (long < 0) return null;
    const family = [...n.family];
    family[long] = typo(family[long] as string);
    return givenFamily(n.given, family);
  },
  sound_swap: (n) => {
    for (const [pattern, replacement] of SOUND_SWAPS) {
      const words = [...n.given, ...n.family];
      const index = words.findIndex((w) => pattern.test(w));
      if (index >= 0) {
        words[index] = (words[index] as string).replace(pattern, replacement);
        if (words[index] === '' || words[index]?.length === 1) continue;
        const w = words[index] as string;
        words[index] = w.charAt(0).toUpperCase() + w.slice(1);
        return words.join(' ');
      }
    }
    return null;
  },
  nickname: (n) => {
    const first = n.given[0];
    const nick = first && NICKNAMES[first];
    return nick ? givenFamily([nick, ...n.given.slice(1)], n.family) : null;
  },
  transliteration: (n) => {
    const first = n.given[0];
    if (!first || n.source !== 'ice-274' || !/^[A-Z]/.test(first)) return null;
    for (const [pattern, replacement] of TRANSLITERATIONS) {
      if (pattern.test(first)) {
        const changed = first.replace(pattern, replacement);
        return givenFamily(
          [changed.charAt(0).toUpperCase() + changed.slice(1), ...n.given.slice(1)],
          n.family,
        );
      }
    }
    return null;
  },
  initial_and_missing_middle_name: (n) =>
    n.given.length >= 2
      ? givenFamily([n.given[0] as string, `${n.given[1]?.[0]}.`], n.family)
      : null,
  caps_missing_second_surname: (n) =>
    n.family.length >= 2 ? iceStyle(n.given, n.family.slice(0, 1)) : null,
  nickname_and_missing_second_surname: (n) => {
    const first = n.given[0];
    const nick = first && NICKNAMES[first];
    return nick && n.family.length >= 2 ? givenFamily([nick], n.family.slice(0, 1)) : null;
  },
  typo_in_given_name: (n) => {
    const first = n.given[0];
    return first && first.length >= 5
      ? givenFamily([typo(first), ...n.given.slice(1)], n.family)
      : null;
  },
  dropped_middle_name: (n) =>
    n.given.length >= 2 ? givenFamily(n.given.slice(0, 1), n.family) : null,
};

function truePairs(names: BaseName[]): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  for (const [variant, transform] of Object.entries(TRUE_VARIANTS)) {
    const applicable = names
      .map((n) => ({ n, b: transform(n) }))
      .filter((x): x is { n: BaseName; b: string } => x.b !== null && x.b !== x.n.original);
    const chosen = applicable.filter(() => random() < 14 / Math.max(14, applicable.length));
    for (const { n, b } of chosen.slice(0, 14))
      pairs.push({ a: n.original, b, same: true, variant });
  }
  return pairs;
}

/** Real alias pairs, as the lists print them. */
const REAL_ALIASES: LabelledPair[] = [
  {
    a: 'Romero, Ronal Francisco (aka Cruz, Ronald)',
    b: 'Ronald Cruz',
    same: true,
    variant: 'aka_alias',
  },
  {
    a: 'Romero, Ronal Francisco (aka Cruz, Ronald)',
    b: 'ROMERO RONAL',
    same: true,
    variant: 'aka_alias',
  },
  {
    a: 'Hernandez, Jeffry (aka Hernandez, Roxana)',
    b: 'Roxana Hernández',
    same: true,
    variant: 'aka_alias',
  },
  { a: 'NAND MAYA (AKA NAND MAYA)', b: 'Maya Nand', same: true, variant: 'aka_alias' },
  { a: 'Yusef Ahmed', b: 'Youssef Ahmad', same: true, variant: 'transliteration' },
  { a: 'Mohammed Hussein Ali', b: 'Muhammad Husein Ali', same: true, variant: 'transliteration' },
  { a: 'Yousef Ibrahim', b: 'YUSUF IBRAHIM', same: true, variant: 'transliteration' },
];

const DIFFERENT_GIVEN = [
  'Carlos',
  'Miguel',
  'Pedro',
  'Luis',
  'Jorge',
  'Ricardo',
  'Oscar',
  'Mario',
  'Hugo',
  'Rafael',
  'Julio',
  'Marcos',
  'Andrés',
  'Victor',
];

function falsePairs(names: BaseName[]): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  // Brothers: both surnames shared, another given name.
  const doubleSurnamed = names.filter((n) => n.family.length >= 2);
  for (const n of doubleSurnamed.filter(() => random() < 0.35).slice(0, 30)) {
    const other = pick(DIFFERENT_GIVEN.filter((g) => !n.given.includes(g)));
    pairs.push({
      a: n.original,
      b: givenFamily([other], n.family),
      same: false,
      variant: 'same_surnames_other_given',
    });
  }
  // Real people sharing a common surname (García, Rodríguez…) or a given name (José, Juan…).
  const bySurname = new Map<string, BaseName[]>();
  const byGiven = new Map<string, BaseName[]>();
  for (const n of names) {
    for (const f of n.family) bySurname.set(f, [...(bySurname.get(f) ?? []), n]);
    const g = n.given[0];
    if (g) byGiven.set(g, [...(byGiven.get(g) ?? []), n]);
  }
  const groupPairs = (groups: Map<string, BaseName[]>, variant: string, limit: number) => {
    const found: LabelledPair[] = [];
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const [x, y] = [group[i] as BaseName, group[j] as BaseName];
          if (x.original === y.original) continue;
          found.push({ a: x.original, b: givenFamily(y.given, y.family), same: false, variant });
        }
      }
    }
    return found.filter(() => random() < 0.8).slice(0, limit);
  };
  pairs.push(...groupPairs(bySurname, 'shared_surname', 45));
  // Same given name and first surname, another second surname: two people, not a shortening.
  for (const n of doubleSurnamed.filter(() => random() < 0.2).slice(0, 15)) {
    const second = pick(
      ['Mendoza', 'Castillo', 'Ortega', 'Rivas', 'Salazar'].filter((s) => !n.family.includes(s)),
    );
    pairs.push({
      a: n.original,
      b: givenFamily(n.given, [n.family[0] as string, second]),
      same: false,
      variant: 'same_given_and_first_surname_other_second',
    });
  }
  pairs.push(...groupPairs(byGiven, 'shared_given_name', 45));
  // Common Spanish surnames that many unrelated people carry.
  for (const n of names
    .filter((x) => x.family.length >= 2)
    .filter(() => random() < 0.2)
    .slice(0, 15)) {
    const first = n.given[0] ?? 'Juan';
    pairs.push({
      a: n.original,
      b: givenFamily(
        [pick(DIFFERENT_GIVEN.filter((g) => g !== first))],
        [n.family[0] as string, 'García'],
      ),
      same: false,
      variant: 'shared_first_surname_garcia',
    });
  }
  return pairs;
}

const names = [...iceList(), ...detailedList(), ...cecotNames()];
const pairs = [...truePairs(names), ...REAL_ALIASES, ...falsePairs(names)];
writeFileSync(`${root}test/fixtures/matching-pairs.json`, `${JSON.stringify(pairs, null, 1)}\n`);
const same = pairs.filter((p) => p.same).length;
console.log(`${pairs.length} pairs (${same} same person, ${pairs.length - same} different people)`);
