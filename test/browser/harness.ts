import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort, stopProcess, waitUntilAnswering } from '../helpers/server-process.js';

/**
 * The built app served by the real server (example data, a fresh data directory) and Debian's
 * Chromium to drive it: what a browser suite needs, started once per file.
 */
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTEFACTS = path.join(ROOT, 'test-artefacts');
export const ADMIN = { email: 'admin@example.org', password: 'browser test password' };

export interface Harness {
  baseUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

export function ensureBuilt() {
  if (
    !existsSync(path.join(ROOT, 'dist/web/index.html')) ||
    !existsSync(path.join(ROOT, 'dist/cli/main.js'))
  ) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export async function startHarness(): Promise<Harness> {
  ensureBuilt();
  mkdirSync(ARTEFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'habeas-browser-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const { DATABASE_URL: _sqliteInTheDataDir, ...inherited } = process.env;
  const server: ChildProcess = spawn(
    process.execPath,
    ['bin/habeas.js', 'serve', '--demo-if-empty', '--host', '127.0.0.1'],
    {
      cwd: ROOT,
      env: {
        ...inherited,
        PORT: String(port),
        HABEAS_DATA_DIR: dataDir,
        HABEAS_ADMIN_EMAIL: ADMIN.email,
        HABEAS_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await waitUntilAnswering(`${baseUrl}/healthz`, server, { pollMs: 100, output: () => output });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    baseUrl,
    browser,
    async stop() {
      await browser.close();
      await stopProcess(server);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
}

/** Serious and critical axe-core violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<string[]> {
  const source = readFileSync(
    createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8',
  );
  await page.evaluate(source);
  // evaluated as a string: the test runs in Node, the expression in the page
  const result = (await page.evaluate('axe.run()')) as {
    violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function signIn(
  page: Page,
  baseUrl: string,
  email = ADMIN.email,
  password = ADMIN.password,
) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'People' }).first().waitFor();
}

/** Page errors and console errors, except failed loads (4xx answers the test provokes). */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  return problems;
}

/** A read through the public API as the page's signed-in user. */
export async function apiGet(page: Page, baseUrl: string, url: string) {
  const response = await page.request.get(`${baseUrl}${url}`);
  if (!response.ok()) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return response.json();
}

/** A write through the public API as the page's signed-in user (cookie and CSRF token). */
async function apiWrite(
  method: 'post' | 'patch',
  page: Page,
  baseUrl: string,
  url: string,
  data: unknown,
) {
  const session = await (await page.request.get(`${baseUrl}/api/v1/auth/session`)).json();
  const response = await page.request[method](`${baseUrl}${url}`, {
    data,
    headers: { 'x-csrf-token': session.csrfToken },
  });
  if (!response.ok()) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return response.json();
}

export const apiPost = (page: Page, baseUrl: string, url: string, data: unknown) =>
  apiWrite('post', page, baseUrl, url, data);

/** A change through the public API, as another client would make it behind the page's back. */
export const apiPatch = (page: Page, baseUrl: string, url: string, data: unknown) =>
  apiWrite('patch', page, baseUrl, url, data);

/** Starts the harness before the file's tests and stops it after them. */
export function harnessForFile(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    Object.assign(harness, await startHarness());
  }, 120_000);
  afterAll(async () => {
    await harness.stop?.();
  });
  return harness;
}
