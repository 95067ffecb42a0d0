import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { Invalid, NotFound } from '../lib/errors.js';
import { type Actor, SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { FORMAT_NAMES, isFormatName } from '../modules/imports/formats/names.js';
import type { ImportProblem } from '../modules/imports/item.js';
import { IMPORT_FORMATS, type ImportFormat } from '../modules/imports/open-table.js';
import type { ImportReport } from '../modules/imports/report.js';
import type { FileImportProgress } from '../modules/imports/service.js';
import type { Services } from '../modules/services.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

const IMPORT_ACTOR: Actor = { ...SYSTEM_ACTOR, id: 'system:import' };

/** Exit codes: 1 when any row is refused (so nothing was written), 2 for a bad command. */
const REFUSED = 1;
const BAD_USAGE = 2;

interface ImportCommandOptions {
  type?: string;
  map?: string;
  dryRun?: boolean;
  sheet?: string;
  format?: ImportFormat;
  as?: string;
  release?: string;
  facilities?: string;
}

class UsageError extends Error {}

async function readMap(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the mapping file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the mapping file ${file} is not JSON: ${(error as Error).message}`);
  }
}

async function actorFor(services: Services, email: string | undefined): Promise<Actor> {
  if (!email) return IMPORT_ACTOR;
  const found = await services.auth.findUserByEmail(email);
  if (!found) throw new NotFound(`no account with email ${email}`);
  if (found.user.disabled) throw new UsageError(`the account ${email} is disabled`);
  return found.actor;
}

const describeProblem = (p: ImportProblem) => `row ${p.row}, column ${p.column}: ${p.reason}`;
const number = (n: number) => n.toLocaleString('en-US');

/**
 * Progress on standard error: a bar through the file on a terminal, a plain line every few
 * seconds otherwise (a log file or CI must not fill with redraws).
 */
function progressReporter(file: string) {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: `${path.basename(file)} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | {refused} refused`,
      hideCursor: true,
    });
    let started = false;
    return {
      update(p: FileImportProgress) {
        const payload = {
          rows: number(p.rows),
          rate: number(Math.round(p.rows / Math.max(p.seconds, 0.001))),
          refused: number(p.refused),
        };
        if (!started) bar.start(p.totalBytes, 0, payload);
        started = true;
        bar.update(Math.min(p.bytesRead, p.totalBytes), payload);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p: FileImportProgress) {
      if (p.seconds - last < 5) return;
      last = p.seconds;
      const percent = p.totalBytes ? Math.round((100 * p.bytesRead) / p.totalBytes) : 0;
      process.stderr.write(
        `habeas: ${number(p.rows)} rows read (${percent}%), ${number(Math.round(p.rows / p.seconds))} rows/s, ${number(p.refused)} refused\n`,
      );
    },
    stop() {},
  };
}

function printReport(file: string, type: string, report: ImportReport) {
  for (const warning of report.warnings)
    console.error(`habeas: warning: ${describeProblem(warning)}`);
  for (const problem of report.problems) console.error(`habeas: ${describeProblem(problem)}`);
  if (report.problemCount > report.problems.length) {
    console.error(
      `habeas: … and ${number(report.problemCount - report.problems.length)} more problems`,
    );
  }
  for (const flag of report.duplicates) {
    for (const c of flag.candidates) {
      console.error(
        `habeas: row ${flag.row}: may be the same person as ${c.label} (${c.id}, score ${c.score.toFixed(2)})`,
      );
    }
  }
  const counts =
    `${number(report.rows)} rows: ${number(report.created)} created, ${number(report.updated)} updated, ` +
    `${number(report.unchanged)} unchanged, ${number(report.skipped)} skipped, ${number(report.refused)} refused`;
  const speed = `${number(report.rowsPerSecond)} rows/s`;
  const outcome = report.committed
    ? `imported ${file} as ${type}`
    : report.refused > 0
      ? `nothing imported from ${file}: ${number(report.refused)} rows refused`
      : `dry run of ${file} as ${type}: every row passed, nothing written`;
  console.log(`habeas: ${outcome} — ${counts} (${speed})`);
}

/** `habeas import FILE --type person [--map MAP.json] [--dry-run]` */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'import a CSV or XLSX file into one record type, all rows or none (see docs/import.md)',
    )
    .argument('<file>', 'the CSV or XLSX file')
    .option(
      '-t, --type <type>',
      'record type: person, custody_event, proceeding… (or "type" in the map)',
    )
    .option('-m, --map <file>', 'MAP.json: which column fills which field')
    .option('-n, --dry-run', 'check every row and report every problem, writing nothing')
    .option('--sheet <name>', 'the workbook sheet to read (default: the first)')
    .addOption(
      new Option('--format <format>', 'file format (default: from the name)').choices([
        ...IMPORT_FORMATS,
        ...FORMAT_NAMES,
      ]),
    )
    .option('--release <release>', 'ddp-ice: the ICE release the file belongs to (docs/formats.md)')
    .option('--facilities <tsv>', 'ddp-ice: the DDP facility crosswalk, for geocoded places')
    .option('--as <email>', 'act as this account (default: the system operator)')
    .action(async (file: string, options: ImportCommandOptions) => {
      let mapping: unknown;
      try {
        mapping = options.map ? await readMap(options.map) : undefined;
      } catch (error) {
        console.error(`habeas: ${(error as Error).message}`);
        process.exitCode = BAD_USAGE;
        return;
      }
      const runtime = await openRuntime(loadConfig());
      const progress = progressReporter(file);
      try {
        const actor = await actorFor(runtime.services, options.as);
        // a public format (docs/formats.md): its reader makes the items, the engine writes them
        if (options.format && isFormatName(options.format)) {
          // The format's parsers (HTML, dates, spreadsheets) load only for a format import.
          const { engineItems, formatReader } = await import('../modules/imports/formats/index.js');
          const reader = formatReader(options.format)!;
          const read = reader.read(file, { ...options, recordType: options.type });
          const report = await runtime.services.imports.importItems({ actor }, engineItems(read), {
            dryRun: Boolean(options.dryRun),
          });
          printReport(file, reader.name, report);
          process.exitCode = report.refused > 0 ? REFUSED : 0;
          return;
        }
        let start: () => ReturnType<Services['imports']['importFile']>;
        try {
          start = await runtime.services.imports.startFileImport(
            { actor },
            { path: file, name: path.basename(file) },
            {
              type: options.type,
              mapping,
              sheet: options.sheet,
              format: options.format,
              dryRun: Boolean(options.dryRun),
              onProgress: (p) => progress.update(p),
            },
          );
        } catch (error) {
          // Nothing has been read yet: a wrong type, mapping, sheet or file is a usage problem.
          if (error instanceof Invalid) {
            for (const issue of error.issues)
              console.error(`habeas: ${issue.field}: ${issue.reason}`);
            process.exitCode = BAD_USAGE;
            return;
          }
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            console.error(`habeas: no such file: ${file}`);
            process.exitCode = BAD_USAGE;
            return;
          }
          throw error;
        }
        const { report, run } = await start();
        progress.stop();
        printReport(file, run.type, report);
        process.exitCode = report.refused > 0 ? REFUSED : 0;
      } catch (error) {
        progress.stop();
        if (error instanceof UsageError) {
          console.error(`habeas: ${error.message}`);
          process.exitCode = BAD_USAGE;
          return;
        }
        throw error;
      } finally {
        await runtime.close();
      }
    });
}
