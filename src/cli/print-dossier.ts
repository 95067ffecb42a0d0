import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { SENSITIVITY_LEVELS, type Sensitivity } from '../modules/auth/policy.js';
import { DossierService } from '../modules/dossier/service.js';
import { PRINT_LANGUAGES, type PrintLanguage } from '../modules/dossier-print/labels.js';
import { type Paper, PdfRenderer } from '../modules/dossier-print/pdf-renderer.js';
import { DossierPrintService } from '../modules/dossier-print/service.js';
import { loadConfig } from '../server/config.js';
import { openRuntime } from './runtime.js';

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if (!values.includes(value as T)) {
      throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    }
    return value as T;
  };

/**
 * `habeas print-dossier PERSON_ID --out FILE.pdf`: the same PDF as the API's dossier.pdf. It
 * prints at `--clearance` (secret by default, as the operator), so a copy meant for a partner can
 * be made at the level they may see.
 */
export function registerPrintDossierCommand(program: Command): void {
  program
    .command('print-dossier')
    .description('print a person dossier as a PDF (needs Chromium: $HABEAS_CHROMIUM_PATH)')
    .argument('<person-id>', 'the person’s id')
    .requiredOption('-o, --out <file>', 'the PDF file to write')
    .option('--paper <size>', 'a4 or letter', oneOf(['a4', 'letter'] as const), 'a4')
    .option('--lang <lang>', 'language of the labels: en or es', oneOf(PRINT_LANGUAGES), 'en')
    .option(
      '--clearance <level>',
      'print only what this clearance may see: public, internal, confidential or secret',
      oneOf(SENSITIVITY_LEVELS),
      'secret',
    )
    .action(
      async (
        personId: string,
        options: { out: string; paper: Paper; lang: PrintLanguage; clearance: Sensitivity },
      ) => {
        const runtime = await openRuntime(loadConfig());
        const renderer = new PdfRenderer();
        try {
          const printing = new DossierPrintService(
            runtime.services,
            new DossierService(runtime.services),
            renderer,
          );
          const actor = { id: 'system:cli', role: 'admin' as const, clearance: options.clearance };
          const pdf = await printing.personPdf({ actor }, personId, options);
          await writeFile(options.out, pdf);
          console.log(`habeas: wrote the dossier (${pdf.length} bytes) to ${options.out}`);
        } finally {
          await renderer.close();
          await runtime.close();
        }
      },
    );
}
