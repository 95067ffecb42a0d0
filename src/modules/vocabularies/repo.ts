import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { escapeLike, foldText } from '../../lib/text.js';
import { type Term, type TermOrigin, termSearchText } from './schema.js';

/** The vocabulary SQL: one table, `vocabulary_terms`, unique on (scheme, code). */

interface TermRow {
  id: string;
  scheme: string;
  code: string;
  parent_code: string | null;
  level: number;
  label_en: string;
  label_es: string;
  label_fr: string | null;
  origin: TermOrigin;
  huridocs_code: string | null;
  deprecated: number;
  search_text: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

function toRow(term: Term): TermRow {
  return {
    id: term.id,
    scheme: term.scheme,
    code: term.code,
    parent_code: term.parentCode,
    level: term.level,
    label_en: term.labelEn,
    label_es: term.labelEs,
    label_fr: term.labelFr,
    origin: term.origin,
    huridocs_code: term.huridocsCode,
    deprecated: term.deprecated ? 1 : 0,
    search_text: termSearchText(term),
    version: term.version,
    created_at: term.createdAt,
    created_by: term.createdBy,
    updated_at: term.updatedAt,
    updated_by: term.updatedBy,
  };
}

function fromRow(row: TermRow): Term {
  return {
    id: row.id,
    scheme: row.scheme,
    code: row.code,
    parentCode: row.parent_code,
    level: Number(row.level),
    labelEn: row.label_en,
    labelEs: row.label_es,
    labelFr: row.label_fr,
    origin: row.origin,
    huridocsCode: row.huridocs_code,
    deprecated: Number(row.deprecated) === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export interface SchemeCounts {
  termCount: number;
  deprecatedCount: number;
}

export async function countTermsByScheme(db: Db): Promise<Map<string, SchemeCounts>> {
  const rows = await db
    .selectFrom('vocabulary_terms')
    .select((eb) => [
      'scheme',
      eb.fn.countAll().as('terms'),
      eb.fn.sum<number>('deprecated').as('deprecated'),
    ])
    .groupBy('scheme')
    .execute();
  return new Map(
    rows.map((r) => [
      r.scheme as string,
      { termCount: Number(r.terms), deprecatedCount: Number(r.deprecated ?? 0) },
    ]),
  );
}

export interface TermFilter {
  q?: string;
  parentCode?: string;
  includeDeprecated: boolean;
}

/** A scheme's terms in code order, which for HURIDOCS codes is also the order of the tree. */
export async function listTerms(db: Db, scheme: string, filter: TermFilter): Promise<Term[]> {
  let select = db.selectFrom('vocabulary_terms').selectAll().where('scheme', '=', scheme);
  if (!filter.includeDeprecated) select = select.where('deprecated', '=', 0);
  if (filter.parentCode) select = select.where('parent_code', '=', filter.parentCode);
  if (filter.q) {
    const pattern = `%${escapeLike(foldText(filter.q))}%`;
    select = select.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  const rows = (await select.orderBy('code').execute()) as TermRow[];
  return rows.map(fromRow);
}

export async function findTerms(db: Db, scheme: string, codes: readonly string[]): Promise<Term[]> {
  if (codes.length === 0) return [];
  const rows = (await db
    .selectFrom('vocabulary_terms')
    .selectAll()
    .where('scheme', '=', scheme)
    .where('code', 'in', [...new Set(codes)])
    .execute()) as TermRow[];
  return rows.map(fromRow);
}

/** Inserts a new term; false when its (scheme, code) is already taken, even by a racing writer. */
export async function insertTerm(db: Db, term: Term): Promise<boolean> {
  const result = await db
    .insertInto('vocabulary_terms')
    .values(toRow(term))
    .onConflict((oc) => oc.columns(['scheme', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Writes `term` only if the stored version is still `expectedVersion`; false when it moved. */
export async function replaceTerm(db: Db, term: Term, expectedVersion: number): Promise<boolean> {
  const { id: _id, created_at: _c, created_by: _cb, ...changes } = toRow(term);
  const result = await db
    .updateTable('vocabulary_terms')
    .set(changes)
    .where('id', '=', term.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
