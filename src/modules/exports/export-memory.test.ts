import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPeopleInBulk } from '../../../bench/bulk-people.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import { createServices, type Services } from '../services.js';
import type { ExportFormat } from './formats/index.js';
import { prepareListExport } from './list-export.js';

/**
 * A list export streams: memory stays at about one page however long the list. 10,000 people
 * with two kilobytes of notes each make a CSV of over 20 MB; holding the file, or the records,
 * would retain at least that much, so a bound of a few megabytes on the retained heap catches
 * any whole-file buffering. Rows, not bytes, cost time, hence few long rows. (`npm run
 * bench:export -- --rows 1000000` measures a million.)
 */
const ROWS = Number(process.env.HABEAS_EXPORT_MEMORY_ROWS ?? 10_000);
const NOTES = 2000;
const MB = 1024 * 1024;

function retainedHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('exporting a large list', () => {
  let db: TestDatabase;
  let services: Services;
  beforeAll(async () => {
    db = await createTestDatabase();
    services = createServices(db.database, { dataDir: db.dataDir });
    await insertPeopleInBulk(db.database.db, ROWS, { notesLength: NOTES });
  }, 300_000);
  afterAll(() => db.cleanup());

  for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
    it(`streams ${format} while the retained heap stays flat`, { timeout: 300_000 }, async () => {
      const prepared = await prepareListExport(
        services,
        services.people,
        { actor: SYSTEM_ACTOR },
        { filters: {} },
        format,
      );
      let bytes = 0;
      let chunks = 0;
      let growth = 0;
      const baseline = retainedHeap();
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (++chunks % 1000 === 0) growth = Math.max(growth, retainedHeap() - baseline);
          done();
        },
      });
      const rows = await prepared.writeTo(sink);
      expect(rows).toBe(ROWS);
      // the file really is large (xlsx compresses the repeated notes, so less so)
      expect(bytes).toBeGreaterThan(format === 'csv' ? ROWS * NOTES : 100_000);
      expect(chunks).toBeGreaterThan(10);
      expect(growth / MB).toBeLessThan(8);
    });
  }
});
