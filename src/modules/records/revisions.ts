import type { Db } from '../../db/database.js';
import { writeBehind } from '../../db/transaction.js';
import { inSlices } from '../../lib/slices.js';
import type { StoredRecord } from './definition.js';

/** Revisions: every write to every record, with before, after, who, when and why. */

export type RevisionAction = 'create' | 'update' | 'delete' | 'restore';

export interface Revision {
  id: string;
  recordType: string;
  recordId: string;
  version: number;
  action: RevisionAction;
  actor: string;
  at: string;
  reason: string | null;
  requestId: string | null;
  before: StoredRecord | null;
  after: StoredRecord | null;
}

interface RevisionRow {
  id: string;
  record_type: string;
  record_id: string;
  version: number;
  action: RevisionAction;
  actor: string;
  at: string;
  reason: string | null;
  request_id: string | null;
  before: string | null;
  after: string | null;
}

/** Rows per multi-row insert: well under both engines' limits on bound parameters. */
const ROWS_PER_INSERT = 500;

export async function insertRevisions(db: Db, revisions: readonly Revision[]): Promise<void> {
  for (const slice of inSlices(revisions, ROWS_PER_INSERT)) {
    const rows = slice.map(toRevisionRow);
    await writeBehind(db, () => db.insertInto('revisions').values(rows).execute());
  }
}

function toRevisionRow(revision: Revision): RevisionRow {
  return {
    id: revision.id,
    record_type: revision.recordType,
    record_id: revision.recordId,
    version: revision.version,
    action: revision.action,
    actor: revision.actor,
    at: revision.at,
    reason: revision.reason,
    request_id: revision.requestId,
    before: revision.before && JSON.stringify(revision.before),
    after: revision.after && JSON.stringify(revision.after),
  };
}

export async function listRevisions(db: Db, recordId: string): Promise<Revision[]> {
  const rows = (await db
    .selectFrom('revisions')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('version', 'asc')
    .execute()) as RevisionRow[];
  return rows.map((row) => ({
    id: row.id,
    recordType: row.record_type,
    recordId: row.record_id,
    version: Number(row.version),
    action: row.action,
    actor: row.actor,
    at: row.at,
    reason: row.reason,
    requestId: row.request_id,
    before: row.before ? JSON.parse(row.before) : null,
    after: row.after ? JSON.parse(row.after) : null,
  }));
}
