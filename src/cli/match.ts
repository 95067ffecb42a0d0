import type { Command } from 'commander';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

/** `habeas match`: files every person for duplicate matching and refreshes the review queue. */
export function registerMatchCommand(program: Command): void {
  program
    .command('match')
    .description(
      'file every person for duplicate matching and refresh the review queue (after an upgrade)',
    )
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      try {
        const { people, open } = await runtime.services.matching.rebuild();
        console.log(`habeas: ${people} people filed; ${open} candidate pairs await review`);
      } finally {
        await runtime.close();
      }
    });
}
