import huridocs from './huridocs-seed.json' with { type: 'json' };
import { INCIDENT_KIND_HURIDOCS_SCHEME, INCIDENT_KIND_SCHEME } from './incident-kinds.js';
import type { TermOrigin } from './schema.js';

/**
 * The vocabularies Habeas knows. Schemes are fixed in code because records validate against
 * them by name; admins extend a scheme's terms, never the list of schemes.
 */
export interface SchemeInfo {
  scheme: string;
  labelEn: string;
  labelEs: string;
  labelFr: string;
  origin: TermOrigin;
  /** the HURIDOCS micro-thesaurus number, for lists taken from HURIDOCS */
  huridocsList: number | null;
  /** the scheme a term's `huridocsCode` must be a code of */
  huridocsScheme: string;
}

export const SCHEMES: readonly SchemeInfo[] = [
  {
    scheme: INCIDENT_KIND_SCHEME,
    labelEn: 'Incident kinds',
    labelEs: 'Tipos de incidente',
    labelFr: "Types d'incident",
    origin: 'local',
    huridocsList: null,
    huridocsScheme: INCIDENT_KIND_HURIDOCS_SCHEME,
  },
  ...huridocs.schemes.map(({ scheme, huridocsList, labelEn, labelEs, labelFr }) => ({
    scheme,
    labelEn,
    labelEs,
    labelFr,
    origin: 'huridocs' as const,
    huridocsList,
    // a local term added to a HURIDOCS list may say which HURIDOCS term it refines
    huridocsScheme: scheme,
  })),
];

export function schemeInfo(scheme: string): SchemeInfo | undefined {
  return SCHEMES.find((s) => s.scheme === scheme);
}
