import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Cell } from '../columns.js';
import type { ExportedRecord } from '../record-pages.js';

/** One export format: rows go in one at a time, and `end` finishes (and ends) the output. */
export interface ExportWriter {
  write(cells: Cell[], record: ExportedRecord): Promise<void>;
  end(): Promise<void>;
}

export interface WriterOptions {
  /** column names, in order */
  columns: string[];
  /** the sheet name, where a format has sheets */
  title: string;
  /** CSV: start with a byte-order mark (default true; data packages go without) */
  bom?: boolean;
}

/** Writes a chunk, waiting when the reader is behind, so memory stays at one buffer's worth. */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Waits until everything written to `out` has been handed on. */
export async function endStream(out: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}
