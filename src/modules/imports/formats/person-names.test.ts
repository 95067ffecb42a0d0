import { describe, expect, it } from 'vitest';
import { countryCode } from './countries.js';
import { parsePersonName } from './person-names.js';

describe('names as government lists write them', () => {
  it.each([
    ['VERDECIA-CARRILLO HERIBERTO', 'Heriberto', 'Verdecia-Carrillo'],
    ['ALVAREZ-ARIAS JOSE DE LA CONCEPCION', 'Jose de la Concepcion', 'Alvarez-Arias'],
    ['PATEL Atulkumar Babubhai', 'Atulkumar Babubhai', 'Patel'],
    ['Leonardo LEMUS-Rajo Jose', 'Leonardo Jose', 'Lemus-Rajo'],
    ['CALDERON-De Hildago Raquel', 'Raquel', 'Calderon-De Hildago'],
    ['De La Rosa, Efrain Romero', 'Efrain Romero', 'De La Rosa'],
  ])('splits %s into given and family names', (raw, given, family) => {
    expect(parsePersonName(raw)).toMatchObject({
      givenNames: given,
      familyNames: family,
      orderUncertain: false,
      aliases: [],
    });
  });

  it('turns each aka into an alias, and drops one that repeats the name', () => {
    expect(parsePersonName('Romero, Ronal Francisco (aka Cruz, Ronald)').aliases).toEqual([
      'Ronald Cruz',
    ]);
    expect(parsePersonName('NAND MAYA (AKA NAND MAYA)').aliases).toEqual([]);
  });

  it('keeps the name as written when the order is a guess', () => {
    expect(parsePersonName('Fino Martinez Luis Alonso')).toEqual({
      familyNames: 'Fino',
      givenNames: 'Martinez Luis Alonso',
      orderUncertain: true,
      aliases: ['Fino Martinez Luis Alonso'],
    });
  });
});

describe('country names as ICE spells them', () => {
  it.each([
    ['MEXICO', 'MX'],
    ['LAOS', 'LA'],
    ['BOSNIA', 'BA'],
    ['ANTIGUA-BARBUDA', 'AG'],
    ['BRITISH VIRGIN ISLANDS', 'VG'],
    ['Republic of Trinidad and Tobago', 'TT'],
    ['KOREA, SOUTH', 'KR'],
  ])('reads %s as %s', (name, code) => {
    expect(countryCode(name)).toEqual({ code });
  });

  it('leaves out what it cannot tell, and says so', () => {
    expect(countryCode('KOREA')).toEqual({ unknown: 'KOREA' });
    expect(countryCode('Not stated')).toBeNull();
    expect(countryCode('')).toBeNull();
  });
});
