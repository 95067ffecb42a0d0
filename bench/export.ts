import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { connect } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import { EXPORT_FORMATS, type ExportFormat } from '../src/modules/exports/formats/index.js';
import { prepareListExport } from '../src/modules/exports/list-export.js';
import { createServices } from '../src/modules/services.js';
import { insertPeopleInBulk } from './bulk-people.js';

/**
 * `npm run bench:export -- [--rows 1000000] [--format csv,xlsx] [--database-url postgres://…]`
 *
 * Fills a fresh database with people (written in bulk, not through the service: see
 * bulk-people.ts), then streams the people list export in each format into a sink that only
 * counts bytes, and reports rows per second and the heap's high-water mark. SQLite in a
 * temporary folder unless a PostgreSQL URL is given (its database must exist and be empty).
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    format: { type: 'string', default: 'csv,ndjson,xlsx' },
    'database-url': { type: 'string' },
  },
});
const rows = Number(values.rows);
const formats = values.format.split(',') as ExportFormat[];
for (const format of formats) {
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`unknown format ${format}`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'habeas-bench-export-'));
const database = connect({ url: values['database-url'], dataDir });
try {
  await migrateToLatest(database);
  const services = createServices(database, { dataDir });
  const filling = performance.now();
  await insertPeopleInBulk(database.db, rows, { notesLength: 200 });
  const filled = (performance.now() - filling) / 1000;
  console.log(
    `${database.engine}: ${rows.toLocaleString('en')} people written in ${filled.toFixed(1)} s`,
  );

  for (const format of formats) {
    let bytes = 0;
    let peakHeap = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        done();
      },
    });
    const started = performance.now();
    const prepared = await prepareListExport(
      services,
      services.people,
      { actor: SYSTEM_ACTOR },
      { filters: {} },
      format,
    );
    const exported = await prepared.writeTo(sink);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${format}: ${exported.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(0)} MB ` +
        `in ${seconds.toFixed(1)} s = ${Math.round(exported / seconds).toLocaleString('en')} rows/s; ` +
        `heap high-water ${(peakHeap / 1024 / 1024).toFixed(0)} MB`,
    );
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
