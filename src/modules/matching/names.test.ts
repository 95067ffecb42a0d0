import { describe, expect, it } from 'vitest';
import { blockingKeys } from './blocking.js';
import { compareTokens } from './name-similarity.js';
import { parseName, personNames } from './names.js';
import { phoneticKey } from './phonetic.js';
import { scorePair } from './score.js';

describe('reading names written in the conventions of different lists', () => {
  it('reads the ICE lists: surnames first, hyphenated, in capitals', () => {
    expect(parseName('VERDECIA-CARRILLO HERIBERTO')).toEqual([
      { family: ['verdecia', 'carrillo'], given: ['heriberto'] },
    ]);
    expect(parseName('GUO QI GEN')).toEqual([{ family: ['guo'], given: ['qi', 'gen'] }]);
  });

  it('reads "Family, Given" with its aka as a second name', () => {
    expect(parseName('Romero, Ronal Francisco (aka Cruz, Ronald)')).toEqual([
      { family: ['romero'], given: ['ronal', 'francisco'] },
      { family: ['cruz'], given: ['ronald'] },
    ]);
  });

  it('reads "Given Family" with two surnames, folding accents and dropping particles', () => {
    expect(parseName('Luis Muñoz Pinto')[0]).toMatchObject({
      given: ['luis'],
      family: ['munoz', 'pinto'],
    });
    expect(parseName('Edixon del Jesús Farías-Farías')[0]).toMatchObject({
      given: ['edixon', 'jesus'],
      family: ['farias', 'farias'],
    });
  });

  it('takes a person record’s structured name and each alias', () => {
    const names = personNames({
      givenNames: 'Juan José',
      familyNames: 'Ramos Ramos',
      aliases: ['RAMOS JUAN'],
    });
    expect(names.map((n) => n.family)).toEqual([['ramos', 'ramos'], ['ramos']]);
  });
});

describe('comparing single name words', () => {
  it.each([
    ['vega', 'bega'],
    ['sandia', 'sandya'],
    ['gonzalez', 'gonsales'],
    ['yusef', 'youssef'],
    ['hernandez', 'ernandez'],
    ['jimenez', 'gimenez'],
    ['llanos', 'yanos'],
  ])('hears %s and %s as one name', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it('knows nicknames, initials and typos, and says which it saw', () => {
    expect(compareTokens('jose', 'pepe').kind).toBe('nickname');
    expect(compareTokens('francisco', 'paco').kind).toBe('nickname');
    expect(compareTokens('guillermo', 'memo').kind).toBe('nickname');
    expect(compareTokens('h', 'heriberto').kind).toBe('initial');
    expect(compareTokens('maldonado', 'maldonaod').kind).toBe('typo');
    expect(compareTokens('mario', 'maria').kind).toBe('none');
    expect(compareTokens('pedro', 'carlos').kind).toBe('none');
  });
});

describe('scoring two people', () => {
  const heriberto = { givenNames: 'Heriberto', familyNames: 'Verdecia Carrillo' };

  it('scores a missing second surname and swapped order as the same person', () => {
    expect(scorePair(heriberto, { aliases: ['Heriberto Verdecia'] }).score).toBeGreaterThan(0.9);
    expect(
      scorePair(heriberto, { aliases: ['Carrillo Verdecia, Heriberto'] }).score,
    ).toBeGreaterThan(0.9);
  });

  it('keeps brothers sharing both surnames out of the queue', () => {
    expect(scorePair(heriberto, { aliases: ['Daniel Verdecia Carrillo'] }).score).toBeLessThan(0.8);
  });

  it('counts a contradicting birth date and another sex against, a compatible one for', () => {
    const same = scorePair(
      { ...heriberto, birthDate: '1963-04-02' },
      { ...heriberto, birthDate: '1963' },
    );
    expect(same.reasons).toContainEqual(
      expect.objectContaining({ signal: 'birthDate', weight: 0.03 }),
    );
    const apart = scorePair(
      { ...heriberto, birthDate: '1963', sex: 'male' },
      { ...heriberto, birthDate: '1990', sex: 'female' },
    );
    expect(apart.score).toBeLessThan(0.8);
    expect(apart.reasons.map((r) => r.signal)).toEqual(['name', 'birthDate', 'sex']);
  });

  it('lets an identical A-number outweigh a weak name match, and a different one veto a strong one', () => {
    const a = { ...heriberto, identifiers: [{ kind: 'a_number', value: 'A-123-456-789' }] };
    expect(
      scorePair(a, {
        aliases: ['H. Verdecia'],
        identifiers: [{ kind: 'a_number', value: '123456789' }],
      }).score,
    ).toBe(1);
    expect(
      scorePair(a, { ...heriberto, identifiers: [{ kind: 'a_number', value: '987654321' }] }).score,
    ).toBeLessThan(0.8);
  });

  it('weighs identifiers kind by kind: any shared value agrees, only the same issuer refutes', () => {
    const identifierReasons = (
      a: { kind: string; value: string; country?: string }[],
      b: { kind: string; value: string; country?: string }[],
    ) =>
      scorePair({ ...heriberto, identifiers: a }, { ...heriberto, identifiers: b })
        .reasons.filter((r) => r.signal === 'identifier')
        .map((r) => r.detail);
    const passport = (value: string, country: string) => ({ kind: 'passport', value, country });
    // A second passport of one person is not refuted by the first.
    expect(
      identifierReasons(
        [passport('P1', 'VE'), passport('P-2', 'CO')],
        [passport('p2', 'CO'), passport('P9', 'VE')],
      ),
    ).toEqual(['same passport']);
    expect(identifierReasons([passport('P1', 'VE')], [passport('P2', 'CO')])).toEqual([]);
    expect(identifierReasons([passport('P1', 'VE')], [passport('P2', 'VE')])).toEqual([
      'different passports',
    ]);
    // Kinds in the order they first appear; "other" never counts; a kind only one side has is silent.
    expect(
      identifierReasons(
        [
          { kind: 'cedula', value: 'V-1' },
          { kind: 'other', value: 'x' },
          { kind: 'a_number', value: 'A1' },
          { kind: 'booking_number', value: 'B1' },
        ],
        [
          { kind: 'a_number', value: '2' },
          { kind: 'other', value: 'y' },
          { kind: 'cedula', value: 'v1' },
        ],
      ),
    ).toEqual(['same cédula', 'different A-numbers']);
  });

  it('files people under phonetic keys, so a misspelt or nicknamed duplicate shares some', () => {
    const keys = blockingKeys({ givenNames: 'José', familyNames: 'Vega' });
    const other = blockingKeys({ aliases: ['BEGA PEPE'] });
    expect(other.filter((k) => keys.includes(k)).length).toBeGreaterThanOrEqual(1);
    // Identifiers are filed by digest, never by their confidential value.
    const withId = blockingKeys({
      aliases: ['x y'],
      identifiers: [{ kind: 'passport', value: 'P1234567' }],
    });
    expect(withId.join(' ')).not.toContain('1234567');
  });
});
