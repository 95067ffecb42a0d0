import huridocs from './huridocs-seed.json' with { type: 'json' };
import { INCIDENT_KIND_SCHEME, INCIDENT_KINDS } from './incident-kinds.js';
import type { TermOrigin } from './schema.js';

/** A term as seeded: HURIDOCS' own, or one of the domain's built-in terms. */
export interface SeedTerm {
  scheme: string;
  code: string;
  parentCode: string | null;
  level: number;
  labelEn: string;
  labelEs: string;
  labelFr: string | null;
  origin: TermOrigin;
  huridocsCode: string | null;
}

/**
 * Every term a new database starts with: the HURIDOCS lists, then the domain's incident kinds.
 * Migration 0004 inserts them, skipping any (scheme, code) already present, so seeding twice
 * changes nothing; terms added here later need a new migration that inserts the same way.
 */
export function seedTerms(): SeedTerm[] {
  const fromHuridocs = huridocs.schemes.flatMap(({ scheme, terms }) =>
    terms.map((t) => ({
      scheme,
      code: t.code,
      parentCode: t.parentCode,
      level: t.level,
      labelEn: t.en,
      labelEs: t.es,
      labelFr: t.fr,
      origin: 'huridocs' as const,
      huridocsCode: t.code,
    })),
  );
  const incidentKinds = INCIDENT_KINDS.map((k) => ({
    scheme: INCIDENT_KIND_SCHEME,
    code: k.code,
    parentCode: null,
    level: 0,
    labelEn: k.en,
    labelEs: k.es,
    labelFr: k.fr,
    origin: 'local' as const,
    huridocsCode: k.huridocsCode,
  }));
  return [...fromHuridocs, ...incidentKinds];
}
