import type { ImportProblem } from './item.js';

export interface DuplicateCandidate {
  id: string;
  label: string;
  score: number;
}

/** A person this import wrote whom the matcher thinks may already be on file. */
export interface DuplicateFlag {
  row: number;
  personId?: string;
  candidates: DuplicateCandidate[];
}

export interface ImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** rows whose record was imported before and has since been deleted: left deleted */
  skipped: number;
  refused: number;
}

export interface ImportReport extends ImportCounts {
  dryRun: boolean;
  /** true when the import's writes were kept: not a dry run, and no row refused */
  committed: boolean;
  /** the first problems that refused rows (see `problemCount` for all) */
  problems: ImportProblem[];
  problemCount: number;
  /** things worth knowing that refuse nothing: unmapped columns, deleted records left alone */
  warnings: ImportProblem[];
  duplicates: DuplicateFlag[];
  seconds: number;
  rowsPerSecond: number;
}

export interface ImportProgress extends ImportCounts {
  seconds: number;
}

export const emptyCounts = (): ImportCounts => ({
  rows: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  refused: 0,
});

/** Keeps the first `limit` entries and counts them all: a million bad rows must not fill memory. */
export class CappedList<T> {
  readonly items: T[] = [];
  count = 0;
  constructor(private readonly limit: number) {}
  push(...entries: T[]): void {
    for (const entry of entries) {
      this.count++;
      if (this.items.length < this.limit) this.items.push(entry);
    }
  }
}
