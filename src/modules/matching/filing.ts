import { type RawBuilder, sql } from 'kysely';
import { type Db, type Engine, engineBehind } from '../../db/database.js';
import { insertRows } from '../../db/insert-rows.js';
import { inSlices } from '../../lib/slices.js';
import type { MatchablePerson } from './score.js';

/**
 * The SQL of filing people under their blocking keys (migration 0019). Each filed person has a
 * number, higher for the more recently filed, and a block lists its members by number: what
 * a write reads most, a block's newest members, is a run of small integers. Beside the number
 * is the person's match profile (profile.ts), what scoring reads of them.
 */

/** A block's newest members by number, newest (highest) first. */
export type Block = Int32Array;

/**
 * The newest members each block keeps in `match_blocks` (migration 0020), beside the full list
 * in `match_block_members`: the most a write compares a person with a key (neighbours.ts), and
 * one more, the person asking, who is skipped.
 */
export const KEPT_PER_BLOCK = 201;

/**
 * SQLite: blocks' newest members kept in memory across writes (filing-cache.ts), in place of
 * `match_blocks`, which migration 0022 drops there. SQLite has one writer at a time, and
 * rewriting every block a batch touched (a JSON list of 201 numbers each) was a sixth of a bulk
 * import's people at 60,000 (0.85 of the time without it, paired runs); a block not kept is read
 * off its full list, a short walk down the newest end of one key's B-tree.
 */
export interface KeptBlocks {
  takeBlocks(keys: Iterable<string>): { kept: Map<string, Block>; missing: string[] };
  keepBlocks(blocks: ReadonlyMap<string, Block>): void;
  forgetBlocks(keys: Iterable<string>): void;
}

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

/** The filings' version as a write found it, and as its own change left it. */
export interface FilingVersions {
  before: number;
  after: number;
}

/**
 * PostgreSQL: moves the filings' version (a sequence, migration 0021) before a write changes
 * anyone's filing, so that a process keeping filings across writes (filing-cache.ts) sees
 * whether another process changed them since its own last write. Every such write holds the
 * person-facts writers' lock (advisory-locks.ts), so no other changes them between this and its
 * commit. SQLite: nothing, as `PRAGMA data_version` tells.
 */
async function moveFilingVersion(db: Db): Promise<FilingVersions | undefined> {
  if (engineBehind(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ after: number }>`
    select nextval('match_filing_version') as after`.execute(db);
  const after = Number(rows[0]?.after);
  return { before: after - 1, after };
}

/**
 * Files each person under their keys instead of their old ones, with their profile, a slice of
 * people at a time, and returns everyone's number. People written for the first time are filed
 * under nothing yet: `unfiled` names them, and no old keys are looked for.
 */
export async function fileUnderKeys(
  db: Db,
  people: readonly { personId: string; keys: readonly string[]; profile: MatchablePerson }[],
  unfiled: ReadonlySet<string> = new Set(),
  /** SQLite: the blocks kept from earlier writes, known to hold still */
  keptBlocks?: KeptBlocks,
): Promise<{
  numbers: Map<string, number>;
  blocks: Map<string, Block>;
  versions: FilingVersions | undefined;
}> {
  const versions = await moveFilingVersion(db);
  const numbers = new Map<string, number>();
  const joined: { match_key: string; person_number: number }[] = [];
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
      await leaveBlocks(db, number, gone, keptBlocks);
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
    joined.push(...members);
  }
  return { numbers, blocks: await joinBlocks(db, joined, keptBlocks), versions };
}

/**
 * Adds `members` to the kept blocks of their keys and returns those blocks as they now are.
 * On PostgreSQL the database merges each block under its row's lock, so writes filing people
 * under one key at once each see the other's members, never a block read before the other
 * committed. A write locks its blocks' rows once, in key order, and only once it holds the
 * person-facts writers' lock (person-facts/repo.ts), so transactions of several writes each
 * (imports a batch at a time) wait for one another in turn, never in a circle. SQLite has one
 * writer at a time and keeps no block rows (KeptBlocks): kept blocks are merged here, the
 * others read off their full lists, which already hold the new members.
 */
async function joinBlocks(
  db: Db,
  members: readonly { match_key: string; person_number: number }[],
  kept?: KeptBlocks,
): Promise<Map<string, Block>> {
  const added = new Map<string, number[]>();
  for (const { match_key, person_number } of members) {
    const numbers = added.get(match_key);
    if (numbers) numbers.push(person_number);
    else added.set(match_key, [person_number]);
  }
  const rows = [...added]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([match_key, numbers]) => ({
      match_key,
      members: numbers.sort((a, b) => b - a).slice(0, KEPT_PER_BLOCK),
    }));
  if (engineBehind(db) !== 'postgres') return joinInSqlite(db, rows, kept);
  const blocks = new Map<string, Block>();
  for (const slice of inSlices(rows, 2000)) {
    for (const [key, block] of await mergeInPostgres(db, slice)) blocks.set(key, block);
  }
  return blocks;
}

type BlockJoin = { match_key: string; members: number[] };

async function mergeInPostgres(db: Db, rows: BlockJoin[]): Promise<Map<string, Block>> {
  // Numbers new to the database are all newer than a block's: then the merge is a prepend.
  const { rows: merged } = await sql<BlockRow>`insert into match_blocks as b (match_key, members)
    select match_key, members from json_to_recordset(${JSON.stringify(rows)}::json)
      as a(match_key text, members integer[])
    on conflict (match_key) do update set members = case
      when excluded.members[cardinality(excluded.members)] > b.members[1]
        then (excluded.members || b.members)[1:${sql.lit(KEPT_PER_BLOCK)}]
      else array(select distinct n from unnest(excluded.members || b.members) as u(n)
        order by n desc limit ${sql.lit(KEPT_PER_BLOCK)})
      end
    returning match_key, array_to_json(members)::text as members`.execute(db);
  return new Map(merged.map((row) => [row.match_key, toBlock(row)]));
}

async function joinInSqlite(
  db: Db,
  rows: BlockJoin[],
  kept: KeptBlocks | undefined,
): Promise<Map<string, Block>> {
  const taken = await keptOrRead(
    db,
    rows.map((row) => row.match_key),
    kept,
  );
  const blocks = taken.read;
  for (const { match_key, members } of rows) {
    const block = taken.kept.get(match_key);
    if (block) blocks.set(match_key, Int32Array.from(newestOf(members, block)));
  }
  kept?.keepBlocks(blocks);
  return blocks;
}

/** SQLite: the blocks of `keys` that `kept` holds, and the others read off their full lists. */
async function keptOrRead(
  db: Db,
  keys: readonly string[],
  kept: KeptBlocks | undefined,
): Promise<{ kept: Map<string, Block>; read: Map<string, Block> }> {
  const taken = kept?.takeBlocks(keys) ?? { kept: new Map<string, Block>(), missing: keys };
  return { kept: taken.kept, read: await readOffMembers(db, taken.missing) };
}

/** SQLite: the kept members of each of `keys` that has any, read off the full lists. */
async function readOffMembers(db: Db, keys: readonly string[]): Promise<Map<string, Block>> {
  const blocks = new Map<string, Block>();
  for (const slice of inSlices(keys, 2000)) {
    const { rows } = await sql<BlockRow>`
      select k.value as match_key, ${keptMembersOf(db, sql.ref('k.value'))} as members
      from json_each(${JSON.stringify(slice)}) k`.execute(db);
    for (const row of rows) {
      const block = toBlock(row);
      if (block.length > 0) blocks.set(row.match_key, block);
    }
  }
  return blocks;
}

/** The newest `KEPT_PER_BLOCK` of two lists each newest first, each number once. */
function newestOf(added: readonly number[], kept: Block): number[] {
  const last = added.at(-1);
  if (last === undefined || kept.length === 0 || last > (kept[0] as number)) {
    return [...added, ...kept.subarray(0, KEPT_PER_BLOCK - added.length)];
  }
  return [...new Set([...added, ...kept])].sort((a, b) => b - a).slice(0, KEPT_PER_BLOCK);
}

/**
 * Takes person `number` out of the blocks of `keys`, and keeps those blocks' newest members
 * again from their full lists (a rare write: an edit of a name, a deletion).
 */
async function leaveBlocks(
  db: Db,
  number: number,
  keys: readonly string[],
  kept: KeptBlocks | undefined,
): Promise<void> {
  const postgres = engineBehind(db) === 'postgres';
  kept?.forgetBlocks(keys);
  for (const slice of inSlices(keys, 500)) {
    await db
      .deleteFrom('match_block_members')
      .where('person_number', '=', number)
      .where('match_key', 'in', slice)
      .execute();
    if (!postgres) continue;
    await db
      .updateTable('match_blocks')
      .set({ members: keptMembersOf(db, sql.ref('match_blocks.match_key')) })
      .where('match_key', 'in', slice)
      .execute();
    await db
      .deleteFrom('match_blocks')
      .where('match_key', 'in', slice)
      .where(sql<boolean>`cardinality(members) = 0`)
      .execute();
  }
}

/**
 * Takes a person out of every block (a deleted person is nobody's duplicate); their number, and
 * the filings' versions as this unfiling found and left them.
 */
export async function unfile(
  db: Db,
  personId: string,
  kept?: KeptBlocks,
): Promise<{ number: number; versions: FilingVersions | undefined } | undefined> {
  const row = (await db
    .selectFrom('match_people')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst()) as FiledRow | undefined;
  if (!row) return undefined;
  const versions = await moveFilingVersion(db);
  await leaveBlocks(db, row.number, JSON.parse(row.match_keys) as string[], kept);
  await db.deleteFrom('match_people').where('number', '=', row.number).execute();
  return { number: Number(row.number), versions };
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

/** A key and its kept block, newest first, as a JSON array (both engines). */
type BlockRow = { match_key: string; members: string };

const toBlock = (row: BlockRow): Block => Int32Array.from(JSON.parse(row.members) as number[]);

/**
 * The kept blocks of `keys` (those with members), each cut to its newest `perKey + 1`: at most
 * `perKey` besides any one person asking, who is skipped. A block as common as "José García"
 * costs the same at a million people as at a thousand, and the person most likely to be a
 * duplicate of a new row, one filed recently, is still read.
 */
export async function blocksOf(
  db: Db,
  engine: Engine,
  keys: readonly string[],
  perKey: number,
  /** SQLite: the blocks kept from earlier writes, known to hold still */
  kept?: KeptBlocks,
): Promise<Map<string, Block>> {
  if (perKey + 1 > KEPT_PER_BLOCK) {
    throw new Error(`blocks keep ${KEPT_PER_BLOCK} members: ${perKey} others cannot be read`);
  }
  const unique = [...new Set(keys)];
  const blocks =
    engine === 'postgres' ? await keptInPostgres(db, unique) : await keptInSqlite(db, unique, kept);
  for (const [key, block] of blocks) blocks.set(key, block.subarray(0, perKey + 1));
  return blocks;
}

async function keptInPostgres(db: Db, keys: readonly string[]): Promise<Map<string, Block>> {
  const blocks = new Map<string, Block>();
  for (const slice of inSlices(keys, 2000)) {
    const { rows } = await sql<BlockRow>`
      select match_key, array_to_json(members)::text as members from match_blocks
      where match_key = any(${slice}::text[])`.execute(db);
    for (const row of rows) blocks.set(row.match_key, toBlock(row));
  }
  return blocks;
}

async function keptInSqlite(
  db: Db,
  keys: readonly string[],
  kept: KeptBlocks | undefined,
): Promise<Map<string, Block>> {
  const taken = await keptOrRead(db, keys, kept);
  kept?.keepBlocks(taken.read);
  for (const [key, block] of taken.read) taken.kept.set(key, block);
  return taken.kept;
}

/**
 * Fills every block's kept newest members afresh from the full lists: after a restore, which
 * leaves them out of a backup (their storage differs between the engines).
 */
export async function keepNewestOfEveryBlock(db: Db): Promise<void> {
  // SQLite keeps no block rows (KeptBlocks), and its other connections see data_version move.
  if (engineBehind(db) !== 'postgres') return;
  // Every filing may be new: no process may go on with the ones it kept.
  await moveFilingVersion(db);
  await db.deleteFrom('match_blocks').execute();
  await sql`insert into match_blocks (match_key, members)
    select k.match_key, ${keptMembersOf(db, sql.ref('k.match_key'))}
    from (select distinct match_key from match_block_members) k`.execute(db);
}

/** The kept members of the block of `key` (a column), read off its full list. */
function keptMembersOf(db: Db, key: RawBuilder<unknown>) {
  const newest = sql`select person_number from match_block_members m
    where m.match_key = ${key} order by person_number desc limit ${sql.lit(KEPT_PER_BLOCK)}`;
  return engineBehind(db) === 'postgres'
    ? sql`array(${newest})`
    : sql`(select json_group_array(person_number order by person_number desc) from (${newest}))`;
}
