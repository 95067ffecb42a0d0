import { sql } from 'kysely';
import type { Db, Engine } from '../../db/database.js';
import { insertRows } from '../../db/insert-rows.js';
import { inSlices } from '../../lib/slices.js';
import type { MatchablePerson } from './score.js';

/**
 * The SQL of filing people under their blocking keys (migration 0019). Each filed person has a
 * number, higher for the more recently filed, and a block lists its members by number: what
 * a write reads most, a block's newest members, is a run of small integers. Beside the number
 * is the person's match profile (profile.ts), what scoring reads of them.
 */

/** A block's members by number, newest (highest) first. */
export type Block = Int32Array;

/** Transactions that have filed or unfiled someone: their blocks differ from the committed ones. */
const changedBlocksIn = new WeakSet<Db>();

/** Whether the blocks `db` reads are still the committed ones (see changedBlocksIn). */
export const readsCommittedBlocks = (db: Db) => !changedBlocksIn.has(db);

export async function isFiled(db: Db, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('match_people')
    .select('number')
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}

interface FiledRow {
  number: number;
  person_id: string;
  match_keys: string;
  /** null for people filed before profiles were kept (0019 moved their keys, not profiles) */
  profile: string | null;
}

/** A filed person as scoring reads them. */
export interface FiledPerson {
  number: number;
  personId: string;
  profile: MatchablePerson | null;
}

const toFiled = (row: FiledRow): FiledPerson => ({
  number: Number(row.number),
  personId: row.person_id,
  profile: row.profile === null ? null : JSON.parse(row.profile),
});

/**
 * Files each person under their keys instead of their old ones, with their profile, a slice of
 * people at a time, and returns everyone's number. People written for the first time are filed
 * under nothing yet: `unfiled` names them, and no old keys are looked for.
 */
export async function fileUnderKeys(
  db: Db,
  people: readonly { personId: string; keys: readonly string[]; profile: MatchablePerson }[],
  unfiled: ReadonlySet<string> = new Set(),
): Promise<Map<string, number>> {
  changedBlocksIn.add(db);
  const numbers = new Map<string, number>();
  for (const slice of inSlices(people, 200)) {
    const refiled = slice.filter((p) => !unfiled.has(p.personId)).map((p) => p.personId);
    const before = new Map<string, FiledRow>();
    if (refiled.length > 0) {
      const rows = (await db
        .selectFrom('match_people')
        .selectAll()
        .where('person_id', 'in', refiled)
        .execute()) as FiledRow[];
      for (const row of rows) before.set(row.person_id, row);
    }
    const members: { match_key: string; person_number: number }[] = [];
    const fresh = [];
    for (const { personId, keys, profile } of slice) {
      const old = before.get(personId);
      if (!old) {
        fresh.push({
          person_id: personId,
          match_keys: JSON.stringify(keys),
          profile: JSON.stringify(profile),
        });
        continue;
      }
      const number = Number(old.number);
      numbers.set(personId, number);
      const had = new Set(JSON.parse(old.match_keys) as string[]);
      const kept = new Set(keys);
      const gone = [...had].filter((key) => !kept.has(key));
      const added = [...kept].filter((key) => !had.has(key));
      for (const match_key of added) members.push({ match_key, person_number: number });
      await leaveBlocks(db, number, gone);
      await db
        .updateTable('match_people')
        .set({ match_keys: JSON.stringify(keys), profile: JSON.stringify(profile) })
        .where('number', '=', number)
        .execute();
    }
    if (fresh.length > 0) {
      const rows = await db
        .insertInto('match_people')
        .values(fresh)
        .returning(['number', 'person_id'])
        .execute();
      for (const row of rows) numbers.set(row.person_id, Number(row.number));
      for (const { personId, keys } of slice) {
        if (before.has(personId)) continue;
        const person_number = numbers.get(personId) as number;
        for (const match_key of new Set(keys)) members.push({ match_key, person_number });
      }
    }
    await insertRows(db, 'match_block_members', members);
  }
  return numbers;
}

/** Takes person `number` out of the blocks of `keys`. */
async function leaveBlocks(db: Db, number: number, keys: readonly string[]): Promise<void> {
  for (const slice of inSlices(keys, 500)) {
    await db
      .deleteFrom('match_block_members')
      .where('person_number', '=', number)
      .where('match_key', 'in', slice)
      .execute();
  }
}

/** Takes a person out of every block (a deleted person is nobody's duplicate); their number. */
export async function unfile(db: Db, personId: string): Promise<number | undefined> {
  const row = (await db
    .selectFrom('match_people')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst()) as FiledRow | undefined;
  if (!row) return undefined;
  changedBlocksIn.add(db);
  await leaveBlocks(db, row.number, JSON.parse(row.match_keys) as string[]);
  await db.deleteFrom('match_people').where('number', '=', row.number).execute();
  return Number(row.number);
}

/**
 * The filed people among `numbers`, and among `ids` (either may name people not filed). A batch
 * reads tens of thousands by number: bound as one array, the statement is the same text
 * whatever their count, prepared once, where a list of a thousand parameters a slice was built
 * and compiled afresh each time (a sixth of a bulk import, profiled).
 */
export async function filedPeople(
  db: Db,
  engine: Engine,
  numbers: readonly number[],
  ids: readonly string[] = [],
): Promise<FiledPerson[]> {
  const filed: FiledPerson[] = [];
  if (numbers.length > 0) {
    const among =
      engine === 'postgres'
        ? sql`number = any(${numbers}::integer[])`
        : sql`number in (select value from json_each(${JSON.stringify(numbers)}))`;
    const { rows } = await sql<FiledRow>`
      select number, person_id, profile from match_people where ${among}`.execute(db);
    for (const row of rows) filed.push(toFiled(row));
  }
  for (const slice of inSlices(ids, 1000)) {
    const rows = await db
      .selectFrom('match_people')
      .select(['number', 'person_id', 'profile'])
      .where('person_id', 'in', slice)
      .execute();
    for (const row of rows) filed.push(toFiled(row as FiledRow));
  }
  return filed;
}

/** Keeps the profiles of people filed without one (see FiledRow). */
export async function saveProfiles(
  db: Db,
  people: readonly { number: number; profile: MatchablePerson }[],
): Promise<void> {
  for (const { number, profile } of people) {
    await db
      .updateTable('match_people')
      .set({ profile: JSON.stringify(profile) })
      .where('number', '=', number)
      .execute();
  }
}

/**
 * The members of each key's block, the most recently filed first, at most `perKey` besides any
 * one person asking (one more is read, so that person can be skipped). A block as common as
 * "José García" then costs the same at a million people as at a thousand, and the person most
 * likely to be a duplicate of a new row, one imported recently, is still read. Each key is read
 * once however many people ask for it.
 */
export async function blocksOf(
  db: Db,
  engine: Engine,
  keys: readonly string[],
  perKey: number,
): Promise<Map<string, Block>> {
  const blocks = new Map<string, Block>();
  const distinct = [...new Set(keys)];
  const read = engine === 'postgres' ? postgresBlocks : sqliteBlocks;
  for (const slice of inSlices(distinct, 1000)) {
    for (const { match_key, members } of await read(db, slice, perKey + 1)) {
      // Ordered here rather than by the aggregate, which sorted again what the index had read
      // in order (a third of PostgreSQL's time for the statement).
      if (members) blocks.set(match_key, newestFirst(parseNumbers(members)));
    }
  }
  return blocks;
}

/** A block's members in place, the most recently filed (highest number) first. */
const newestFirst = (members: Int32Array): Block => members.sort().reverse();

/**
 * `blocks` as `blocksOf(…, perKey)` read them before `filed` were filed (committed blocks, read
 * beside the transaction), with them added to their keys' blocks: what `blocksOf` would have
 * returned after the filing.
 */
export function withFiled(
  blocks: ReadonlyMap<string, Block>,
  filed: readonly { number: number; keys: readonly string[] }[],
  perKey: number,
): Map<string, Block> {
  const added = new Map<string, number[]>();
  for (const { number, keys } of filed) {
    for (const key of new Set(keys)) {
      const list = added.get(key);
      if (list) list.push(number);
      else added.set(key, [number]);
    }
  }
  const merged = new Map(blocks);
  for (const [key, numbers] of added) {
    const before = blocks.get(key) ?? new Int32Array(0);
    const block = new Int32Array(before.length + numbers.length);
    block.set(before);
    block.set(numbers, before.length);
    merged.set(key, newestFirst(block).subarray(0, perKey + 1));
  }
  return merged;
}

/**
 * "12 7 3" as numbers, read digit by digit: the blocks of a batch list hundreds of thousands of
 * members, and a string apiece (split, then parse) was most of reading them.
 */
export function parseNumbers(text: string): Block {
  let count = text.length > 0 ? 1 : 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32) count++;
  const numbers = new Int32Array(count);
  let n = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      numbers[n++] = value;
      value = 0;
    } else {
      value = value * 10 + (code - 48);
    }
  }
  if (count > 0) numbers[n] = value;
  return numbers;
}

/** A key and its block's members in one text: a row a key, not a row a member. */
type BlockRow = { match_key: string; members: string | null };

/**
 * One limited index read a key, each block gathered into one text by a correlated subquery
 * (SQLite has no lateral join), and the keys bound as one JSON array, so a slice of keys is one
 * statement of the same text whatever its size.
 */
async function sqliteBlocks(db: Db, keys: string[], limit: number): Promise<BlockRow[]> {
  const { rows } = await sql<BlockRow>`
    select keys.value as match_key, (
      select group_concat(person_number, ' ') from (
        select person_number from match_block_members
        where match_key = keys.value order by person_number desc limit ${limit})
    ) as members
    from json_each(${JSON.stringify(keys)}) keys`.execute(db);
  return rows;
}

/**
 * The same reads over the keys as an array: PostgreSQL plans a union of a hundred reads afresh
 * each time (12 ms, more than running it).
 */
async function postgresBlocks(db: Db, keys: string[], limit: number): Promise<BlockRow[]> {
  const { rows } = await sql<BlockRow>`
    select k.match_key, (
      select string_agg(person_number::text, ' ') from (
        select person_number from match_block_members
        where match_key = k.match_key order by person_number desc limit ${limit}) b
    ) as members
    from unnest(${keys}::text[]) as k(match_key)`.execute(db);
  return rows;
}
