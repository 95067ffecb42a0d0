import type { Db } from '../../db/database.js';
import { dayRange, earliest, FACT_VALUE_KINDS, type PersonFacts } from './compute.js';
import { CountDelta, type CountedRow, type CountedValue, clearCounts } from './counts.js';

/** The person-facts tables' SQL for writing; reading is in query.ts. */

export const FACTS = 'person_facts';
export const VALUES = 'person_fact_values';

/** Rows are written in slices so no statement carries more parameters than SQLite allows. */
const SLICE = 200;

/** Replaces every stored fact of `personIds` with `facts` (people missing from `facts` lose theirs). */
export async function replaceFacts(
  db: Db,
  personIds: readonly string[],
  facts: readonly PersonFacts[],
  computedAt: string,
): Promise<void> {
  const delta = new CountDelta();
  for (let i = 0; i < personIds.length; i += SLICE) {
    const ids = personIds.slice(i, i + SLICE);
    const [rows, values] = await Promise.all([
      db.selectFrom(FACTS).selectAll().where('person_id', 'in', ids).execute(),
      db.selectFrom(VALUES).selectAll().where('person_id', 'in', ids).execute(),
    ]);
    if (rows.length === 0) continue;
    delta.add(rows as CountedRow[], values as CountedValue[], -1);
    await db.deleteFrom(VALUES).where('person_id', 'in', ids).execute();
    await db.deleteFrom(FACTS).where('person_id', 'in', ids).execute();
  }
  await writeFacts(db, facts, computedAt, delta);
}

export async function clearFacts(db: Db): Promise<void> {
  await db.deleteFrom(VALUES).execute();
  await db.deleteFrom(FACTS).execute();
  await clearCounts(db);
}

export async function insertFacts(
  db: Db,
  facts: readonly PersonFacts[],
  computedAt: string,
): Promise<void> {
  await writeFacts(db, facts, computedAt, new CountDelta());
}

/** Inserts the facts and applies `delta`, plus what they add, to the counters. */
async function writeFacts(
  db: Db,
  facts: readonly PersonFacts[],
  computedAt: string,
  delta: CountDelta,
): Promise<void> {
  const rows = facts.map((f) => toRow(f, computedAt));
  for (let i = 0; i < rows.length; i += SLICE) {
    await db
      .insertInto(FACTS)
      .values(rows.slice(i, i + SLICE))
      .execute();
  }
  const values = facts.flatMap((f) =>
    FACT_VALUE_KINDS.flatMap((kind) =>
      f.values[kind].map((value) => ({ person_id: f.personId, level: f.level, kind, value })),
    ),
  );
  for (let i = 0; i < values.length; i += SLICE) {
    await db
      .insertInto(VALUES)
      .values(values.slice(i, i + SLICE))
      .execute();
  }
  await delta.add(rows, values, 1).apply(db);
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
