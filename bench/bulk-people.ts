import type { Db } from '../src/db/database.js';
import { inTransaction } from '../src/db/transaction.js';
import { newId } from '../src/lib/ids.js';
import { personType } from '../src/modules/people/schema.js';
import type { StoredRecord } from '../src/modules/records/definition.js';
import { insertRecords } from '../src/modules/records/repo.js';

/**
 * Many people written straight into their table, for the export memory test and the export
 * benchmark: a large export needs a large table, and a million writes through the service (a
 * revision, an audit entry and a search entry each) take far longer than the export measured.
 * One in ten is confidential, and every alias list holds a would-be formula.
 */
export async function insertPeopleInBulk(
  db: Db,
  count: number,
  options: { notesLength?: number; batch?: number } = {},
): Promise<void> {
  const batch = options.batch ?? 5000;
  const notes = options.notesLength ? 'n'.repeat(options.notesLength) : undefined;
  for (let start = 0; start < count; start += batch) {
    const records: StoredRecord[] = [];
    for (let i = start; i < Math.min(start + batch, count); i++) {
      const now = new Date().toISOString();
      records.push({
        id: newId(),
        version: 1,
        sensitivity: i % 10 === 0 ? 'confidential' : 'internal',
        createdAt: now,
        updatedAt: now,
        createdBy: 'system:bulk',
        updatedBy: 'system:bulk',
        deletedAt: null,
        givenNames: `Person ${i}`,
        familyNames: `Bulk ${String(i).padStart(7, '0')}`,
        nationalities: [i % 2 === 0 ? 'VE' : 'SV'],
        aliases: [`Alias ${i}`, `=cmd ${i}`],
        ...(notes ? { notes } : {}),
      } as StoredRecord);
    }
    await inTransaction(db, (trx) => insertRecords(trx, personType, records));
  }
}
