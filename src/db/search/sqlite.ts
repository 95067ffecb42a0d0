import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { SearchReader } from './search-index.js';
import { type EntryRow, TieredSearchIndex, type TierPage, visibleTo } from './shared.js';
import { type QuerySyntax, type Tier, tierExpression } from './tiers.js';

/**
 * SQLite: FTS5 over `search_index.terms` (external content, kept in step by triggers; see
 * migration 0005); the entry's number is the FTS rowid. A whole word is `"jerce"`, a prefix
 * `"jerce"*`. FTS5 walks an expression of whole words lazily in rowid order, so the first page
 * of `jose` among a million people reads a page of entries; a prefix is gathered whole first,
 * which is why whole words make the first tier.
 */
const FTS5: QuerySyntax = {
  whole: (term) => `"${term}"`,
  prefix: (term) => `"${term}"*`,
  and: ' AND ',
  or: ' OR ',
  butNot: (a, b) => `${a} NOT ${b}`,
};

export class SqliteSearchIndex extends TieredSearchIndex {
  override async clear(db: Db, types?: string[]): Promise<void> {
    await super.clear(db, types);
    if (!types) await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
  }

  protected reads(db: Db, terms: string[]): SearchReader {
    return {
      page: (query) => this.readTiers(terms, query, (page) => this.tierEntries(db, page)),
      counts: (query) => this.countMatches(db, terms, query),
    };
  }

  private async tierEntries(
    db: Db,
    { tier, levels, types, before, limit }: TierPage,
  ): Promise<EntryRow[]> {
    const { rows } = await sql<EntryRow>`
      select si.record_type as type, si.record_id as id, si.sensitivity, si.title, si.body,
        si.id as entry
      from ${this.matching(tier)}
        ${before === undefined ? sql`` : sql`and search_fts.rowid < ${before}`}
        and ${visibleTo('si', levels, types)}
      order by search_fts.rowid desc
      limit ${limit}`.execute(db);
    return rows;
  }

  protected matching(tier: Tier): RawBuilder<unknown> {
    return sql`search_fts join search_index si on si.id = search_fts.rowid
      where search_fts match ${tierExpression(FTS5, tier)}`;
  }
}
