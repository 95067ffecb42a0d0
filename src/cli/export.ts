import { createWriteStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type Command, InvalidArgumentError } from 'commander';
import { Invalid } from '../lib/errors.js';
import { issuesFromZod } from '../lib/zod-issues.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { writePublicDataset } from '../modules/exports/dataset/public-dataset.js';
import { directorySink, zipSink } from '../modules/exports/dataset/sinks.js';
import { EXPORT_FORMATS, type ExportFormat } from '../modules/exports/formats/index.js';
import { writeJsonExport } from '../modules/exports/json-export.js';
import { prepareListExport } from '../modules/exports/list-export.js';
import { listQuery } from '../modules/records/routes.js';
import type { RecordService } from '../modules/records/service.js';
import type { Services } from '../modules/services.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';
import { describeCounts } from './serve.js';

const CLI_ACTOR = { ...SYSTEM_ACTOR, id: 'system:cli' };

interface ExportOptions {
  format?: ExportFormat;
  type?: string;
  filter: string[];
  q?: string;
  sort?: string;
  out?: string;
  includeDeleted?: boolean;
  public?: boolean;
}

function format(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`the formats are ${EXPORT_FORMATS.join(', ')}`);
  }
  return value as ExportFormat;
}

function keyValue(value: string, previous: string[]): string[] {
  if (!/^[A-Za-z]+=./.test(value)) throw new InvalidArgumentError('must be key=value');
  return [...previous, value];
}

/** The record type named by its machine name (`person`) or its URL segment (`people`). */
function serviceFor(services: Services, name: string): RecordService {
  const service = services.registry.all().find((s) => s.def.type === name || s.def.path === name);
  if (!service) {
    const known = services.registry.all().map((s) => s.def.type);
    throw new Invalid([
      { field: 'type', reason: `must be one of ${known.join(', ')}`, code: 'unknown_type' },
    ]);
  }
  return service;
}

/** Filters, search and sort checked by the same schema as the HTTP list, so errors read alike. */
function selectionFrom(service: RecordService, options: ExportOptions) {
  const raw = Object.fromEntries(
    options.filter.map((pair) => [
      pair.slice(0, pair.indexOf('=')),
      pair.slice(pair.indexOf('=') + 1),
    ]),
  );
  const parsed = listQuery(service)
    .omit({ limit: true, cursor: true })
    .safeParse({ ...raw, q: options.q, sort: options.sort });
  if (!parsed.success) throw new Invalid(issuesFromZod(parsed.error.issues));
  const { q, sort, sensitivity, ...filters } = parsed.data as Record<string, never>;
  return { q, sort, sensitivity, filters };
}

async function finish(out: Writable) {
  if (out === process.stdout) return;
  if (!out.writableFinished) await new Promise((resolve) => out.once('finish', resolve));
}

const rate = (rows: number, ms: number) =>
  `${Math.round(rows / Math.max(ms / 1000, 0.001)).toLocaleString('en')} rows/s`;

async function exportList(services: Services, options: ExportOptions & { type: string }) {
  const service = serviceFor(services, options.type);
  const chosen = options.format ?? 'csv';
  const prepared = await prepareListExport(
    services,
    service,
    { actor: CLI_ACTOR },
    selectionFrom(service, options),
    chosen,
  );
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const started = performance.now();
  const rows = await prepared.writeTo(out);
  await finish(out);
  const took = performance.now() - started;
  console.error(
    `habeas: exported ${rows} ${service.def.names.plural.toLowerCase()} rows` +
      `${options.out ? ` to ${options.out}` : ''} in ${(took / 1000).toFixed(1)} s (${rate(rows, took)})`,
  );
}

async function exportPublic(services: Services, out: string | undefined) {
  if (!out) {
    throw new Invalid([
      {
        field: 'out',
        reason: 'the public data set needs --out DIR or --out FILE.zip',
        code: 'required',
      },
    ]);
  }
  const zipped = out.toLowerCase().endsWith('.zip');
  if (!zipped) {
    const existing = await readdir(out).catch(() => []);
    if (existing.length > 0) {
      throw new Invalid([
        { field: 'out', reason: `${out} is not empty; choose a new folder`, code: 'not_empty' },
      ]);
    }
  }
  const file = zipped ? createWriteStream(out) : undefined;
  const sink = file ? zipSink(file) : await directorySink(out);
  const report = await writePublicDataset(services, { actor: CLI_ACTOR }, sink);
  if (file) await finish(file);
  console.error(
    `habeas: wrote the public data set (${describeCounts(report.counts)}; ` +
      `${report.attachments} files) to ${out}`,
  );
}

async function exportDatabase(services: Services, options: ExportOptions) {
  if (options.format && options.format !== 'json') {
    throw new Invalid([
      {
        field: 'format',
        reason: 'the whole-database export is json only; add --type for csv, ndjson or xlsx',
        code: 'invalid_format',
      },
    ]);
  }
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const counts = await writeJsonExport(services, { actor: CLI_ACTOR }, out, {
    includeDeleted: Boolean(options.includeDeleted),
  });
  if (options.out) {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    console.error(`habeas: exported ${describeCounts(counts)} to ${options.out}`);
  }
}

/**
 * `habeas export`: the whole database as JSON (as before), one record type's filtered list as
 * CSV, JSON, NDJSON or XLSX (`--type`), or the public data set (`--public`).
 */
export function registerExportCommand(program: Command) {
  program
    .command('export')
    .description(
      'export every record as JSON; one type as csv/json/ndjson/xlsx (--type); or the public data set (--public)',
    )
    .option('-f, --format <format>', `output format: ${EXPORT_FORMATS.join(', ')}`, format)
    .option('-t, --type <type>', 'export one record type (e.g. person or people), filtered')
    .option('--filter <key=value>', 'a list filter, as in the API (repeatable)', keyValue, [])
    .option('-q, --q <words>', 'only records matching these words')
    .option('--sort <field>', 'sort as in the API, e.g. name or -updatedAt')
    .option('-o, --out <file>', 'write to a file (or, with --public, a folder or .zip)')
    .option('--include-deleted', 'whole-database export: include tombstoned records')
    .option('--public', 'the public data set: public, consented records only')
    .action(async (options: ExportOptions) => {
      if (options.public && options.type) {
        throw new Invalid([
          { field: 'public', reason: 'use either --public or --type', code: 'conflicting_options' },
        ]);
      }
      const runtime = await openRuntime(loadConfig());
      try {
        if (options.public) await exportPublic(runtime.services, options.out);
        else if (options.type)
          await exportList(runtime.services, { ...options, type: options.type });
        else await exportDatabase(runtime.services, options);
      } finally {
        await runtime.close();
      }
    });
}
