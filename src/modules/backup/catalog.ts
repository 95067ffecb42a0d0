import { sql } from 'kysely';
import type { Db, Engine } from '../../db/database.js';

/**
 * What a backup carries is read from the database's own catalogue, not from a list kept here:
 * a table added by a later migration is backed up without anyone remembering to add it.
 * The two engines describe their tables differently; this file is the only place that knows how.
 */
export interface TableInfo {
  name: string;
  /** columns in table order, generated ones left out (they are recomputed on insert) */
  columns: string[];
  /** primary-key columns, the order rows are read in */
  primaryKey: string[];
  /** tables this one points at through a foreign key (itself included when it does) */
  references: string[];
  /** columns that point back at this same table (an organization's parent) */
  selfReferences: string[];
  /**
   * columns numbered by a PostgreSQL sequence, whose next number a restore must move past the
   * rows it wrote (SQLite numbers an integer key from its highest row by itself)
   */
  identity: string[];
}

/**
 * Tables a backup leaves out: the migrator's own bookkeeping (the target is migrated by this
 * code, and the manifest names the migrations), the search index, which is derived from the
 * records, and the blocks' kept newest members, derived from the full lists; both differ
 * between the engines and are rebuilt after a restore.
 */
export function isDerivedTable(name: string): boolean {
  return (
    /^kysely_migration/.test(name) ||
    /^search_(index|fts|postings)/.test(name) ||
    name === 'match_blocks'
  );
}

export async function listTables(db: Db, engine: Engine): Promise<TableInfo[]> {
  const names = engine === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const tables: TableInfo[] = [];
  for (const name of names.filter((n) => !isDerivedTable(n)).sort()) {
    tables.push(engine === 'sqlite' ? await sqliteTable(db, name) : await postgresTable(db, name));
  }
  return tables;
}

/** Every table name, derived ones included (for checking that a target is empty). */
export function allTableNames(db: Db, engine: Engine): Promise<string[]> {
  return engine === 'sqlite' ? sqliteTables(db) : postgresTables(db);
}

/** The migrations applied to this database, oldest first; none when it was never migrated. */
export async function appliedMigrations(db: Db, engine: Engine): Promise<string[]> {
  if (!(await allTableNames(db, engine)).includes('kysely_migration')) return [];
  const rows = await db.selectFrom('kysely_migration').select('name').orderBy('name').execute();
  return rows.map((r) => String(r.name));
}

/** Tables ordered so that every table comes after the tables it references. */
export function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') {
      throw new Error(
        `tables reference each other in a cycle: ${[...path, table.name].join(' → ')}`,
      );
    }
    state.set(table.name, 'visiting');
    for (const name of table.references) {
      const target = byName.get(name);
      if (target && name !== table.name) visit(target, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function sqliteTables(db: Db): Promise<string[]> {
  // Virtual tables (FTS5) and their shadow tables are storage of the search index, not data.
  const rows = await sql<{ name: string }>`
    select name from sqlite_schema
    where type = 'table' and name not like 'sqlite_%' and sql not like 'create virtual%'
      and name not like 'search_fts%'`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function sqliteTable(db: Db, name: string): Promise<TableInfo> {
  const columns = await sql<{ name: string; pk: number; hidden: number }>`
    select name, pk, hidden from pragma_table_xinfo(${name}) order by cid`.execute(db);
  const keys = await sql<{ table: string; from: string }>`
    select "table", "from" from pragma_foreign_key_list(${name})`.execute(db);
  return {
    name,
    columns: columns.rows.filter((c) => c.hidden === 0).map((c) => c.name),
    primaryKey: columns.rows
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name),
    references: [...new Set(keys.rows.map((k) => k.table))],
    selfReferences: keys.rows.filter((k) => k.table === name).map((k) => k.from),
    identity: [],
  };
}

async function postgresTables(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function postgresTable(db: Db, name: string): Promise<TableInfo> {
  const columns = await sql<{ name: string; is_identity: string }>`
    select column_name as name, is_identity from information_schema.columns
    where table_schema = current_schema() and table_name = ${name} and is_generated = 'NEVER'
    order by ordinal_position`.execute(db);
  const primaryKey = await sql<{ name: string }>`
    select a.attname as name
    from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
    where i.indrelid = ${name}::regclass and i.indisprimary
    order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const keys = await sql<{ target: string; column: string }>`
    select confrelid::regclass::text as target, a.attname as column
    from pg_constraint c
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
    where c.contype = 'f' and c.conrelid = ${name}::regclass`.execute(db);
  const unquote = (s: string) => s.replace(/^"|"$/g, '');
  return {
    name,
    columns: columns.rows.map((c) => c.name),
    primaryKey: primaryKey.rows.map((c) => c.name),
    references: [...new Set(keys.rows.map((k) => unquote(k.target)))],
    selfReferences: keys.rows.filter((k) => unquote(k.target) === name).map((k) => k.column),
    identity: columns.rows.filter((c) => c.is_identity === 'YES').map((c) => c.name),
  };
}
