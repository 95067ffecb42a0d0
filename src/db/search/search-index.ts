import type { RawBuilder } from 'kysely';
import type { Db, Engine } from '../database.js';
import { PostgresSearchIndex } from './postgres.js';
import { SqliteSearchIndex } from './sqlite.js';

/** Whether counts reached a reader's `countUpTo`: past it they are lower bounds. */
export { countedUpTo } from './shared.js';

/** What the index holds for one live record. */
export interface SearchEntry {
  type: string;
  id: string;
  sensitivity: string;
  /** the record's label, shown as is */
  title: string;
  /** the record's search text (only what its type's `searchText` returns) */
  text: string;
}

export interface SearchQuery {
  /** query words (see `queryTerms`); each is a prefix, all are required */
  terms: string[];
  /** the sensitivity levels the caller may read: nothing else is matched, counted or shown */
  levels: string[];
  types?: string[];
  limit: number;
  /** the last hit of the previous page: this page starts after it */
  after?: SearchPosition;
}

/** Where a hit stands in the order of results: its tier, then its index entry (newest first). */
export interface SearchPosition {
  rank: number;
  entry: number;
}

export interface SearchHit {
  type: string;
  id: string;
  sensitivity: string;
  title: string;
  /** the folded search text, for snippets */
  body: string;
  /** higher is better: how many query words match as whole words (see `rankTiers`) */
  rank: number;
  /** the index entry's number: newer entries have higher ones */
  entry: number;
}

export interface TypeCount {
  type: string;
  count: number;
}

/**
 * Full-text search over every record type, one implementation per engine. Every method takes the
 * database *or* a transaction, so the service that writes a record updates its entry in the same
 * transaction.
 */
/**
 * Counting every match of a common name among a million people reads every one of them; the
 * counts stop at `countUpTo` matches, so a search costs the same whatever the data's size.
 */
export interface FacetQuery extends Omit<SearchQuery, 'limit' | 'after'> {
  countUpTo: number;
}

/** A page of one search's hits, its words given to the reader (`SearchIndex.reader`). */
export type PageQuery = Omit<SearchQuery, 'terms'>;
/** One search's counts per type, its words given to the reader. */
export type CountQuery = Omit<FacetQuery, 'terms'>;

/**
 * One search's reads: a page of hits and the counts per type, side by side. What either learns
 * about the query's words on the way (PostgreSQL: the words each prefix starts) the other uses,
 * rather than asking again. For one search only: the words may change with the next write.
 */
export interface SearchReader {
  page(query: PageQuery): Promise<SearchHit[]>;
  counts(query: CountQuery): Promise<TypeCount[]>;
}

export interface SearchIndex {
  /** adds or replaces the entries, many rows a statement */
  upsertMany(db: Db, entries: readonly SearchEntry[]): Promise<void>;
  remove(db: Db, type: string, id: string): Promise<void>;
  /** empties the index for these types (all when omitted), for `habeas reindex` */
  clear(db: Db, types?: string[]): Promise<void>;
  /** the reads of one search for `terms`, sharing what they learn (see `SearchReader`) */
  reader(db: Db, terms: string[]): SearchReader;
  /** a page of hits: `reader(db, terms).page(…)`, for a search that counts nothing */
  query(db: Db, query: SearchQuery): Promise<SearchHit[]>;
  /** matches per type, among the first `countUpTo` matches (`reader(db, terms).counts(…)`) */
  facets(db: Db, query: FacetQuery): Promise<TypeCount[]>;
  /** `select record_id …` of the records of `type` matching every term, for a list's `q` */
  matchingIds(type: string, terms: string[]): RawBuilder<unknown>;
}

export function searchIndexFor(engine: Engine): SearchIndex {
  return engine === 'postgres' ? new PostgresSearchIndex() : new SqliteSearchIndex();
}
