import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { openRuntime } from '../src/cli/runtime.js';
import type { Engine } from '../src/db/database.js';
import { warningsFor } from '../src/db/server-settings.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import { loadConfig } from '../src/server/config.js';
import { freePort } from '../test/helpers/server-process.js';
import { DIRECTUS_DIR, ensureDirectus, type PersonRow, startDirectus } from './directus.js';
import { type GenerateReport, generate } from './generate.js';
import { type RawInsertResult, rawInsertBaseline } from './raw-insert.js';
import { percentile, rawSearchTimes, SEARCH_QUERIES } from './search-queries.js';
import {
  benchToken,
  machine,
  ROOT,
  type Server,
  startChild,
  startHabeas,
  timedGets,
} from './servers.js';
import { resultsTable } from './table.js';

/**
 * `npm run bench [-- --quick] [--engine sqlite|postgres|both] [--people N] [--duration S]`
 *
 * For each engine: generate data into a fresh database, then measure each figure of issue 8
 * beside a baseline measured in the same run. Every load targets 127.0.0.1, is bounded in time,
 * and stops by itself. Results go to bench/results/<date>.json and .md (`<date>-full` at full
 * scale; any other run, one engine or another size, is named for what it covered).
 */

const DIRECTUS_CLI = path.join(DIRECTUS_DIR, 'node_modules/directus/cli.js');
const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** `--quick`: a twentieth of the scale, as it asks. */
const QUICK_PEOPLE = 50_000;
const FULL_PEOPLE = 1_000_000;

interface Options {
  engines: Engine[];
  people: number;
  quick: boolean;
  duration: number;
  /** measure Directus 11 (installing it into bench/.directus first if needed) */
  directus: boolean;
}

function parseArgs(args: string[]): Options {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const quick = args.includes('--quick');
  const engine = value('--engine') ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(engine)) {
    throw new Error('--engine must be sqlite, postgres or both');
  }
  const people = Number(value('--people') ?? (quick ? QUICK_PEOPLE : FULL_PEOPLE));
  if (!Number.isInteger(people) || people < 10) throw new Error('--people must be ≥ 10');
  return {
    engines: engine === 'both' ? ['sqlite', 'postgres'] : [engine as Engine],
    people,
    quick,
    duration: Number(value('--duration') ?? (quick ? 4 : 15)),
    directus: args.includes('--directus') || existsSync(DIRECTUS_CLI),
  };
}

const median = (values: number[]) => percentile(values, 50);
const ratio = (value: number, baseline: number) =>
  baseline > 0 ? Math.round((value / baseline) * 1000) / 1000 : null;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Load {
  reqPerSec: number;
  latencyP50Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Requests from `connections` clients for `duration` seconds, after a warm-up at the same load
 * that is not counted: a server just started answers its first thousands of requests before its
 * code is compiled, and the first load on it (one connection, the dossier's) read 0.42 of the
 * bare route where the same server read 0.65–0.85 seconds later. Both sides warm up alike.
 */
async function load(
  url: string,
  connections: number,
  duration: number,
  headers: Record<string, string> = {},
): Promise<Load> {
  // autocannon takes `warmup` (its -W) though its published types do not list it.
  const options: autocannon.Options & { warmup: { connections: number; duration: number } } = {
    url,
    connections,
    duration,
    headers,
    warmup: { connections, duration: Math.max(2, Math.round(duration / 4)) },
  };
  const result = await autocannon(options);
  return {
    reqPerSec: round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Rounds of the dossier figure: each loads the real route and the bare one, in turn. */
const ROUNDS = 3;

/**
 * The real route and its baseline at the same load in turns, `ROUNDS` times, the order
 * alternating, so that a machine slowing or speeding up during the run moves both alike: run one
 * after the other, a minute apart, the bare route once read 5,506 req/s against 7,705 minutes
 * earlier, and the ratio 1.16. The ratio is the median of the rounds' own; the rates shown
 * beside it, the medians of each side's.
 */
async function inTurns(
  url: string,
  bareUrl: string,
  connections: number,
  duration: number,
  headers: Record<string, string>,
) {
  const rounds: { habeas: Load; bare: Load; ratio: number | null }[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const real = () => load(url, connections, duration, headers);
    const baseline = () => load(bareUrl, connections, duration);
    const habeas = i % 2 === 0 ? await real() : undefined;
    const bare = await baseline();
    const after = habeas ?? (await real());
    rounds.push({ habeas: after, bare, ratio: ratio(after.reqPerSec, bare.reqPerSec) });
  }
  const middle = (pick: (round: (typeof rounds)[number]) => Load) => {
    const sorted = rounds.map(pick).sort((a, b) => a.reqPerSec - b.reqPerSec);
    return sorted[Math.floor(sorted.length / 2)] as Load;
  };
  const ratios = rounds.flatMap((round) => (round.ratio === null ? [] : [round.ratio]));
  return {
    habeas: middle((round) => round.habeas),
    bare: middle((round) => round.bare),
    ratio: ratios.length ? median(ratios) : null,
    rounds,
  };
}

/** Resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The server settings a figure at scale depends on. This workplace's CI servers run with
 * autovacuum off: nothing then vacuums or analyses a table as it fills, and a generation slows
 * with its size as no deployment's would (50,000 people: 320 s off, 250 s on).
 */
const SERVER_SETTINGS = [
  'server_version',
  'autovacuum',
  'track_counts',
  'shared_buffers',
  'synchronous_commit',
];

async function createPostgresDatabase(): Promise<{
  url: string;
  settings: Record<string, string>;
  drop(): Promise<void>;
}> {
  const name = `habeas_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const { rows } = await admin.query<{ name: string; setting: string }>(
    'select name, current_setting(name) as setting from unnest($1::text[]) as s(name)',
    [SERVER_SETTINGS],
  );
  await admin.end();
  const settings = Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  for (const warning of warningsFor({
    autovacuum: settings.autovacuum ?? 'off',
    track_counts: settings.track_counts ?? 'off',
  })) {
    console.warn(
      `[postgres] ${warning} Figures at scale will not be those of a default deployment.`,
    );
  }
  return {
    url: PG_ADMIN_URL.replace(/\/postgres$/, `/${name}`),
    settings,
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function benchEngine(engine: Engine, options: Options) {
  const log = (line: string) => console.log(`[${engine}] ${line}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `habeas-bench-${engine}-`));
  const pgDb = engine === 'postgres' ? await createPostgresDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    HABEAS_DATA_DIR: dataDir,
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  };
  const servers: Server[] = [];
  try {
    // 1. Generate through the services.
    const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
    const runtime = await openRuntime(config);
    const databaseUrl = pgDb ? pgDb.url : path.join(dataDir, 'habeas.sqlite');
    let report: GenerateReport;
    let token: string;
    let rawAll: RawInsertResult | undefined;
    let rawPeople: RawInsertResult | undefined;
    try {
      log(`generating ${options.people} people and their records …`);
      report = await generate(runtime.services, {
        people: options.people,
        log,
        countPeopleRows: true,
        // 2. Import rates against raw prepared inserts of the same rows, as the people phase
        // wrote them: every row (revisions, search entries, facts, matching keys…), and the
        // people rows alone.
        afterPeople: async (phase, batch) => {
          log('timing raw inserts of the rows the people phase wrote …');
          const written = phase.rowsWritten ?? {};
          const transactions = Math.ceil(phase.rows / batch);
          rawAll = await rawInsertBaseline(engine, databaseUrl, transactions, written);
          rawPeople = await rawInsertBaseline(engine, databaseUrl, transactions, {
            people: phase.rows,
          });
        },
      });
      token = await benchToken(runtime.services);
    } finally {
      await runtime.close();
    }
    const headers = { authorization: `Bearer ${token}` };
    const people = report.phases.find((p) => p.type === 'person')!;
    log(`generated ${report.totalRows} rows in ${round(report.totalMs / 1000)} s`);

    if (!rawAll || !rawPeople) throw new Error('the people phase ran without its baseline');
    const written = people.rowsWritten ?? {};
    const importAllRowsPerSec =
      (Object.values(written).reduce((sum, n) => sum + n, 0) / people.ms) * 1000;
    log(
      `import ${round(people.rowsPerSecond)} people/s, ${round(importAllRowsPerSec)} rows/s ` +
        `(raw ${round(rawAll.rowsPerSecond)} rows/s, people alone ${round(rawPeople.rowsPerSecond)})`,
    );

    // 3. The real server as a child, so its memory is its own.
    const server = await startHabeas(env);
    servers.push(server);
    const personId = report.samplePersonIds[0] as string;
    const dossierUrl = `${server.base}/api/v1/people/${personId}/dossier`;
    const dossierResponse = await fetch(dossierUrl, { headers });
    if (dossierResponse.status !== 200) {
      throw new Error(
        `dossier answered ${dossierResponse.status}: ${await dossierResponse.text()}`,
      );
    }
    const bytesFile = path.join(dataDir, 'dossier.json');
    writeFileSync(bytesFile, Buffer.from(await dossierResponse.arrayBuffer()));
    const bare = await startChild(['--import', 'tsx', 'bench/bare-server.ts', bytesFile], {}, '');
    servers.push(bare);

    const rssSamples: number[] = [];
    const sampler = setInterval(() => {
      const mb = server.child.pid ? rssMb(server.child.pid) : null;
      if (mb !== null) rssSamples.push(mb);
    }, 200);
    log('dossier load …');
    const bareUrl = `${bare.base}/bare`;
    const at1 = await inTurns(dossierUrl, bareUrl, 1, options.duration, headers);
    const at50 = await inTurns(dossierUrl, bareUrl, 50, options.duration, headers);
    await bare.stop();
    log('list load …');
    const list = await load(`${server.base}/api/v1/people?limit=25`, 10, options.duration, headers);
    clearInterval(sampler);

    log('stats and search …');
    const stats = await timedGets(`${server.base}/api/v1/stats`, headers, 15, 15_000);
    const searchProbe = await fetch(`${server.base}/api/v1/search?q=garcia`, { headers });
    await searchProbe.arrayBuffer();
    let search: { p50: number; p95: number; rawP50: number; rawP95: number } | null = null;
    if (searchProbe.status === 200) {
      const n = options.quick ? 100 : 400;
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const q = encodeURIComponent(SEARCH_QUERIES[i % SEARCH_QUERIES.length] as string);
        times.push(...(await timedGets(`${server.base}/api/v1/search?q=${q}`, headers, 1)).times);
      }
      // The endpoint answers a page and its counts per type: the baseline runs both queries.
      const rawTimes = await rawSearchTimes(engine, pgDb?.url, dataDir, n, { withFacets: true });
      search = {
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        rawP50: percentile(rawTimes, 50),
        rawP95: percentile(rawTimes, 95),
      };
    }
    await server.stop();

    // The peer: Directus 11 on SQLite with the same people, under the same list load.
    const directus = options.directus
      ? await directusList(env, options.duration, log).catch((error: Error) => ({
          error: error.message,
        }))
      : { error: 'Directus 11 is not installed (run the bench with --directus to install it)' };

    // 4. Cold start: process start to the first 200 from /healthz, a median of several.
    log('cold starts …');
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await startHabeas(env);
      starts.push(s.startMs);
      await s.stop();
    }

    const dossierRatio1 = at1.ratio;
    const dossierRatio50 = at50.ratio;
    return {
      engine,
      ...(pgDb ? { server: pgDb.settings } : {}),
      people: options.people,
      scale: report.scale,
      importRowsPerSec: round(importAllRowsPerSec),
      rawInsertRowsPerSec: round(rawAll.rowsPerSecond),
      importRatio: ratio(importAllRowsPerSec, rawAll.rowsPerSecond),
      importRowsWritten: written,
      importBatch: report.batch,
      rawInsertByTable: rawAll.byTable,
      importPeoplePerSec: round(people.rowsPerSecond),
      rawPeopleInsertRowsPerSec: round(rawPeople.rowsPerSecond),
      importPeopleRatio: ratio(people.rowsPerSecond, rawPeople.rowsPerSecond),
      generate: {
        totalRows: report.totalRows,
        totalSeconds: round(report.totalMs / 1000),
        phases: report.phases.map((p) => ({
          ...p,
          ms: round(p.ms),
          rowsPerSecond: round(p.rowsPerSecond),
        })),
      },
      dossierBytes: readFileSync(bytesFile).length,
      dossier1: at1.habeas,
      dossier50: at50.habeas,
      bare1: at1.bare,
      bare50: at50.bare,
      dossierRounds1: at1.rounds,
      dossierRounds50: at50.rounds,
      dossierRatio1,
      dossierRatio50,
      dossierRatio:
        dossierRatio1 !== null && dossierRatio50 !== null
          ? Math.min(dossierRatio1, dossierRatio50)
          : null,
      list25: list,
      list25ReqPerSec: list.reqPerSec,
      ...('reqPerSec' in directus
        ? {
            directusVersion: directus.version,
            directusList25: directus.load,
            directusList25ReqPerSec: directus.reqPerSec,
            listVsDirectus: ratio(list.reqPerSec, directus.reqPerSec),
          }
        : { listVsDirectus: null, listVsDirectusReason: directus.error }),
      statsMs: round(median(stats.times), 2),
      statsStatus: stats.status,
      statsCalls: stats.times.length,
      searchP50Ms: search ? round(search.p50, 2) : null,
      searchP95Ms: search ? round(search.p95, 2) : null,
      searchRawP50Ms: search ? round(search.rawP50, 2) : null,
      searchRawP95Ms: search ? round(search.rawP95, 2) : null,
      searchVsRaw: search ? ratio(search.p95, search.rawP95) : null,
      ...(search
        ? {}
        : { searchReason: `not yet measurable: /api/v1/search answered ${searchProbe.status}` }),
      rssMb: rssSamples.length ? round(Math.max(...rssSamples)) : null,
      rssMedianMb: rssSamples.length ? round(median(rssSamples)) : null,
      coldStartMs: round(median(starts)),
      coldStartsMs: starts.map((s) => round(s)),
    };
  } finally {
    for (const server of servers) await server.stop();
    if (pgDb) await pgDb.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Directus's list of 25 people, loaded like Habeas's, with the people this run generated. */
async function directusList(env: NodeJS.ProcessEnv, duration: number, log: (line: string) => void) {
  ensureDirectus(log);
  const runtime = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'warn' }));
  let directus: Awaited<ReturnType<typeof startDirectus>> | undefined;
  try {
    directus = await startDirectus({
      workDir: path.join(os.tmpdir(), 'habeas-bench-directus'),
      port: await freePort(),
      people: peopleBatches(runtime.services.people.scan({ actor: SYSTEM_ACTOR })),
      log,
    });
  } finally {
    await runtime.close();
  }
  try {
    const url = `${directus.base}/items/people?limit=25&sort=sort_name`;
    const load25 = await load(url, 10, duration, { authorization: `Bearer ${directus.token}` });
    return { version: directus.version, load: load25, reqPerSec: load25.reqPerSec };
  } finally {
    await directus.stop();
  }
}

async function* peopleBatches(records: AsyncIterable<Record<string, unknown>>) {
  let batch: PersonRow[] = [];
  for await (const record of records) {
    batch.push({
      id: record.id as string,
      givenNames: (record.givenNames as string | undefined) ?? '',
      familyNames: (record.familyNames as string | undefined) ?? '',
      sortName: `${record.familyNames ?? ''}, ${record.givenNames ?? ''}`,
      birthDate: (record.birthDate as string | undefined) ?? null,
      nationalities: (record.nationalities as string[] | undefined) ?? [],
    });
    if (batch.length === 500) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The README shows the latest table, between its bench markers. */
function showInReadme(table: string, date: string) {
  const readme = path.join(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return;
  const body = `${start}\n\n${table}\nFull figures: [bench/results/${date}.json](bench/results/${date}.json).\n\n`;
  writeFileSync(readme, text.slice(0, from) + body + text.slice(to));
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // The server runs as `node bin/habeas.js serve`, from the bundle: build it (and the UI) first.
  console.log('building the server (npm run build) …');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const engines = [];
  for (const engine of options.engines) engines.push(await benchEngine(engine, options));
  // The usual runs (quick or full scale, both engines) are filed by date and shown in the README;
  // any other is filed beside them under a name that says what it covered.
  const usual =
    options.engines.length === 2 && options.people === (options.quick ? QUICK_PEOPLE : FULL_PEOPLE);
  const date = new Date().toISOString().slice(0, 10);
  const name = usual
    ? `${date}${options.quick ? '' : '-full'}`
    : `${date}-${options.engines.join('-')}-${options.people}`;
  const results = {
    date: new Date().toISOString(),
    quick: options.quick,
    people: options.people,
    durationSeconds: options.duration,
    machine: machine(),
    engines,
  };
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const table = resultsTable(results);
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  // Formatted as the linter wants it, so that a committed result passes `npm run lint`.
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/@biomejs/biome/bin/biome'),
      'format',
      '--write',
      `bench/results/${name}.json`,
    ],
    { cwd: ROOT, stdio: 'ignore' },
  );
  writeFileSync(path.join(dir, `${name}.md`), table);
  if (usual) showInReadme(table, name);
  console.log(`\n${table}`);
  console.log(`written to bench/results/${name}.json and .md`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
