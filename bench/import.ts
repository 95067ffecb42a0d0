import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openRuntime } from '../src/cli/runtime.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import { fieldCatalogue } from '../src/modules/imports/field-catalogue.js';
import { resolveMapping } from '../src/modules/imports/mapping.js';
import { openTable } from '../src/modules/imports/open-table.js';
import { rowsToItems } from '../src/modules/imports/rows-to-items.js';
import { personType } from '../src/modules/people/schema.js';
import { loadConfig } from '../src/server/config.js';
import { peopleCsv } from './import-rows.js';

/**
 * `npm run bench:import -- [--rows N] [--parse-only] [--dry-run] [--database-url URL]`
 *
 * Generates a CSV file of N people (default 10,000), then imports it for real through the CLI's
 * path (reader, mapping, engine, one transaction) into a fresh SQLite database — or the
 * PostgreSQL database given — and prints rows per second and the peak heap. `--parse-only`
 * streams the file through the reader and the mapping alone (a million rows in bounded memory).
 * Run with `node --expose-gc --import tsx bench/import.ts …` to also print the heap that
 * survives a collection every 50,000 rows.
 */
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const rows = Number(value('--rows') ?? 10_000);
const MB = 1024 * 1024;

const dir = await mkdtemp(path.join(os.tmpdir(), 'habeas-bench-import-'));
try {
  const file = path.join(dir, 'people.csv');
  await pipeline(peopleCsv(rows), createWriteStream(file));
  console.log(
    `generated ${rows.toLocaleString('en-US')} rows (${((await stat(file)).size / MB).toFixed(1)} MB)`,
  );
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  // Peak heap counts garbage not yet collected; with --expose-gc, what survives a collection
  // every 50,000 rows shows whether memory grows with the file.
  const retained: string[] = [];
  let nextCheck = 50_000;
  const gc = (globalThis as { gc?: () => void }).gc;
  const checkRetained = (rows: number) => {
    if (!gc || rows < nextCheck) return;
    nextCheck += 50_000;
    gc();
    retained.push(
      `${rows.toLocaleString('en-US')}: ${(process.memoryUsage().heapUsed / MB).toFixed(0)} MB`,
    );
  };
  const started = performance.now();
  if (args.includes('--parse-only')) {
    const table = await openTable(file);
    const mapping = resolveMapping(
      table.headers,
      fieldCatalogue(personType, ['person']),
      undefined,
      ['person'],
    );
    let count = 0;
    for await (const _item of rowsToItems('person', mapping, table.rows)) {
      if (++count % 10_000 === 0) sample();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `read and mapped ${count.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s: ` +
        `${Math.round(count / seconds).toLocaleString('en-US')} rows/s, peak heap ${(peakHeap / MB).toFixed(0)} MB`,
    );
  } else {
    const config = loadConfig({
      ...process.env,
      HABEAS_DATA_DIR: dir,
      DATABASE_URL: value('--database-url'),
    });
    const runtime = await openRuntime(config);
    try {
      const { report } = await runtime.services.imports.importFile(
        { actor: { ...SYSTEM_ACTOR, id: 'system:bench' } },
        { path: file, name: 'people.csv' },
        {
          type: 'person',
          dryRun: args.includes('--dry-run'),
          onProgress: (p) => {
            sample();
            checkRetained(p.rows);
            process.stderr.write(`\r${p.rows.toLocaleString('en-US')} rows…`);
          },
        },
      );
      process.stderr.write('\n');
      console.log(
        `imported ${report.rows.toLocaleString('en-US')} rows (${report.created} created, ${report.refused} refused, ` +
          `${report.committed ? 'committed' : 'rolled back'}) in ${report.seconds.toFixed(1)} s: ` +
          `${report.rowsPerSecond.toLocaleString('en-US')} rows/s, peak heap ${(peakHeap / MB).toFixed(0)} MB`,
      );
      if (retained.length > 0) console.log(`heap after collection at ${retained.join(', ')}`);
    } finally {
      await runtime.close();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
