import { createHash } from 'node:crypto';
import { type MatchablePerson, normaliseIdentifier } from './score.js';

/**
 * An identifier as a digest of its normalised value: what blocking files people under, and what
 * a stored profile keeps, so neither ever holds a confidential value. Two identifiers of a kind
 * are the same exactly when their digests are.
 */
export function identifierDigest(identifier: { kind: string; value: string }): string {
  return createHash('sha256')
    .update(`${identifier.kind}:${normaliseIdentifier(identifier.value, identifier.kind)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * What scoring reads of a person, kept with their filing (migration 0019): a write compares each
 * new person with dozens of neighbours, and reading each neighbour's whole record was a fifth of
 * a bulk import's time. Identifiers keep their kind and issuer, their value only as a digest.
 */
export function matchProfile(person: MatchablePerson): MatchablePerson {
  return {
    givenNames: person.givenNames ?? null,
    familyNames: person.familyNames ?? null,
    aliases: person.aliases ?? [],
    sex: person.sex ?? null,
    birthDate: person.birthDate ?? null,
    nationalities: person.nationalities ?? [],
    identifiers: (person.identifiers ?? []).map((identifier) => ({
      kind: identifier.kind,
      value: identifierDigest(identifier),
      country: identifier.country ?? null,
    })),
  };
}
