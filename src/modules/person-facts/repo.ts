import { holdUntilCommit } from '../../db/advisory-locks.js';
import type { Db } from '../../db/database.js';
import { insertRows } from '../../db/insert-rows.js';
import { inSlices } from '../../lib/slices.js';
import { dayRange, earliest, FACT_VALUE_KINDS, type PersonFacts } from './compute.js';
import { CountDelta, type CountedRow, type CountedValue, clearCounts } from './counts.js';

/** The person-facts tables' SQL for writing; reading is in query.ts. */

export const FACTS = 'person_facts';
export const VALUES = 'person_fact_values';

/**
 * People are read, and rows deleted, in slices, so no statement carries more parameters than
 * SQLite allows (rows are inserted through insertRows, one JSON parameter a statement).
 */
const SLICE = 200;

type FactRow = ReturnType<typeof toRow>;

/**
 * Replaces every stored fact of `personIds` with `facts` (people missing from `facts` lose
 * theirs), writing only what changed: a new custody event changes a person's status and adds a
 * place or a custodian, while most of their fact rows and values (a few dozen a person, one set
 * per clearance level) stay as they were. Deleting and re-inserting them all made the facts most
 * of a custody write's time (profiled).
 */
export async function replaceFacts(
  db: Db,
  personIds: readonly string[],
  facts: readonly PersonFacts[],
  computedAt: string,
  /** people with nothing stored yet (written for the first time): not looked for */
  unstored: ReadonlySet<string> = new Set(),
): Promise<void> {
  const before: { rows: CountedRow[]; values: CountedValue[] } = { rows: [], values: [] };
  const mayHaveFacts = personIds.filter((id) => !unstored.has(id));
  for (const ids of inSlices(mayHaveFacts, SLICE)) {
    const [rows, values] = await Promise.all([
      db.selectFrom(FACTS).selectAll().where('person_id', 'in', ids).execute(),
      db.selectFrom(VALUES).selectAll().where('person_id', 'in', ids).execute(),
    ]);
    before.rows.push(...(rows as CountedRow[]));
    before.values.push(...(values as CountedValue[]));
  }
  const rows = facts.map((f) => toRow(f, computedAt));
  const values = valuesOf(facts);
  const delta = new CountDelta().add(before.rows, before.values, -1).add(rows, values, 1);

  const rowKey = (r: { person_id: string; level: string }) => `${r.person_id}\u0000${r.level}`;
  const storedRows = new Map(before.rows.map((r) => [rowKey(r), r]));
  const changedRows = rows.filter((r) => !sameRow(storedRows.get(rowKey(r)), r));
  const changed = new Set(changedRows);
  const keptRows = new Set(rows.filter((r) => !changed.has(r)).map(rowKey));
  await deleteWhereKeys(
    db,
    FACTS,
    before.rows.filter((r) => !keptRows.has(rowKey(r))),
    ['person_id', 'level'],
  );
  await insertRows(db, FACTS, changedRows);

  const valueKey = (v: CountedValue) => `${rowKey(v)}\u0000${v.kind}\u0000${v.value}`;
  const wanted = new Set(values.map(valueKey));
  const stored = new Set(before.values.map(valueKey));
  await deleteWhereKeys(
    db,
    VALUES,
    before.values.filter((v) => !wanted.has(valueKey(v))),
    ['person_id', 'level', 'kind', 'value'],
  );
  await insertRows(
    db,
    VALUES,
    values.filter((v) => !stored.has(valueKey(v))),
  );
  await delta.apply(db);
}

/**
 * One transaction at a time writes person facts on PostgreSQL, from its first write of a record
 * they rest on until it commits: the projection queues every such write before it reads or
 * locks anything (RecordRegistry.beforeWrites), and a rebuild as it clears the facts, so the
 * writes here run with the lock already held. Writers queued on the shared counter rows anyway
 * (a new person changes the total), but reached them holding the rows they had written: their
 * records, their people's fact rows. Two transactions of several writes each (imports a batch
 * at a time) that took each other's people in turn then held those in a circle, and PostgreSQL
 * failed one (tested). Queued first, a writer holds nothing the one before it may want.
 */
export const waitForOtherFactWriters = (db: Db) => holdUntilCommit(db, 'personFacts');

export async function clearFacts(db: Db): Promise<void> {
  await waitForOtherFactWriters(db);
  await db.deleteFrom(VALUES).execute();
  await db.deleteFrom(FACTS).execute();
  await clearCounts(db);
}

/** Inserts the facts of people who have none stored, and adds them to the counters. */
export async function insertFacts(
  db: Db,
  facts: readonly PersonFacts[],
  computedAt: string,
): Promise<void> {
  const rows = facts.map((f) => toRow(f, computedAt));
  const values = valuesOf(facts);
  await insertRows(db, FACTS, rows);
  await insertRows(db, VALUES, values);
  await new CountDelta().add(rows, values, 1).apply(db);
}

function valuesOf(facts: readonly PersonFacts[]): CountedValue[] {
  return facts.flatMap((f) =>
    FACT_VALUE_KINDS.flatMap((kind) =>
      f.values[kind].map((value) => ({ person_id: f.personId, level: f.level, kind, value })),
    ),
  );
}

/** Equal in every column but when it was computed (which alone does not make a row change). */
function sameRow(stored: CountedRow | undefined, row: FactRow): boolean {
  if (!stored) return false;
  return Object.entries(row).every(
    ([column, value]) => column === 'computed_at' || (stored[column] ?? null) === value,
  );
}

/** Deletes the rows whose `columns` equal those of one of `rows` (their primary keys). */
async function deleteWhereKeys<Row extends object>(
  db: Db,
  table: string,
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
): Promise<void> {
  for (const slice of inSlices(rows, SLICE)) {
    await db
      .deleteFrom(table)
      .where((eb) =>
        eb.or(slice.map((row) => eb.and(columns.map((c) => eb(c, '=', row[c] as never))))),
      )
      .execute();
  }
}

function toRow(f: PersonFacts, computedAt: string) {
  const from = f.heldWithoutCharge ? dayRange(f.heldWithoutCharge.from) : null;
  const until = f.heldWithoutCharge?.until ? dayRange(f.heldWithoutCharge.until) : null;
  return {
    person_id: f.personId,
    level: f.level,
    state: f.state,
    custodian_id: f.custodianId,
    place_id: f.placeId,
    jurisdiction: f.jurisdiction,
    status_event_id: f.statusEventId,
    as_of: f.asOf,
    as_of_start: earliest(f.asOf),
    charged: f.charged,
    hearing_before_removal: f.hearingBeforeRemoval,
    notice_of_allegations: f.noticeOfAllegations,
    access_to_counsel: f.accessToCounsel,
    consular_access: f.consularAccess,
    way_to_challenge_removal: f.wayToChallengeRemoval,
    held_from_first_day: from?.first ?? null,
    held_from_last_day: from?.last ?? null,
    held_until_first_day: until?.first ?? null,
    held_until_last_day: until?.last ?? null,
    computed_at: computedAt,
  };
}
