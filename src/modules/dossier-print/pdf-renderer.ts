import { access, constants } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { Unavailable } from '../../lib/errors.js';

export type Paper = 'a4' | 'letter';

export interface RenderRequest {
  html: string;
  paper: Paper;
  headerTemplate: string;
  footerTemplate: string;
}

export interface PdfRendererOptions {
  /** default: $HABEAS_CHROMIUM_PATH, else /usr/bin/chromium (Debian's package) */
  executablePath?: string;
  /** renders at once; more wait their turn (each page costs a Chromium renderer process) */
  concurrency?: number;
  /** per render, from the moment it starts */
  timeoutMs?: number;
}

/** Flags for a headless print server: no sandbox (containers), GPU, or traffic of its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Prints HTML to PDF in Chromium. One browser is shared by every render, launched on first use
 * (a server that never prints never starts it) and closed with the server. Each render gets its
 * own context with JavaScript off and every request aborted: the page is the inline HTML and
 * nothing else, so no record text can run or fetch anything.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly executablePath: string;
  private readonly concurrency: number;
  private readonly timeoutMs: number;

  constructor(options: PdfRendererOptions = {}) {
    this.executablePath =
      options.executablePath ?? process.env.HABEAS_CHROMIUM_PATH ?? '/usr/bin/chromium';
    this.concurrency = options.concurrency ?? 2;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Fails with `chromium_unavailable` unless the browser runs; cheap once it does. */
  async ensureAvailable(): Promise<void> {
    await this.launch();
  }

  async render(request: RenderRequest): Promise<Buffer> {
    await this.acquire();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        await context.route('**/*', (route) => route.abort());
        const page = await context.newPage();
        page.setDefaultTimeout(this.timeoutMs);
        return await withTimeout(
          (async () => {
            await page.setContent(request.html, { waitUntil: 'load' });
            return page.pdf({
              format: request.paper === 'letter' ? 'Letter' : 'A4',
              printBackground: true,
              displayHeaderFooter: true,
              headerTemplate: request.headerTemplate,
              footerTemplate: request.footerTemplate,
              margin: { top: '20mm', bottom: '20mm', left: '16mm', right: '16mm' },
            });
          })(),
          this.timeoutMs,
        );
      } finally {
        await context.close().catch(() => {});
      }
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const launching = this.start();
      this.browser = launching;
      // A failed launch is not remembered: installing Chromium fixes the next request.
      launching.catch(() => {
        if (this.browser === launching) this.browser = null;
      });
    }
    return this.browser;
  }

  private async start(): Promise<Browser> {
    const path = this.executablePath;
    const missing = await access(path, constants.X_OK).then(
      () => false,
      () => true,
    );
    if (missing) {
      throw new Unavailable(
        'chromium_unavailable',
        `PDF printing needs Chromium, and there is no executable at ${path}: install it (Debian: apt-get install chromium) or set HABEAS_CHROMIUM_PATH`,
      );
    }
    try {
      // The driver is loaded with the first print: it is half a second of the server's start.
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
      browser.on('disconnected', () => {
        this.browser = null;
      });
      return browser;
    } catch (error) {
      throw new Unavailable(
        'chromium_unavailable',
        `Chromium at ${path} did not start: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }

  private async acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any, so the count never overshoots. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Unavailable('pdf_timeout', `printing the PDF took longer than ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
