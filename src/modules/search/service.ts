import type { Db } from '../../db/database.js';
import {
  countedUpTo,
  type SearchIndex,
  type SearchPosition,
} from '../../db/search/search-index.js';
import { queryTerms } from '../../db/search/terms.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { Invalid } from '../../lib/errors.js';
import type { AuditLog } from '../audit/service.js';
import { isAuditedRead, visibleLevels } from '../auth/policy.js';
import type { RecordRegistry } from '../records/registry.js';
import type { ServiceContext } from '../records/service.js';
import { buildSnippet } from './snippet.js';

export const DEFAULT_SEARCH_LIMIT = 20;
/** Facets count matches up to this many; past it they are lower bounds, and say so. */
export const FACET_COUNT_LIMIT = 1000;
export const MAX_SEARCH_LIMIT = 100;
/** One match past the limit tells the counts are incomplete. */
const COUNT_UP_TO = FACET_COUNT_LIMIT + 1;

const isWholeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

export interface SearchParams {
  q: string;
  types?: string[];
  limit?: number;
  cursor?: string;
}

export interface SearchResult {
  items: { type: string; id: string; title: string; snippet: string; rank: number }[];
  facets: { byType: { type: string; count: number }[]; complete: boolean };
  nextCursor: string | null;
}

/**
 * Search across every record type. Clearance is applied in the index query itself (hits,
 * counts and snippets alike), so a record above the caller's clearance leaves no trace; the
 * index holds only what each type's `searchText` returns, never identifiers or transcripts.
 */
export class SearchService {
  constructor(
    private readonly deps: {
      db: Db;
      search: SearchIndex;
      registry: RecordRegistry;
      audit?: AuditLog;
    },
  ) {}

  async search(ctx: ServiceContext, params: SearchParams): Promise<SearchResult> {
    const known = new Set(this.deps.registry.all().map((s) => s.def.type));
    const unknown = (params.types ?? []).filter((t) => !known.has(t));
    if (unknown.length > 0) {
      throw new Invalid([
        {
          field: 'types',
          reason: `unknown record type: ${unknown.join(', ')}`,
          code: 'unknown_record_type',
        },
      ]);
    }
    const after = params.cursor ? this.positionOf(params.cursor) : undefined;
    const limit = Math.min(params.limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT);
    const terms = queryTerms(params.q);
    const levels = visibleLevels(ctx.actor);
    const types = params.types?.length ? params.types : undefined;
    const reader = this.deps.search.reader(ctx.db ?? this.deps.db, terms);
    // Side by side: on PostgreSQL each takes its own connection (SQLite runs them in turn), and
    // the page's audit entry is written while the counts are still being read.
    const [hits, byType] = await Promise.all([
      reader.page({ levels, types, limit: limit + 1, after }).then(async (hits) => {
        await this.auditSensitive(ctx, hits.slice(0, limit));
        return hits;
      }),
      // Facets count every type the caller may see, whatever `types` narrowed the hits to.
      reader.counts({ levels, countUpTo: COUNT_UP_TO }),
    ]);
    const page = hits.slice(0, limit);
    const next = hits.length > limit ? page.at(-1) : undefined;
    return {
      items: page.map((hit) => ({
        type: hit.type,
        id: hit.id,
        title: hit.title,
        snippet: buildSnippet(hit.body, terms),
        rank: hit.rank,
      })),
      facets: { byType, complete: !countedUpTo(byType, COUNT_UP_TO) },
      nextCursor: next ? encodeCursor([next.rank, String(next.entry)]) : null,
    };
  }

  private positionOf(cursor: string): SearchPosition {
    const [rank, entryText] = decodeCursor(cursor) ?? [];
    const entry = /^\d{1,15}$/.test(entryText ?? '') ? Number(entryText) : undefined;
    if (!isWholeNumber(rank) || !isWholeNumber(entry)) {
      throw new Invalid([
        { field: 'cursor', reason: 'is not a cursor this API issued', code: 'invalid_cursor' },
      ]);
    }
    return { rank, entry };
  }

  /** Finding a confidential or secret record shows its title: that is a read, and audited. */
  private async auditSensitive(ctx: ServiceContext, hits: { id: string; sensitivity: string }[]) {
    const sensitive = hits.filter((h) => isAuditedRead(h.sensitivity));
    if (!this.deps.audit || sensitive.length === 0) return;
    await this.deps.audit.append(
      {
        actor: ctx.actor.id,
        action: 'record.search',
        ip: ctx.ip,
        requestId: ctx.requestId,
        details: { ids: sensitive.map((h) => h.id) },
      },
      ctx.db,
    );
  }
}
