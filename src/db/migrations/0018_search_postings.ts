import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.js';

/**
 * PostgreSQL's GIN index finds a query's matches in no order, so a page of `jose` among a million
 * people visited all 78,000 matches to keep the newest 20 (p95 270 ms). Postings keep a row per
 * word an entry holds, keyed `(word, entry)`: the entries holding every query word whole — the
 * first tier of results (src/db/search/tiers.ts) — come newest first off the B-tree and a page
 * stops at its last hit (src/db/search/postgres.ts). The entry's type and sensitivity ride in
 * the index, so clearance and type filters and the first tier's counts read nothing else. The
 * same B-tree lists the words a query word starts, which GIN then matches as whole words
 * rather than as a prefix (a prefix gathers every matching word's entries in a bitmap first).
 * Lower tiers stay with GIN: they are the rarer matches, and keeping every start of every word
 * would multiply the rows by five.
 *
 * Triggers keep the postings in step with `search_index`, set-wise per statement, as SQLite's
 * triggers keep FTS5 in step (0005): every writer of the index keeps them right. `search_words`
 * is the one definition of an entry's words, used to add them and to find them again for
 * removal; a change to it must rebuild the postings in the migration that makes it. A word is
 * kept to its first 200 characters, well inside a B-tree key.
 *
 * SQLite reads its FTS5 index in entry order already and needs none of this.
 *
 * Frozen: later changes go in new migrations.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine !== 'postgres') return;
    await sql`create function search_words(terms text) returns setof text
      language sql immutable parallel safe as $$
        select distinct left(w, 200) from unnest(string_to_array(btrim(terms), ' ')) w
        where w <> ''
      $$`.execute(db);
    await sql`create table search_postings (
        word text collate "C" not null,
        entry bigint not null,
        record_type text collate "C" not null,
        sensitivity text not null
      )`.execute(db);
    // Filled before its index is built: one sort instead of an index insert per row.
    await sql`insert into search_postings (word, entry, record_type, sensitivity)
      select w, si.id, si.record_type, si.sensitivity
      from search_index si cross join lateral search_words(si.terms) w`.execute(db);
    await sql`alter table search_postings
      add primary key (word, entry) include (record_type, sensitivity)`.execute(db);
    // A page's hits are read by entry number; 0017 dropped this index when nothing did.
    await sql`create unique index search_index_id_idx on search_index (id)`.execute(db);

    await sql`create function search_postings_added() returns trigger language plpgsql as $$
      begin
        insert into search_postings (word, entry, record_type, sensitivity)
          select w, e.id, e.record_type, e.sensitivity
          from added e cross join lateral search_words(e.terms) w;
        return null;
      end $$`.execute(db);
    await sql`create function search_postings_removed() returns trigger language plpgsql as $$
      begin
        delete from search_postings p
          using removed e cross join lateral search_words(e.terms) w
          where p.word = w and p.entry = e.id;
        return null;
      end $$`.execute(db);
    // Most updates of an entry leave its words and sensitivity as they were: those keep theirs.
    await sql`create function search_postings_changed() returns trigger language plpgsql as $$
      begin
        delete from search_postings p
          using before_change b join after_change a on a.id = b.id
            cross join lateral search_words(b.terms) w
          where (a.terms, a.sensitivity) <> (b.terms, b.sensitivity)
            and p.word = w and p.entry = b.id;
        insert into search_postings (word, entry, record_type, sensitivity)
          select w, a.id, a.record_type, a.sensitivity
          from after_change a join before_change b on b.id = a.id
            cross join lateral search_words(a.terms) w
          where (a.terms, a.sensitivity) <> (b.terms, b.sensitivity);
        return null;
      end $$`.execute(db);
    await sql`create trigger search_postings_ai after insert on search_index
      referencing new table as added
      for each statement execute function search_postings_added()`.execute(db);
    await sql`create trigger search_postings_ad after delete on search_index
      referencing old table as removed
      for each statement execute function search_postings_removed()`.execute(db);
    await sql`create trigger search_postings_au after update on search_index
      referencing old table as before_change new table as after_change
      for each statement execute function search_postings_changed()`.execute(db);
  };
}
