/**
 * A phonetic key for one folded name token, after the way Spanish is spoken and the way
 * Spanish-speaking clerks transliterate foreign names: b/v, s/z/soft c, ll/y, silent h,
 * soft g/j, qu/k, and the doubled letters and "ou"/"ee" of English and French transliterations
 * (Yusef, Yousef, Youssef all key to "yusef"). Two spellings with the same key sound alike.
 */
const RULES: [RegExp, string][] = [
  [/ph/g, 'f'],
  [/ch/g, '0'], // one sound: kept apart from c and h by a placeholder
  [/sh/g, '0'],
  [/kh/g, 'j'],
  [/th/g, 't'],
  [/ll/g, 'y'],
  [/qu(?=[ei])/g, 'k'],
  [/gu(?=[ei])/g, 'g'],
  [/g(?=[ei])/g, 'j'],
  [/c(?=[ei])/g, 's'],
  [/z/g, 's'],
  [/[cq]/g, 'k'],
  [/x/g, 'ks'],
  [/v/g, 'b'],
  [/w/g, 'u'],
  [/h/g, ''],
  [/ou/g, 'u'],
  [/oo/g, 'u'],
  [/ee/g, 'i'],
  [/(?<=[^aeiou])y/g, 'i'], // after a consonant y is a vowel: Sandya, Sandia
  [/y(?![aeiou])/g, 'i'], // a final or consonant-side y is a vowel: Yusuf/Jusuf aside, Rey/Rei
  [/(.)\1+/g, '$1'],
];

/** Names recur (every García), and the rules are a score of regular expressions: remember. */
const CACHE_LIMIT = 50_000;
const cache = new Map<string, string>();

export function phoneticKey(token: string): string {
  const known = cache.get(token);
  if (known !== undefined) return known;
  let key = token;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, key);
  return key;
}
