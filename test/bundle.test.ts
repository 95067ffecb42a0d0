import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliDatabase } from './helpers/cli.js';
import { freePort, hasExited, stopProcess, waitUntilAnswering } from './helpers/server-process.js';

/**
 * The shipped server: `bin/habeas.js` runs the esbuild bundle (scripts/bundle-server.mjs), not
 * the code the other tests load. These tests start it as a real process and use what the bundle
 * leaves outside itself or loads on demand: Swagger UI's assets, the web app, the native SQLite
 * and password modules, the PostgreSQL driver, the format parsers and the spreadsheet engine.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/habeas.js');
const BUNDLE = path.join(ROOT, 'dist/bundle/main.js');
const PACER_PAGE = path.resolve(ROOT, '../shared/data/pacer/dcd_3.html');
const exec = promisify(execFile);

describe('the bundled server (bin/habeas.js)', () => {
  const cli = useCliDatabase();
  const admin = { email: 'bundle@example.org', password: 'a long bundle password' };
  let server: ChildProcess;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    // `npm test` builds first; a bundle older than the compiled code would test stale code.
    const compiled = statSync(path.join(ROOT, 'dist/cli/main.js')).mtimeMs;
    expect(
      statSync(BUNDLE).mtimeMs,
      'dist/bundle is older than dist/cli: run npm run build',
    ).toBeGreaterThanOrEqual(compiled);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [BIN, 'serve', '--demo-if-empty'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...cli.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        HABEAS_ADMIN_EMAIL: admin.email,
        HABEAS_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitUntilAnswering(`${base}/healthz`, server);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    headers = {
      cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string,
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
    };
  });

  afterAll(async () => {
    if (!server) return;
    const endedEarly = hasExited(server);
    await stopProcess(server);
    expect(
      endedEarly,
      `the server ended before the tests did (${server.signalCode ?? server.exitCode})`,
    ).toBe(false);
  });

  it('serves the web app and the API reference with its assets', async () => {
    const page = await fetch(`${base}/people`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const docs = await fetch(`${base}/api/v1/docs/static/swagger-ui-bundle.js`, { headers });
    expect(docs.status).toBe(200);
    // read to the end: an unread download keeps its connection busy past the stop signal
    expect((await docs.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const openapi = (await (await fetch(`${base}/api/v1/docs/json`, { headers })).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/people/{id}/dossier');
  });

  it('reads the example data and refuses a bad write by field', async () => {
    const read = async (url: string) => (await fetch(`${base}${url}`, { headers })).json();
    const people = (await read('/api/v1/people?limit=5')) as { items: unknown[] };
    expect(people.items.length).toBe(5);
    const stats = (await read('/api/v1/stats?groupBy=state')) as { total: number };
    expect(stats.total).toBeGreaterThan(0);
    const refused = await fetch(`${base}/api/v1/people`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ givenNames: 'X', birthDate: 'the thirtieth of February' }),
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { field: string }[] };
    expect(problem.errors[0]?.field).toBe('birthDate');
  });

  it('loads a format reader and the spreadsheet engine on demand', async () => {
    const env = { ...process.env, ...cli.env, LOG_LEVEL: 'silent' };
    const read = await exec(
      process.execPath,
      [BIN, 'import', PACER_PAGE, '--format', 'pacer-html', '--dry-run'],
      { cwd: ROOT, env },
    );
    expect(read.stdout).toMatch(/every row passed/);
    expect(Number(/(\d+) created/.exec(read.stdout)?.[1])).toBeGreaterThan(0);
    const sheet = await exec(
      process.execPath,
      [
        BIN,
        'export',
        '--type',
        'people',
        '--format',
        'xlsx',
        '--out',
        path.join(cli.db.dataDir, 'people.xlsx'),
      ],
      { cwd: ROOT, env },
    );
    expect(sheet.stderr + sheet.stdout).toMatch(/people\.xlsx/);
    expect(statSync(path.join(cli.db.dataDir, 'people.xlsx')).size).toBeGreaterThan(1000);
  });
});
