import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/modules/imports/csv-reader.js';
import { fieldCatalogue } from '../src/modules/imports/field-catalogue.js';
import { resolveMapping } from '../src/modules/imports/mapping.js';
import { rowsToItems } from '../src/modules/imports/rows-to-items.js';
import { personType } from '../src/modules/people/schema.js';
import { peopleCsv } from './import-rows.js';

/**
 * A million rows take too long for the everyday suite on a shared machine, so the test streams
 * a quarter of that (set HABEAS_IMPORT_MEMORY_ROWS=1000000 for the full file; `npm run
 * bench:import -- --rows 1000000 --parse-only` measures it too). Retained memory is measured
 * after a full collection, so the bound can be tight enough to catch any per-row accumulation:
 * holding the rows would retain hundreds of megabytes, holding the file's text tens.
 */
const ROWS = Number(process.env.HABEAS_IMPORT_MEMORY_ROWS ?? 250_000);
const MB = 1024 * 1024;

/** The heap still in use after a full garbage collection. */
function retainedHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('streaming a large CSV file', () => {
  it('reads and maps every row while the retained heap stays flat', {
    timeout: 300_000,
  }, async () => {
    const table = await readCsv(peopleCsv(ROWS));
    const catalogue = fieldCatalogue(personType, ['person']);
    const mapping = resolveMapping(table.headers, catalogue, undefined, ['person']);
    expect(mapping.unmapped).toEqual([]);
    const baseline = retainedHeap();
    let growth = 0;
    let items = 0;
    let withNotes = 0;
    for await (const item of rowsToItems('person', mapping, table.rows)) {
      items++;
      if (item.problems) throw new Error(`row ${item.origin.row}: ${item.problems[0]?.reason}`);
      if (typeof item.body.notes === 'string' && item.body.notes.includes('\n')) withNotes++;
      if (items % 50_000 === 0) growth = Math.max(growth, retainedHeap() - baseline);
    }
    expect(items).toBe(ROWS);
    expect(withNotes).toBe(ROWS / 10);
    expect(growth / MB).toBeLessThan(10);
  });
});
