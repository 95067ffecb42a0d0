import type { FieldIssue } from '../../lib/errors.js';
import type { RecordRegistry } from '../records/registry.js';
import type { CitationLinks, RecordRules, RecordService } from '../records/service.js';
import type { citationType } from './schema.js';

type CitationService = RecordService<typeof citationType>;

/** A citation must point at a field the cited record actually has, and never at another citation. */
export function citationRules(registry: RecordRegistry): RecordRules<typeof citationType> {
  return {
    async validate(_ctx, citations) {
      return citations.map((citation) => {
        const issues: FieldIssue[] = [];
        if (citation.recordType === 'citation') {
          issues.push({
            field: 'recordType',
            reason: 'a citation cannot cite a citation',
            code: 'invalid_target',
          });
        }
        const target = registry.get(citation.recordType)?.def;
        const field = citation.field?.split('.')[0];
        if (target && field && !(field in target.fields.shape)) {
          issues.push({
            field: 'field',
            reason: `"${citation.field}" is not a field of ${target.names.singular}`,
            code: 'unknown_field',
          });
        }
        return issues;
      });
    },
  };
}

const MAX_CITATIONS_SHOWN = 200;

/** Lets every record type create its citations inline and show them, through this service. */
export function citationLinks(citations: CitationService, sources: RecordService): CitationLinks {
  return {
    async attach(ctx, type, records) {
      const inputs = records.flatMap(({ id, sensitivity, citations }) =>
        citations.map((citation) => ({ ...citation, recordType: type, recordId: id, sensitivity })),
      );
      const names = records.flatMap(({ prefix, citations }) =>
        citations.map((_, i) => `${prefix}citations.${i}`),
      );
      // A problem is named as its record's field, not by the citation's place in the batch.
      await citations.createMany(ctx, inputs, { names });
    },
    async summaries(ctx, _type, id) {
      const { items } = await citations.list(ctx, {
        filters: { recordId: id },
        limit: MAX_CITATIONS_SHOWN,
      });
      const visibleSources = new Set(
        (
          await sources.findVisible(
            ctx,
            items.map((c) => c.sourceId as string),
          )
        ).map((s) => s.id),
      );
      return items
        .filter((c) => visibleSources.has(c.sourceId as string))
        .map((c) => ({
          id: c.id,
          sourceId: c.sourceId as string,
          field: c.field as string | null | undefined,
          locator: c.locator as string | null | undefined,
          quote: c.quote as string | null | undefined,
        }));
    },
  };
}
