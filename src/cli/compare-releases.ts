import type { Command } from 'commander';
import { compareReleases } from '../modules/imports/formats/ddp-compare.js';

/**
 * `habeas compare-releases EARLIER LATER`: how a later ICE release (via DDP) differs from an
 * earlier one of the same table, in totals and month by month. Needs no database: run it before
 * importing a new release to see which past months ICE rewrote.
 */
export function registerCompareReleasesCommand(program: Command): void {
  program
    .command('compare-releases')
    .description('compare two ICE/DDP releases of one table (CSV or Excel), month by month')
    .argument('<earlier>', 'the earlier release file')
    .argument('<later>', 'the later release file')
    .action(async (earlier: string, later: string) => {
      const { table, changes } = await compareReleases(earlier, later);
      console.log(`${table}: ${changes[0]?.before} rows → ${changes[0]?.after} rows`);
      const width = Math.max(...changes.map((c) => c.what.length));
      for (const change of changes) {
        const delta = change.after - change.before;
        const sign = delta > 0 ? '+' : '';
        console.log(
          `${change.what.padEnd(width)}  ${String(change.before).padStart(8)}  ${String(change.after).padStart(8)}  ${delta === 0 ? '' : `${sign}${delta}`}`,
        );
      }
    });
}
