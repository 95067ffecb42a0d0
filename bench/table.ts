/** The Markdown table of a bench run: each figure beside its same-run baseline and the goal. */

type Figures = Record<string, unknown> & { engine: string };

interface Results {
  date: string;
  quick: boolean;
  people: number;
  machine: { cpu: string; cores: number; memoryGb: number; os: string; node: string };
  engines: Figures[];
}

const show = (value: unknown, unit = '') =>
  value === null || value === undefined ? '—' : `${value}${unit}`;

const get = (figures: Figures, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], figures);

interface Row {
  figure: string;
  value: (f: Figures) => string;
  baseline: (f: Figures) => string;
  ratio: (f: Figures) => string;
  goal: string;
}

const ROWS: Row[] = [
  {
    figure: 'import, rows written/s, every table (vs raw prepared inserts of the same rows)',
    value: (f) => show(f.importRowsPerSec),
    baseline: (f) => show(f.rawInsertRowsPerSec),
    ratio: (f) => show(f.importRatio),
    goal: '≥ 0.5',
  },
  {
    figure: 'import, people/s (vs raw prepared inserts of the people rows alone)',
    value: (f) => show(f.importPeoplePerSec),
    baseline: (f) => show(f.rawPeopleInsertRowsPerSec),
    ratio: (f) => show(f.importPeopleRatio),
    goal: '—',
  },
  {
    figure: 'dossier req/s, 1 connection (vs bare Fastify)',
    value: (f) => show(get(f, 'dossier1.reqPerSec')),
    baseline: (f) => show(get(f, 'bare1.reqPerSec')),
    ratio: (f) => show(f.dossierRatio1),
    goal: '≥ 0.5',
  },
  {
    figure: 'dossier req/s, 50 connections (vs bare Fastify)',
    value: (f) => show(get(f, 'dossier50.reqPerSec')),
    baseline: (f) => show(get(f, 'bare50.reqPerSec')),
    ratio: (f) => show(f.dossierRatio50),
    goal: '≥ 0.5',
  },
  {
    figure: 'search p50 / p95 ms (vs raw index queries: page and counts)',
    value: (f) =>
      f.searchP95Ms === null ? 'not yet measurable' : `${f.searchP50Ms} / ${f.searchP95Ms}`,
    baseline: (f) => (f.searchP95Ms === null ? '—' : `${f.searchRawP50Ms} / ${f.searchRawP95Ms}`),
    ratio: (f) => show(f.searchVsRaw),
    goal: 'p95 ≤ 3× raw, ≤ 10 ms',
  },
  {
    figure: 'list 25 people req/s, 10 connections (vs Directus 11)',
    value: (f) => show(f.list25ReqPerSec),
    baseline: (f) => (f.directusList25ReqPerSec ? show(f.directusList25ReqPerSec) : 'not run'),
    ratio: (f) => show(f.listVsDirectus),
    goal: '≥ 20×',
  },
  {
    figure: 'stats over all people, median ms',
    value: (f) => show(f.statsMs),
    baseline: () => '—',
    ratio: () => '—',
    goal: '≤ 50 ms',
  },
  {
    figure: 'server RSS under load, peak MB',
    value: (f) => show(f.rssMb),
    baseline: () => '—',
    ratio: () => '—',
    goal: '≤ 300 MB',
  },
  {
    figure: 'cold start to /healthz, median ms',
    value: (f) => show(f.coldStartMs),
    baseline: () => '—',
    ratio: () => '—',
    goal: '≤ 1000 ms',
  },
];

export function resultsTable(results: Results): string {
  const m = results.machine;
  const lines = [
    `Bench of ${results.date.slice(0, 10)}${results.quick ? ' (quick)' : ''}: ${results.people} people; ` +
      `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}.`,
    '',
  ];
  for (const engine of results.engines) {
    const server = engine.server as Record<string, string> | undefined;
    lines.push(
      `### ${engine.engine}`,
      '',
      ...(server
        ? [
            `PostgreSQL ${server.server_version}: autovacuum ${server.autovacuum}, ` +
              `shared_buffers ${server.shared_buffers}, synchronous_commit ${server.synchronous_commit}.`,
            '',
          ]
        : []),
      '| figure | Habeas | baseline | ratio | goal |',
      '| --- | --- | --- | --- | --- |',
      ...ROWS.map(
        (row) =>
          `| ${row.figure} | ${row.value(engine)} | ${row.baseline(engine)} | ${row.ratio(engine)} | ${row.goal} |`,
      ),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
