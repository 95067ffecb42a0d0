import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DomainError, Invalid } from '../lib/errors.js';
import { SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { loadExampleData } from '../modules/demo/load.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { PACKAGE_VERSION } from '../version.js';
import { registerAccountCommands } from './accounts.js';
import { registerBackupCommands } from './backup.js';
import { registerCompareReleasesCommand } from './compare-releases.js';
import { registerExportCommand } from './export.js';
import { registerExportUwaziCommand } from './export-uwazi.js';
import { registerImportCommand } from './import.js';
import { registerMatchCommand } from './match.js';
import { registerPrintDossierCommand } from './print-dossier.js';
import { registerReindexCommand } from './reindex.js';
import { openRuntime } from './runtime.js';
import { describeCounts, serve } from './serve.js';

function port(value: string): string {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535');
  }
  return value;
}

function buildProgram(): Command {
  const program = new Command('habeas')
    .description(
      'Habeas: records of people moved across borders into detention.\n' +
        'Configuration comes from the environment: PORT, HOST, HABEAS_DATA_DIR, DATABASE_URL.',
    )
    .version(PACKAGE_VERSION)
    .exitOverride()
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the web server (migrates the database first)')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 4000)', port)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--demo-if-empty', 'load the example data set when the database is empty')
    .action(async (options: { port?: string; host?: string; demoIfEmpty?: boolean }) => {
      const config = loadConfig({
        ...process.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
      });
      await serve(config, { demoIfEmpty: Boolean(options.demoIfEmpty) });
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      await runtime.close();
      console.log('habeas: database schema is up to date');
    });

  program
    .command('demo')
    .description('load the example data set (the 2025 CECOT transfers) unless already loaded')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      try {
        const result = await loadExampleData(runtime.services, {
          actor: { ...SYSTEM_ACTOR, id: 'system:demo' },
        });
        console.log(
          result.loaded
            ? `habeas: loaded the example data set (${describeCounts(result.counts)})`
            : 'habeas: the example data set is already loaded; nothing written',
        );
      } finally {
        await runtime.close();
      }
    });

  registerExportCommand(program);
  registerAccountCommands(program);
  registerReindexCommand(program);
  registerImportCommand(program);
  registerMatchCommand(program);
  registerBackupCommands(program);
  registerPrintDossierCommand(program);
  registerCompareReleasesCommand(program);
  registerExportUwaziCommand(program);
  return program;
}

/** Runs the CLI and returns its exit code; errors become a message and a non-zero code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof Invalid) {
      for (const issue of error.issues) console.error(`habeas: ${issue.field}: ${issue.reason}`);
      return 1;
    }
    if (error instanceof ConfigError || error instanceof DomainError) {
      console.error(`habeas: ${error.message}`);
      return 1;
    }
    console.error(`habeas: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await run(process.argv.slice(2));
}
