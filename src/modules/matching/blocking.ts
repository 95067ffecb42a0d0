import { createHash } from 'node:crypto';
import { personNames } from './names.js';
import { canonicalGivenName } from './nicknames.js';
import { phoneticKey } from './phonetic.js';
import { type MatchablePerson, normaliseIdentifier } from './score.js';

/**
 * The keys under which a person is filed for candidate generation: only people sharing a key
 * are ever scored against each other, so a new person costs a few indexed look-ups rather than
 * a comparison with everyone. A key is the phonetic form of one name word (and of its usual
 * full form for a nickname), so a misspelt or reordered name still shares keys with the
 * original; an identifier is keyed by a hash, never by its confidential value.
 */
export function blockingKeys(person: MatchablePerson): string[] {
  const keys = new Set<string>();
  for (const name of personNames(person)) {
    for (const token of [...name.given, ...name.family]) {
      if (token.length < 2) continue;
      keys.add(`n:${phoneticKey(token)}`);
      keys.add(`n:${phoneticKey(canonicalGivenName(token))}`);
    }
  }
  for (const identifier of person.identifiers ?? []) {
    const digest = createHash('sha256')
      .update(`${identifier.kind}:${normaliseIdentifier(identifier.value, identifier.kind)}`)
      .digest('hex')
      .slice(0, 32);
    keys.add(`i:${digest}`);
  }
  return [...keys];
}
