import { sql } from 'kysely';
import type { Db, Engine } from '../../db/database.js';
import { type AuditEntry, type AuditHead, hashEntry } from './chain.js';

interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** The entry's row as stored after `previous`: its place, and the hash that chains it there. */
function chainedRow(entry: NewAuditEntry, previous: AuditHead): AuditRow & { seq: number } {
  const seq = previous.seq + 1;
  return {
    seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    ip: entry.ip,
    request_id: entry.requestId,
    details: JSON.stringify(entry.details),
    prev_hash: previous.hash,
    hash: hashEntry({ ...entry, seq, prevHash: previous.hash }),
  };
}

/** Appends one entry, locking the head row so that concurrent appends form one chain. */
export async function appendEntry(
  trx: Db,
  engine: Engine,
  entry: NewAuditEntry,
): Promise<AuditHead> {
  let headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  if (engine === 'postgres') headQuery = headQuery.forUpdate();
  const head = (await headQuery.executeTakeFirstOrThrow()) as {
    seq: number | string;
    hash: string;
  };
  const row = chainedRow(entry, { seq: Number(head.seq), hash: head.hash });
  await trx.insertInto('audit_log').values(row).execute();
  await trx
    .updateTable('audit_head')
    .set({ seq: row.seq, hash: row.hash })
    .where('id', '=', 1)
    .execute();
  return { seq: row.seq, hash: row.hash };
}

/**
 * Appends entries after `head` in one statement, outside any transaction, if `head` is still
 * the chain's head: the head row moves only where it still holds `head`, and the entries are
 * written only where it moved. Returns their heads, or nothing when another writer moved the
 * head first (then nothing was written: read the head and try again). PostgreSQL only:
 * SQLite has no writes inside a `with`, and no round trip to save.
 */
export async function appendAfter(
  db: Db,
  head: AuditHead,
  entries: readonly NewAuditEntry[],
): Promise<AuditHead[] | undefined> {
  let previous = head;
  const rows = entries.map((entry) => {
    const row = chainedRow(entry, previous);
    previous = { seq: row.seq, hash: row.hash };
    return row;
  });
  const [first] = rows;
  if (!first) return [];
  // Columns in the rows' own order; only the number needs its type named (the rest are text).
  const { seq: _, ...rest } = first;
  const columns = ['seq', ...Object.keys(rest)];
  const values = rows.map(
    ({ seq, ...text }) => sql`(${seq}::bigint, ${sql.join(Object.values(text))})`,
  );
  const { rows: written } = await sql<{ seq: string }>`
    with moved as (
      update audit_head set seq = ${previous.seq}, hash = ${previous.hash}
      where id = 1 and seq = ${head.seq} and hash = ${head.hash}
      returning id
    )
    insert into audit_log (${sql.join(columns.map((column) => sql.ref(column)))})
    select * from (values ${sql.join(values)}) entries
    where exists (select 1 from moved)
    returning seq`.execute(db);
  if (written.length === 0) return undefined;
  return rows.map(({ seq, hash }) => ({ seq, hash }));
}

export async function readHead(db: Db): Promise<AuditHead> {
  const head = (await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()) as { seq: number | string; hash: string };
  return { seq: Number(head.seq), hash: head.hash };
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetId?: string;
  from?: string;
  to?: string;
  afterSeq?: number;
  limit: number;
}

export async function listEntries(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').limit(filter.limit);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) query = query.where('action', 'like', `${filter.action}%`);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<=', filter.to);
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
  return ((await query.execute()) as AuditRow[]).map(fromRow);
}

function fromRow(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    requestId: row.request_id,
    details: JSON.parse(row.details),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Every entry in stored order, a page at a time. */
export async function* allEntries(db: Db, pageSize = 1000): AsyncGenerator<AuditEntry> {
  let afterSeq = 0;
  for (;;) {
    const page = await listEntries(db, { afterSeq, limit: pageSize });
    yield* page;
    if (page.length < pageSize) return;
    afterSeq = page.at(-1)!.seq;
  }
}
