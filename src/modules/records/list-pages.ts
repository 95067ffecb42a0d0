import { GenerationCache } from '../../db/generation-cache.js';
import type { WriteGeneration } from '../../db/write-generation.js';
import type { ListPage, ListParams, RecordService, ServiceContext } from './service.js';

/**
 * List pages are kept as JSON until a record write commits: at most this many bytes of them (a
 * page of 25 people is about 12 kB).
 */
const LIST_PAGE_BYTES = 8_000_000;

interface CachedPage {
  json: Buffer;
  auditedIds: string[];
}

/**
 * Lists served as JSON, computed once for each record type, query and clearance and then
 * served as they were until a record write commits (the write generation moves on). Clients
 * poll the first pages of the same few lists, and a page takes a query, a parse of every row
 * and a schema check of every field; a cached page takes one small query. Every read is
 * audited, from the cache or not.
 */
export class ListPages {
  private readonly cache: GenerationCache<CachedPage>;

  constructor(generation: WriteGeneration) {
    this.cache = new GenerationCache(generation, {
      maxSize: LIST_PAGE_BYTES,
      sizeOf: (page) => page.json.length,
    });
  }

  async json(
    service: RecordService,
    ctx: ServiceContext,
    params: ListParams,
    serialize: (page: ListPage) => Buffer,
  ): Promise<Buffer> {
    // What a page shows depends on the query and on the caller's clearance (what they may see,
    // how it is redacted), never on who they are; the role is in the key all the same, as it
    // is for dossiers, so no future rule by role can be served from another role's page.
    const key = JSON.stringify([
      service.def.type,
      ctx.actor.clearance,
      ctx.actor.role,
      params.limit ?? null,
      params.cursor ?? null,
      params.sort ?? null,
      params.q ?? null,
      params.sensitivity ?? null,
      Object.entries(params.filters ?? {})
        .filter(([, value]) => value !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ]);
    const { value } = await this.cache.get(
      key,
      async () => {
        const { auditedIds, ...page } = await service.listUnaudited(ctx, params);
        return { json: serialize(page), auditedIds };
      },
      ctx.generation,
    );
    await service.auditListed(ctx, value.auditedIds);
    return value.json;
  }
}
