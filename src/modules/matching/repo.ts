import type { Db } from '../../db/database.js';
import { writeBehind } from '../../db/transaction.js';
import type { CursorKey } from '../../lib/cursor.js';
import { inSlices } from '../../lib/slices.js';
import type { MatchReason } from './score.js';

/** The SQL of person matching: blocking keys, the candidate queue and the merge log. */

export type CandidateStatus = 'open' | 'dismissed' | 'merged';

export interface CandidateRow {
  id: string;
  personA: string;
  personB: string;
  score: number;
  reasons: MatchReason[];
  status: CandidateStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

interface CandidateTableRow {
  id: string;
  person_a: string;
  person_b: string;
  score: number;
  reasons: string;
  status: CandidateStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

const toCandidate = (row: CandidateTableRow): CandidateRow => ({
  id: row.id,
  personA: row.person_a,
  personB: row.person_b,
  score: Number(row.score),
  reasons: JSON.parse(row.reasons),
  status: row.status,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
  decisionReason: row.decision_reason,
});

/** A pair is stored once, lower id first. */
export const orderedPair = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

/** The same text for a pair whichever person is named first. */
export const pairKey = (x: string, y: string) => orderedPair(x, y).join(' ');

export async function findCandidate(db: Db, id: string): Promise<CandidateRow | undefined> {
  const row = await db
    .selectFrom('match_candidates')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toCandidate(row as CandidateTableRow) : undefined;
}

export async function findPair(db: Db, x: string, y: string): Promise<CandidateRow | undefined> {
  const [a, b] = orderedPair(x, y);
  const row = await db
    .selectFrom('match_candidates')
    .selectAll()
    .where('person_a', '=', a)
    .where('person_b', '=', b)
    .executeTakeFirst();
  return row ? toCandidate(row as CandidateTableRow) : undefined;
}

/** Inserts the pair as open, or refreshes its score and reasons, keeping any decision. */
export async function saveScore(db: Db, pair: ScoredPair, now: string) {
  await saveScores(db, [pair], now);
}

export interface ScoredPair {
  id: string;
  x: string;
  y: string;
  score: number;
  reasons: MatchReason[];
}

type NewCandidateRow = Omit<CandidateTableRow, 'decided_by' | 'decided_at' | 'decision_reason'> & {
  created_at: string;
  updated_at: string;
};

/**
 * `saveScore` for many pairs in a few statements: a bulk write queues hundreds of pairs, and a
 * look-up then a write for each was most of its round trips to PostgreSQL. A pair given twice
 * is saved as last given.
 */
export async function saveScores(db: Db, pairs: readonly ScoredPair[], now: string) {
  const rows = new Map<string, NewCandidateRow>();
  for (const pair of pairs) {
    const [a, b] = orderedPair(pair.x, pair.y);
    rows.set(pairKey(a, b), {
      id: pair.id,
      person_a: a,
      person_b: b,
      score: pair.score,
      reasons: JSON.stringify(pair.reasons),
      status: 'open',
      created_at: now,
      updated_at: now,
    });
  }
  const all = [...rows.values()];
  for (const slice of inSlices(all, 200)) {
    await writeBehind(db, () =>
      db
        .insertInto('match_candidates')
        .values(slice)
        .onConflict((conflict) =>
          conflict.columns(['person_a', 'person_b']).doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            reasons: eb.ref('excluded.reasons'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute(),
    );
  }
}

/** The people this person is paired with in the queue (any status). */
export async function pairedWith(
  db: Db,
  personIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const paired = new Map(personIds.map((id) => [id, new Set<string>()]));
  for (const { person_a: a, person_b: b } of await pairRowsOf(db, personIds)) {
    paired.get(String(a))?.add(String(b));
    paired.get(String(b))?.add(String(a));
  }
  return paired;
}

/** An undecided pair that no longer scores as a candidate leaves the queue. */
export async function removeOpenPair(db: Db, x: string, y: string) {
  const [a, b] = orderedPair(x, y);
  await db
    .deleteFrom('match_candidates')
    .where('person_a', '=', a)
    .where('person_b', '=', b)
    .where('status', '=', 'open')
    .execute();
}

/** A deleted person leaves the queue: undecided pairs go, decisions stay on record. */
export async function forgetPairsOf(db: Db, personId: string) {
  // One side at a time, so each uses its (person, status) index.
  for (const side of ['person_a', 'person_b'] as const) {
    await db
      .deleteFrom('match_candidates')
      .where(side, '=', personId)
      .where('status', '=', 'open')
      .execute();
  }
}

export async function setStatus(
  db: Db,
  id: string,
  decision: {
    status: CandidateStatus;
    by: string | null;
    at: string | null;
    reason: string | null;
  },
) {
  await db
    .updateTable('match_candidates')
    .set({
      status: decision.status,
      decided_by: decision.by,
      decided_at: decision.at,
      decision_reason: decision.reason,
      updated_at: decision.at ?? new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function countByStatus(db: Db, status: CandidateStatus): Promise<number> {
  const row = await db
    .selectFrom('match_candidates')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface CandidateQuery {
  status?: CandidateStatus;
  personId?: string;
  minScore?: number;
  /** [score, id] of the last row of the previous page */
  after?: CursorKey;
  limit: number;
}

/** Highest score first, then by id, for stable keyset pages. */
export async function listCandidates(db: Db, query: CandidateQuery): Promise<CandidateRow[]> {
  // A plain subquery when no person is given: both planners flatten it into the table.
  const from = query.personId
    ? pairsOf(db, [query.personId])
    : db.selectFrom('match_candidates').selectAll();
  let select = db.selectFrom(from.as('c')).selectAll();
  if (query.status) select = select.where('status', '=', query.status);
  if (query.minScore !== undefined) select = select.where('score', '>=', query.minScore);
  if (query.after) {
    const [score, id] = query.after;
    select = select.where((eb) =>
      eb.or([
        eb('score', '<', Number(score)),
        eb.and([eb('score', '=', Number(score)), eb('id', '>', id)]),
      ]),
    );
  }
  const rows = await select.orderBy('score', 'desc').orderBy('id').limit(query.limit).execute();
  return rows.map((r) => toCandidate(r as CandidateTableRow));
}

/** One change a merge made, enough to undo it exactly. */
export interface MergeChange {
  recordType: string;
  recordId: string;
  /** dotted path of the field changed */
  field: string;
  /**
   * `repoint`: a reference moved from the merged to the kept person; `add`: values added to the
   * kept person; `remove`: an id dropped from a list that already named the kept person
   * (an incident with both records among its victims keeps one), `field` naming its position
   */
  kind: 'repoint' | 'add' | 'remove';
  oldValue: unknown;
  newValue: unknown;
  /** the record's version right after the merge changed it */
  version: number;
}

export interface MergeRow {
  id: string;
  keepId: string;
  mergeId: string;
  reason: string | null;
  changes: MergeChange[];
  createdBy: string;
  createdAt: string;
  undoneBy: string | null;
  undoneAt: string | null;
}

interface MergeTableRow {
  id: string;
  keep_id: string;
  merge_id: string;
  reason: string | null;
  changes: string;
  created_by: string;
  created_at: string;
  undone_by: string | null;
  undone_at: string | null;
}

const toMerge = (row: MergeTableRow): MergeRow => ({
  id: row.id,
  keepId: row.keep_id,
  mergeId: row.merge_id,
  reason: row.reason,
  changes: JSON.parse(row.changes),
  createdBy: row.created_by,
  createdAt: row.created_at,
  undoneBy: row.undone_by,
  undoneAt: row.undone_at,
});

export async function insertMerge(db: Db, merge: MergeRow) {
  await db
    .insertInto('person_merges')
    .values({
      id: merge.id,
      keep_id: merge.keepId,
      merge_id: merge.mergeId,
      reason: merge.reason,
      changes: JSON.stringify(merge.changes),
      created_by: merge.createdBy,
      created_at: merge.createdAt,
      undone_by: null,
      undone_at: null,
    })
    .execute();
}

export async function findMerge(db: Db, id: string): Promise<MergeRow | undefined> {
  const row = await db
    .selectFrom('person_merges')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toMerge(row as MergeTableRow) : undefined;
}

/** The merge, not undone, that folded this person into another, if any. */
export async function activeMergeOf(db: Db, mergedId: string): Promise<MergeRow | undefined> {
  const row = await db
    .selectFrom('person_merges')
    .selectAll()
    .where('merge_id', '=', mergedId)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  return row ? toMerge(row as MergeTableRow) : undefined;
}

export async function markUndone(db: Db, id: string, by: string, at: string) {
  await db
    .updateTable('person_merges')
    .set({ undone_by: by, undone_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Ids of live records in `table` whose stored body mentions `id`. Ids are UUIDs, so a textual
 * match is a cheap, engine-neutral first pass; the caller confirms each through the type's
 * declared references before touching it.
 */
export async function recordsMentioning(db: Db, table: string, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('deleted_at', 'is', null)
    .where('body', 'like', `%${id}%`)
    .execute();
  return rows.map((r) => String(r.id));
}

/**
 * The pairs with any of `ids` on either side, as two indexed look-ups. Written as `person_a = ?
 * or person_b = ?`, the planner walked the whole queue in score order instead (the status and
 * score index serves the sort), a cost that grew with the queue: four fifths of an import's
 * time at 30,000 people.
 */
function pairsOf(db: Db, ids: readonly string[]) {
  const side = (column: 'person_a' | 'person_b') =>
    db.selectFrom('match_candidates').selectAll().where(column, 'in', ids);
  return side('person_a').unionAll(side('person_b'));
}

/** The pairs with any of `personIds` on either side (a pair of two of them twice), 200 ids a query. */
async function pairRowsOf(
  db: Db,
  personIds: readonly string[],
  status?: CandidateStatus,
): Promise<CandidateTableRow[]> {
  const rows: CandidateTableRow[] = [];
  for (const slice of inSlices(personIds, 200)) {
    let select = db.selectFrom(pairsOf(db, slice).as('c')).selectAll();
    if (status) select = select.where('status', '=', status);
    rows.push(...((await select.execute()) as CandidateTableRow[]));
  }
  return rows;
}

/** The open pairs with any of `personIds` on either side, highest score first. */
export async function openPairsOf(db: Db, personIds: readonly string[]): Promise<CandidateRow[]> {
  const rows = await pairRowsOf(db, personIds, 'open');
  const unique = [...new Map(rows.map((row) => [row.id, toCandidate(row)])).values()];
  return unique.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}
