import type { Command } from 'commander';
import { reindexAll } from '../modules/search/reindex.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';
import { describeCounts } from './serve.js';

/** `habeas reindex`: rebuilds the full-text search index from the records. */
export function registerReindexCommand(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the full-text search index and the person facts from the records')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      try {
        const counts = await reindexAll(runtime.services);
        console.log(`habeas: search index rebuilt (${describeCounts(counts)})`);
        const people = await runtime.services.personFacts.rebuild();
        console.log(`habeas: person facts rebuilt (${people} people)`);
      } finally {
        await runtime.close();
      }
    });
}
