import type { CandidateListParams, CandidateView } from '../matching/service.js';
import type { ServiceContext } from '../records/service.js';
import type { DuplicateFinder } from './engine.js';

/** How many likely duplicates are named per imported person. */
const PER_PERSON = 5;

/**
 * The import report's "likely duplicates": the open candidates the matcher filed (inside the
 * same transaction, through its write observer) for each person the import wrote.
 */
export function duplicatesFromMatcher(matcher: {
  list(
    ctx: ServiceContext,
    params: CandidateListParams,
  ): Promise<{ items: CandidateView[]; nextCursor: string | null }>;
}): DuplicateFinder {
  return {
    async candidatesFor(ctx, personIds) {
      const found = new Map<string, { id: string; label: string; score: number }[]>();
      for (const personId of personIds) {
        const { items } = await matcher.list(ctx, { personId, status: 'open', limit: PER_PERSON });
        const candidates = items.map((pair) => {
          const other = pair.a.id === personId ? pair.b : pair.a;
          return { id: other.id, label: other.label, score: pair.score };
        });
        if (candidates.length > 0) found.set(personId, candidates);
      }
      return found;
    },
  };
}
