import type { RecordRegistry } from '../records/registry.js';
import {
  type ApiRecord,
  type CitationSummary,
  type ListParams,
  MAX_PAGE_SIZE,
  type RecordService,
  type ServiceContext,
} from '../records/service.js';
import type { ExportRecord } from './columns.js';

/** What a list export selects: the list endpoint's filters, search and sort, without paging. */
export type ExportSelection = Omit<ListParams, 'limit' | 'cursor'>;

export type ExportedRecord = ApiRecord & ExportRecord & { citations?: CitationSummary[] };

/** Source labels already looked up; bounded so a million-row export keeps a flat footprint. */
class SourceLabels {
  private readonly labels = new Map<string, string>();
  constructor(private readonly sources: RecordService | undefined) {}

  async load(ctx: ServiceContext, ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.labels.has(id));
    if (!this.sources || missing.length === 0) return;
    if (this.labels.size > 10_000) this.labels.clear();
    for (const source of await this.sources.findVisible(ctx, missing)) {
      this.labels.set(source.id, this.sources.def.label(source as never));
    }
  }

  describe(citation: CitationSummary): string {
    const title = this.labels.get(citation.sourceId) ?? 'source';
    const where = [citation.field, citation.locator].filter(Boolean).join(', ');
    return `${title}${where ? ` (${where})` : ''} [${citation.sourceId}]`;
  }
}

/**
 * Every record a list request selects, page after page through the same keyset paging as the
 * list endpoint (so the same clearance filter and redaction apply), each with its citations.
 * Only one page is held at a time. The first page is read before anything is yielded, so a bad
 * sort or filter fails before an export has begun.
 */
export async function* exportPages(
  registry: RecordRegistry,
  service: RecordService,
  ctx: ServiceContext,
  selection: ExportSelection,
): AsyncGenerator<ExportedRecord[]> {
  const { type } = service.def;
  const links = registry.citationLinks;
  const citationService = registry.get('citation');
  const labels = new SourceLabels(registry.get('source'));
  // A type nobody has cited yet (and citations themselves) need no lookup per record.
  const cited =
    type !== 'citation' &&
    links !== undefined &&
    citationService !== undefined &&
    (await citationService.list(ctx, { filters: { recordType: type }, limit: 1 })).items.length > 0;
  let cursor: string | undefined;
  do {
    const page = await service.list(ctx, { ...selection, cursor, limit: MAX_PAGE_SIZE });
    const records: ExportedRecord[] = page.items;
    if (cited && links) {
      for (const record of records) record.citations = await links.summaries(ctx, type, record.id);
      await labels.load(
        ctx,
        records.flatMap((r) => (r.citations ?? []).map((c) => c.sourceId)),
      );
      for (const record of records) {
        record.citationLabels = (record.citations ?? []).map((c) => labels.describe(c));
      }
    }
    yield records;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
