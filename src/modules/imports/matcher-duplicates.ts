import type { CandidateView } from '../matching/service.js';
import type { ServiceContext } from '../records/service.js';
import type { DuplicateFinder } from './engine.js';

/** How many likely duplicates are named per imported person. */
const PER_PERSON = 5;

/**
 * The import report's "likely duplicates": the open candidates the matcher filed (inside the
 * same transaction, through its write observer) for each person the import wrote.
 */
export function duplicatesFromMatcher(matcher: {
  openCandidatesOf(
    ctx: ServiceContext,
    personIds: readonly string[],
    perPerson: number,
  ): Promise<Map<string, CandidateView[]>>;
}): DuplicateFinder {
  return {
    async candidatesFor(ctx, personIds) {
      const found = new Map<string, { id: string; label: string; score: number }[]>();
      const pairs = await matcher.openCandidatesOf(ctx, personIds, PER_PERSON);
      for (const [personId, views] of pairs) {
        found.set(
          personId,
          views.map((pair) => {
            const other = pair.a.id === personId ? pair.b : pair.a;
            return { id: other.id, label: other.label, score: pair.score };
          }),
        );
      }
      return found;
    },
  };
}
