import type { Command } from 'commander';
import { createBackup } from '../modules/backup/backup.js';
import { restoreBackup } from '../modules/backup/restore.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

/** `habeas backup` and `habeas restore`: a consistent copy of the database and attachments, and back. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description(
      'write a consistent backup of the database and attachments (safe while the server runs)',
    )
    .requiredOption('-o, --out <path>', 'a new FILE.tar.gz, or a new or empty directory')
    .action(async (options: { out: string }) => {
      const runtime = await openRuntime(loadConfig());
      try {
        const { out, manifest } = await createBackup(runtime.services, options.out, {
          actor: 'system:cli',
        });
        const rows = Object.values(manifest.counts).reduce((a, b) => a + b, 0);
        console.log(
          `habeas: backed up ${rows} rows in ${Object.keys(manifest.counts).length} tables and ` +
            `${manifest.attachments.length} attachments (audit head ${manifest.auditHead.seq}:` +
            `${manifest.auditHead.hash}) to ${out}`,
        );
      } finally {
        await runtime.close();
      }
    });

  program
    .command('restore')
    .description('restore a backup into an empty data directory (and database)')
    .argument('<backup>', 'a backup FILE.tar.gz or directory made by `habeas backup`')
    .requiredOption('--data-dir <dir>', 'the data directory to restore into')
    .option(
      '--database-url <url>',
      'restore into this PostgreSQL database (postgres://…) instead of SQLite in the data directory',
    )
    .option('--force', 'replace what the target already holds')
    .action(
      async (from: string, options: { dataDir: string; databaseUrl?: string; force?: boolean }) => {
        const result = await restoreBackup({ from, ...options, force: Boolean(options.force) });
        const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
        console.log(
          `habeas: restored ${rows} rows and ${result.manifest.attachments.length} attachments ` +
            `from a ${result.manifest.engine} backup of ${result.manifest.createdAt} into ` +
            `${result.engine}; every file matched its hash`,
        );
      },
    );
}
