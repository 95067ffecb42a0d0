import type { FieldIssue } from '../../lib/errors.js';
import type { RecordRules } from '../records/service.js';
import { INCIDENT_KIND_SCHEME } from '../vocabularies/incident-kinds.js';
import type { VocabularyService } from '../vocabularies/service.js';
import type { incidentType } from './schema.js';

/**
 * An incident's kinds must be terms of the incident_kind vocabulary. Deprecated terms still
 * count: records written with them stay valid and editable; the vocabulary just stops offering
 * them for new incidents.
 */
export function incidentRules(vocabularies: VocabularyService): RecordRules<typeof incidentType> {
  return {
    async validate(ctx, incidents) {
      const kindsOf = incidents.map((incident) => [
        { field: 'kind', code: incident.kind },
        ...(incident.additionalKinds ?? []).map((code, i) => ({
          field: `additionalKinds.${i}`,
          code,
        })),
      ]);
      const known = await vocabularies.knownCodes(
        ctx,
        INCIDENT_KIND_SCHEME,
        kindsOf.flat().map((k) => k.code),
      );
      return kindsOf.map((kinds) =>
        kinds
          .filter((k) => !known.has(k.code))
          .map(
            (k): FieldIssue => ({
              field: k.field,
              reason: `"${k.code}" is not a term of the ${INCIDENT_KIND_SCHEME} vocabulary`,
              code: 'unknown_term',
            }),
          ),
      );
    },
  };
}
