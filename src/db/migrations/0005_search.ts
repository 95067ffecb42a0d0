import { sql } from 'kysely';
import type { Engine } from '../database.js';
import type { AnyDb } from './record-tables-v1.js';

/**
 * One search index over every record type: a row per live record holding what its type's
 * `searchText` returns (already folded: no case, no accents) and its label as `title`, plus the
 * record's sensitivity so that hits are filtered by clearance in the query itself. `terms` is
 * `body` cut into words by the application (`src/db/search/terms.ts`), one space apart and with a
 * space at each end, so both engines see exactly the same words and exact-word checks are a
 * plain LIKE '% word %'.
 *
 * SQLite: an FTS5 table with external content (`content='search_index'`), kept in step by
 * triggers, so the text is stored once and `'rebuild'` can always regenerate the FTS structure
 * from the rows. The rowid link is an INTEGER PRIMARY KEY, which VACUUM never renumbers.
 * PostgreSQL: a generated tsvector over `terms` with the 'simple' configuration (no stemming, no
 * stop words: the text is folded already) and a GIN index.
 *
 * The index starts empty: `habeas reindex` (run automatically by the runtime right after this
 * migration applies) fills it from the records.
 *
 * Frozen: later changes go in new migrations.
 */
export function up(engine: Engine) {
  return async (db: AnyDb) => {
    if (engine === 'sqlite') {
      await sql`create table search_index (
        id integer primary key,
        record_type text not null,
        record_id text not null,
        sensitivity text not null,
        title text not null,
        body text not null,
        terms text not null,
        unique (record_type, record_id)
      )`.execute(db);
      await sql`create virtual table search_fts using fts5(
        terms, content='search_index', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      )`.execute(db);
      await sql`create trigger search_index_ai after insert on search_index begin
        insert into search_fts(rowid, terms) values (new.id, new.terms);
      end`.execute(db);
      await sql`create trigger search_index_ad after delete on search_index begin
        insert into search_fts(search_fts, rowid, terms) values ('delete', old.id, old.terms);
      end`.execute(db);
      await sql`create trigger search_index_au after update on search_index begin
        insert into search_fts(search_fts, rowid, terms) values ('delete', old.id, old.terms);
        insert into search_fts(rowid, terms) values (new.id, new.terms);
      end`.execute(db);
    } else {
      await sql`create table search_index (
        record_type text collate "C" not null,
        record_id text collate "C" not null,
        sensitivity text not null,
        title text not null,
        body text not null,
        terms text not null,
        tsv tsvector generated always as (to_tsvector('simple', terms)) stored,
        primary key (record_type, record_id)
      )`.execute(db);
      await sql`create index search_index_tsv_idx on search_index using gin (tsv)`.execute(db);
    }
    await sql`create index search_index_sensitivity_idx on search_index (sensitivity, record_type)`.execute(
      db,
    );
  };
}
