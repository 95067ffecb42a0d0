import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect, engineOf } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { type SearchEntry, searchIndexFor } from '../src/db/search/search-index.js';
import { inTransaction } from '../src/db/transaction.js';
import { newId } from '../src/lib/ids.js';
import { personType } from '../src/modules/people/schema.js';
import { proceedingType } from '../src/modules/proceedings/schema.js';
import type { StoredRecord } from '../src/modules/records/definition.js';
import { personInput, Rng } from './generate.js';
import { SPANISH_SURNAMES } from './names.js';
import { percentile, rawSearchTimes, SEARCH_QUERIES } from './search-queries.js';

/**
 * `npm run bench:search -- --people 1000000 [--dir D] [--database-url URL] [--runs N]`
 *
 * The search index alone at a scale the full bench takes hours to generate: the people of
 * `npm run bench:generate` (same names, same seed) and one proceeding titled after a surname
 * for every 20, written straight into the index, then the bench's queries timed on the index
 * query (what `npm run bench` reports as the raw search figure). The database is kept (SQLite
 * in `--dir`) and reused when its index is filled already, so two builds of the query can be
 * compared on the same data.
 */
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const people = Number(value('--people') ?? 1_000_000);
const runs = Number(value('--runs') ?? 400);
const url = value('--database-url');
const dataDir = path.resolve(value('--dir') ?? `/tmp/habeas-search-${people}`);
const engine = engineOf(url);

function* entries(): Generator<SearchEntry> {
  const rng = new Rng(1);
  for (let i = 0; i < people; i++) {
    const person = personInput(rng, i) as StoredRecord;
    yield {
      type: 'person',
      id: newId(),
      sensitivity: i % 10 === 0 ? 'confidential' : 'internal',
      title: personType.label(person as never),
      text: personType.searchText(person as never),
    };
    if (i % 20 === 0) {
      const proceeding = { title: `${rng.pick(SPANISH_SURNAMES)} v. Noem (${i / 20})` };
      yield {
        type: 'proceeding',
        id: newId(),
        sensitivity: 'internal',
        title: proceeding.title,
        text: proceedingType.searchText(proceeding as never),
      };
    }
  }
}

mkdirSync(dataDir, { recursive: true });
const database = connect({ url, dataDir });
try {
  await migrateToLatest(database);
  const existing = await database.db
    .selectFrom('search_index')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(existing.n) === 0) {
    const index = searchIndexFor(engine);
    const started = performance.now();
    let batch: SearchEntry[] = [];
    const flush = () => inTransaction(database.db, (db) => index.upsertMany(db, batch));
    for (const entry of entries()) {
      batch.push(entry);
      if (batch.length === 10_000) {
        await flush();
        batch = [];
      }
    }
    await flush();
    console.log(
      `indexed ${people} people in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
} finally {
  await database.close();
}

await rawSearchTimes(engine, url, dataDir, SEARCH_QUERIES.length); // warm the cache
for (const withFacets of [false, true]) {
  const times = await rawSearchTimes(engine, url, dataDir, runs, { withFacets });
  console.log(withFacets ? 'the page and the counts per type:' : 'the page of 20:');
  for (const [i, q] of SEARCH_QUERIES.entries()) {
    const own = times.filter((_, j) => j % SEARCH_QUERIES.length === i);
    console.log(
      `  ${q.padEnd(16)} p50 ${percentile(own, 50).toFixed(2)} ms  max ${Math.max(...own).toFixed(2)} ms`,
    );
  }
  console.log(
    `  ${engine}, ${people} people: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`,
  );
}
