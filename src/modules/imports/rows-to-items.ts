import type { FieldTarget } from './field-catalogue.js';
import type { ImportItem, ImportProblem } from './item.js';
import type { ColumnMapping, ResolvedMapping } from './mapping.js';
import { normaliseName } from './mapping.js';
import type { TableRow } from './table.js';

/** Sets `value` at a dotted path, making objects (or arrays, before a numeric key) on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  keys.slice(0, -1).forEach((key, index) => {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      node[key] = /^\d+$/.test(keys[index + 1]!) ? [] : {};
    }
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'si', 'sí', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

type Scalar = { value: unknown } | { problem: string };

/** Spreadsheet text → the value a field of this kind takes; the schema judges it afterwards. */
function scalar(kind: FieldTarget['element'], text: string, values?: readonly string[]): Scalar {
  switch (kind) {
    case 'number': {
      // a decimal comma is what most of Latin America and Europe type
      const number = Number(text.replace(/\s/g, '').replace(/,(\d+)$/, '.$1'));
      return Number.isFinite(number) ? { value: number } : { problem: `"${text}" is not a number` };
    }
    case 'boolean': {
      const folded = text.toLowerCase();
      if (TRUE.has(folded)) return { value: true };
      if (FALSE.has(folded)) return { value: false };
      return { problem: `"${text}" is not yes or no` };
    }
    case 'enum': {
      // `Handed over`, `handed-over` and `HANDED_OVER` all mean `handed_over`
      const match = values?.find((v) => normaliseName(v) === normaliseName(text));
      return { value: match ?? text };
    }
    default:
      return { value: text };
  }
}

const splitCell = (text: string, separator: string) =>
  text
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

interface Draft {
  body: Record<string, unknown>;
  refs: NonNullable<ImportItem['refs']>;
  columns: Record<string, string>;
  clear: string[];
  problems: ImportProblem[];
}

function applyColumn(
  draft: Draft,
  mapping: ColumnMapping,
  text: string,
  row: number,
  file?: string,
) {
  const { target, column } = mapping;
  const problem = (reason: string, code: string) =>
    draft.problems.push({ row, file, column, reason, code });
  draft.columns[target.path] ??= column;
  if (text === '') {
    if (target.optional && !target.path.includes('.')) draft.clear.push(target.path);
    return;
  }
  switch (target.kind) {
    case 'id':
      draft.refs[target.path] = { type: target.refType ?? '', externalId: text };
      return;
    case 'list': {
      const existing = (draft.body[target.path] as unknown[] | undefined) ?? [];
      const parts = splitCell(text, mapping.split);
      if (target.element === 'id') {
        const offset = Object.keys(draft.refs).filter((k) =>
          k.startsWith(`${target.path}.`),
        ).length;
        parts.forEach((part, index) => {
          draft.refs[`${target.path}.${offset + index}`] = {
            type: target.refType ?? '',
            externalId: part,
          };
        });
        return;
      }
      for (const part of parts) {
        const parsed = scalar(target.element, part, target.values);
        if ('problem' in parsed) return problem(parsed.problem, 'invalid_value');
        existing.push(parsed.value);
      }
      draft.body[target.path] = existing;
      return;
    }
    case 'objects': {
      const existing = (draft.body[target.path] as unknown[] | undefined) ?? [];
      if (mapping.item) {
        for (const part of splitCell(text, mapping.split)) {
          existing.push({ ...mapping.item, [mapping.itemKey]: part });
        }
        draft.body[target.path] = existing;
        return;
      }
      const parsed = parseJson(text);
      if (!Array.isArray(parsed)) {
        return problem('must be a JSON list, or be mapped with an "item" template', 'invalid_json');
      }
      draft.body[target.path] = [...existing, ...parsed];
      return;
    }
    case 'json': {
      const parsed = parseJson(text);
      if (parsed === undefined) return problem('must be JSON', 'invalid_json');
      setPath(draft.body, target.path, parsed);
      return;
    }
    default: {
      const parsed = scalar(target.kind, text, target.values);
      if ('problem' in parsed) return problem(parsed.problem, 'invalid_value');
      setPath(draft.body, target.path, parsed.value);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One row → one item for the engine; problems found here travel with it and refuse it. */
export function rowToItem(
  type: string,
  mapping: ResolvedMapping,
  row: TableRow,
  file?: string,
): ImportItem {
  const draft: Draft = { body: {}, refs: {}, columns: {}, clear: [], problems: [] };
  for (const column of mapping.columns) {
    applyColumn(draft, column, row.cells[column.column] ?? '', row.row, file);
  }
  for (const [field, value] of Object.entries(mapping.defaults)) {
    const given = draft.body[field] !== undefined || draft.refs[field] !== undefined;
    if (!given) {
      setPath(draft.body, field, value);
      draft.clear = draft.clear.filter((f) => f !== field);
    }
  }
  const externalId = String(draft.body.externalId ?? '').trim();
  delete draft.body.externalId;
  draft.clear = draft.clear.filter((f) => f !== 'externalId');
  if (!externalId) {
    draft.problems.push({
      row: row.row,
      file,
      column: mapping.externalIdColumn ?? 'external_id',
      reason: mapping.externalIdColumn
        ? 'is empty: every row needs an external id, which a later import uses to find the record again'
        : 'no column holds the external id: add an external_id column, or map one in MAP.json',
      code: 'external_id_required',
    });
  }
  return {
    type,
    origin: { row: row.row, file },
    externalId,
    body: draft.body,
    ...(Object.keys(draft.refs).length > 0 ? { refs: draft.refs } : {}),
    columns: draft.columns,
    ...(draft.clear.length > 0 ? { clear: draft.clear } : {}),
    ...(draft.problems.length > 0 ? { problems: draft.problems } : {}),
  };
}

/** Rows → items, one at a time: nothing is held beyond the row at hand. */
export async function* rowsToItems(
  type: string,
  mapping: ResolvedMapping,
  rows: AsyncIterable<TableRow>,
  file?: string,
): AsyncGenerator<ImportItem> {
  for await (const row of rows) yield rowToItem(type, mapping, row, file);
}
