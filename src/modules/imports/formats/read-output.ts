import type { ImportItem, ImportProblem } from '../item.js';

/**
 * What a format reader yields, in file order: an item to import, or a problem with a row it
 * could not read. A reader never throws over one bad row (the data manager wants every problem
 * in one pass); it throws only when the file as a whole is not of its format.
 */
export type ReadOutput = ImportItem | ImportProblem;

export const isImportProblem = (output: ReadOutput): output is ImportProblem =>
  !('externalId' in output);

export interface ReadOptions {
  /** the name problems and origins report; defaults to the path's base name */
  fileName?: string;
  /**
   * a data set's edition, for formats re-released with rewritten rows (DDP/ICE): part of every
   * external id, so each release is imported beside the others, never over them
   */
  release?: string;
  /** DDP/ICE: the facility crosswalk (TSV) that turns facility codes into places */
  facilities?: string;
  /** Uwazi: the record type the rows become (`person` or `incident`) */
  recordType?: string;
  /** when the file was obtained (YYYY-MM-DD), recorded on the data set's source */
  accessedAt?: string;
}

export interface FormatReader {
  name: string;
  /** one line for `habeas import --help` */
  description: string;
  read(path: string, options?: ReadOptions): AsyncIterable<ReadOutput>;
}

/** Collects a reader's output into items and problems (tests, dry runs, small files). */
export async function collect(outputs: AsyncIterable<ReadOutput>) {
  const items: ImportItem[] = [];
  const problems: ImportProblem[] = [];
  for await (const output of outputs) {
    if (isImportProblem(output)) problems.push(output);
    else items.push(output);
  }
  return { items, problems };
}

/**
 * The import engine takes items only; a row the reader could not read travels as an item that
 * carries its problem, so the engine refuses it, reports it with the rest, and writes nothing.
 */
export async function* engineItems(outputs: AsyncIterable<ReadOutput>): AsyncGenerator<ImportItem> {
  for await (const output of outputs) {
    if (!isImportProblem(output)) {
      yield output;
      continue;
    }
    yield {
      type: '(unreadable row)',
      origin: { row: output.row, file: output.file },
      externalId: `unreadable:${output.file ?? ''}:${output.row}:${output.column}`,
      body: {},
      problems: [output],
    };
  }
}
