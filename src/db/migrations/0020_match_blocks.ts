import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Each blocking key's newest members, kept in one row a key (`match_blocks`), beside the full
 * list in `match_block_members`. A write compares each new person with the newest 200 of each
 * of their blocks; read from the B-tree of members, a batch of 500 people read some 600,000
 * entries, and at 400,000 people on PostgreSQL that read alone kept a backend busy a third of
 * the time (index-only scans visiting the newest, not yet vacuumed, rows). A row a key is one
 * look-up, and the write that adds members returns the blocks it leaves.
 *
 * The newest 201 are kept (the 200 compared, and the person asking, who is skipped), newest
 * first: an array of integers on PostgreSQL, a JSON array on SQLite. Existing blocks are filled
 * from their members.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

const KEPT = 201;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine === 'postgres') {
      await sql`create table match_blocks (
          match_key text collate "C" primary key,
          members integer[] not null
        )`.execute(db);
      await sql`insert into match_blocks (match_key, members)
        select match_key, (array_agg(person_number order by person_number desc))[1:${sql.lit(KEPT)}]
        from match_block_members group by match_key`.execute(db);
    } else {
      await sql`create table match_blocks (
          match_key text primary key,
          members text not null
        ) without rowid`.execute(db);
      await sql`insert into match_blocks (match_key, members)
        select k.match_key, (
          select json_group_array(person_number order by person_number desc) from (
            select person_number from match_block_members m
            where m.match_key = k.match_key order by person_number desc limit ${sql.lit(KEPT)}))
        from (select distinct match_key from match_block_members) k`.execute(db);
    }
  };
}
