import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { SENSITIVITY_LEVELS, type Sensitivity, SYSTEM_ACTOR } from '../modules/auth/policy.js';
import { uwaziCsvOf } from '../modules/imports/formats/uwazi-export-records.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

function clearance(value: string): Sensitivity {
  if (!(SENSITIVITY_LEVELS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${SENSITIVITY_LEVELS.join(', ')}`);
  }
  return value as Sensitivity;
}

/**
 * `habeas export-uwazi --type person|incident`: people or incidents as a CSV for Uwazi's import
 * (docs/formats.md). It reads at a clearance, `internal` unless told, so that confidential
 * records do not leave for another system by default.
 */
export function registerExportUwaziCommand(program: Command): void {
  program
    .command('export-uwazi')
    .description('export people or incidents as a CSV that Uwazi imports')
    .requiredOption('-t, --type <type>', 'person or incident', (value) => {
      if (value !== 'person' && value !== 'incident') {
        throw new InvalidArgumentError('must be person or incident');
      }
      return value;
    })
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .option('--clearance <level>', 'the most sensitive records to include', clearance, 'internal')
    .action(
      async (options: { type: 'person' | 'incident'; out?: string; clearance: Sensitivity }) => {
        const runtime = await openRuntime(loadConfig());
        try {
          const actor = { ...SYSTEM_ACTOR, id: 'system:cli', clearance: options.clearance };
          const { csv, count } = await uwaziCsvOf(runtime.services, { actor }, options.type);
          if (!options.out) {
            process.stdout.write(csv);
            return;
          }
          await writeFile(options.out, csv);
          console.error(`habeas: wrote ${count} ${options.type} records to ${options.out}`);
        } finally {
          await runtime.close();
        }
      },
    );
}
