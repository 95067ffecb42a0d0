/**
 * What every importer produces and the import engine consumes: one record to create or update,
 * found again by its external id. Format readers (CSV with a mapping, ICE releases, dockets,
 * Uwazi…) turn their rows into these; only the engine writes, so dry runs, atomicity,
 * idempotency and duplicate flagging behave alike for every format.
 */
export interface ImportItem {
  /** record type, as in the registry: `person`, `custody_event`, `proceeding`… */
  type: string;
  /** where the item came from, for error reports: a 1-based row (or line) and the file's name */
  origin: { row: number; file?: string };
  /** the idempotency key: the same external id updates the record made before */
  externalId: string;
  /** the record's fields as the create endpoint takes them, minus the references in `refs` */
  body: Record<string, unknown>;
  /**
   * references to records known by external id (made earlier in the same import, or before):
   * field name (dotted for a nested field, e.g. `evidence.0.sourceId`) → the target
   */
  refs?: Record<string, { type: string; externalId: string }>;
  /** sources the record's fields rest on, by external id, attached as citations */
  citeSources?: { externalId: string; field?: string; locator?: string }[];
  /**
   * field (dotted) → the column it came from, so that a problem the record's validation finds in
   * a field is reported against the column a data manager sees in the file
   */
  columns?: Record<string, string>;
  /** fields the source names but leaves empty: cleared when the item updates a stored record */
  clear?: string[];
  /** problems the reader already found in this item (a number that is not one, say): refused */
  problems?: ImportProblem[];
}

/** One problem with one item, named the way a data manager fixes it: row, column, reason. */
export interface ImportProblem {
  row: number;
  file?: string;
  /** the column (or field, when the format has no columns) at fault */
  column: string;
  reason: string;
  code: string;
}
