import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openRuntime } from '../src/cli/runtime.js';
import { connect, engineOf } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { type SearchEntry, searchIndexFor } from '../src/db/search/search-index.js';
import { refreshPlannerStatistics } from '../src/db/statistics.js';
import { inTransaction } from '../src/db/transaction.js';
import { newId } from '../src/lib/ids.js';
import { personType } from '../src/modules/people/schema.js';
import { proceedingType } from '../src/modules/proceedings/schema.js';
import type { StoredRecord } from '../src/modules/records/definition.js';
import { loadConfig } from '../src/server/config.js';
import { personInput, Rng } from './generate.js';
import { SPANISH_SURNAMES } from './names.js';
import { percentile, rawSearchTimes, SEARCH_QUERIES } from './search-queries.js';
import { benchToken, machine, ROOT, startHabeas, timedGets } from './servers.js';

/**
 * `npm run bench:search -- --people 1000000 [--dir D] [--database-url URL] [--runs N]`
 *
 * The search index alone at a scale the full bench takes hours to generate: people named as
 * `npm run bench:generate` names them (one in ten confidential) and one proceeding titled after
 * a surname for every 20, written straight into the index; then the bench's queries timed on the index
 * alone (the page; the page and the counts per type, the search figure's baseline) and through
 * the server, as `npm run bench` does. Results go to
 * bench/results/<date>-search-<engine>-<people>.json. The database is kept (SQLite
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
    // As an import does once it commits: without statistics PostgreSQL believed the filled
    // index nearly empty and joined a scan of every entry's sensitivity to each search.
    await refreshPlannerStatistics(database.db);
    console.log(
      `indexed ${people} people in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
} finally {
  await database.close();
}

/** p50 and p95 of each query and of all, printed; all's returned. */
function summary(label: string, times: number[]) {
  console.log(label);
  for (const [i, q] of SEARCH_QUERIES.entries()) {
    const own = times.filter((_, j) => j % SEARCH_QUERIES.length === i);
    console.log(`  ${q.padEnd(16)} p50 ${ms(percentile(own, 50))}  p95 ${ms(percentile(own, 95))}`);
  }
  const all = { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
  console.log(`  all: p50 ${ms(all.p50)}, p95 ${ms(all.p95)}`);
  return all;
}
const round = (n: number) => Math.round(n * 100) / 100;
const ms = (n: number) => `${n.toFixed(2)} ms`;

await rawSearchTimes(engine, url, dataDir, SEARCH_QUERIES.length); // warm the cache
const page = summary(
  'the index query, a page of 20:',
  await rawSearchTimes(engine, url, dataDir, runs),
);
const raw = summary(
  'the index queries, the page and the counts per type:',
  await rawSearchTimes(engine, url, dataDir, runs, { withFacets: true }),
);

const env = { HABEAS_DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) };
const runtime = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'warn' }));
const headers = { authorization: `Bearer ${await benchToken(runtime.services)}` };
await runtime.close();
execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
const server = await startHabeas(env);
const httpTimes: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const q = encodeURIComponent(SEARCH_QUERIES[i % SEARCH_QUERIES.length] as string);
    const { times, status } = await timedGets(`${server.base}/api/v1/search?q=${q}`, headers, 1);
    if (status !== 200) throw new Error(`search answered ${status}`);
    httpTimes.push(...times);
  }
} finally {
  await server.stop();
}
const http = summary('GET /api/v1/search, one at a time:', httpTimes);

const results = {
  date: new Date().toISOString().slice(0, 10),
  engine,
  people,
  runs,
  machine: machine(),
  searchP50Ms: http.p50,
  searchP95Ms: http.p95,
  searchVsRaw: round(http.p95 / raw.p95),
  raw: {
    pageP50Ms: page.p50,
    pageP95Ms: page.p95,
    withCountsP50Ms: raw.p50,
    withCountsP95Ms: raw.p95,
  },
};
const file = path.join(ROOT, 'bench', 'results', `${results.date}-search-${engine}-${people}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(
  `${engine}, ${people.toLocaleString('en-US')} people: search p95 ${ms(http.p95)} ` +
    `(goal ≤ 10 ms), ${results.searchVsRaw}× the raw queries' p95 (goal ≤ 3×); ${path.relative(ROOT, file)}`,
);
