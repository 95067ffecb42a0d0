import { personNames } from './names.js';
import { canonicalGivenName } from './nicknames.js';
import { phoneticKey } from './phonetic.js';
import { identifierDigest } from './profile.js';
import type { MatchablePerson } from './score.js';

/**
 * The keys under which a person is filed for candidate generation: only people sharing a key
 * are ever scored against each other, so a new person costs a few indexed look-ups rather than
 * a comparison with everyone.
 *
 * A name key pairs two words of one name, in either order, each in phonetic form (or its usual
 * full form, for a nickname), or one of them by its initial alone: a misspelt, nicknamed or
 * reordered name ("VEGA, PEPE") still shares a pair with the original, and so does one with a
 * typo in a word, by that word's initial. One word alone would not do at national scale: every
 * García would be filed with every other, and each write would read a block of tens of
 * thousands. On the labelled fixture (precision-recall.test.ts) the queue finds 0.968 of the
 * true pairs this way (0.931 with pairs of whole words only), at about 9 keys a person.
 *
 * A name of one usable word ("J. García") is filed under that word and the birth year, when
 * there is one. An identifier is keyed by a hash, never by its confidential value.
 */
export function blockingKeys(person: MatchablePerson): string[] {
  const keys = new Set<string>();
  const birthYear = /^\d{4}/.exec(person.birthDate ?? '')?.[0];
  for (const name of personNames(person)) {
    const words = [...name.given, ...name.family]
      .filter((token) => token.length >= 2)
      .map((token) => ({
        forms: [...new Set([phoneticKey(token), phoneticKey(canonicalGivenName(token))])].filter(
          Boolean,
        ),
        initial: `${token[0]}.`,
      }));
    words.forEach((one, i) => {
      for (const other of words.slice(i + 1)) {
        for (const a of [...one.forms, one.initial]) {
          for (const b of [...other.forms, other.initial]) {
            if (a === one.initial && b === other.initial) continue;
            keys.add(`n:${[a, b].sort().join('|')}`);
          }
        }
      }
    });
    const only = words.length === 1 ? words[0]?.forms[0] : undefined;
    if (only && birthYear) keys.add(`y:${only}|${birthYear}`);
  }
  for (const identifier of person.identifiers ?? []) {
    keys.add(`i:${identifierDigest(identifier)}`);
  }
  return [...keys];
}
