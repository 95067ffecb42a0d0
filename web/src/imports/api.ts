import { ApiError, api, type Schemas, unwrap } from '../api/client';
import { looseApi } from '../api/pending';

/** The imports API (src/modules/imports) as the import page and the home page use it. */
export type ImportRun = Schemas['ImportRun'];
export type ImportPreview = Schemas['ImportPreview'];
export type ImportReport = Schemas['ImportReport'];
export type ImportResult = Schemas['ImportResult'];
/** What a progress line says: the counts so far. */
export type ImportProgress = Pick<ImportReport, 'rows' | 'created' | 'updated' | 'refused'>;
/** The mapping step's choice per column: a field path, or null to leave the column out. */
export type ColumnChoice = Record<string, string | null>;

export async function listImports(limit = 5) {
  return unwrap(await api.GET('/api/v1/imports', { params: { query: { limit } } }));
}

/** The multipart form both endpoints take; the file goes last, after the fields it depends on. */
function form(file: File, type: string, extra: Record<string, string>) {
  const body = new FormData();
  body.set('type', type);
  for (const [key, value] of Object.entries(extra)) body.set(key, value);
  body.set('file', file, file.name);
  return body;
}

/** A MAP.json document (docs/import.md) from the mapping step's choices. */
const mapDocument = (columns: ColumnChoice) => JSON.stringify({ columns });

export async function previewImport(file: File, type: string): Promise<ImportPreview> {
  // multipart bodies are outside what the generated types describe
  return unwrap(
    await looseApi.POST('/api/v1/imports/preview', { body: form(file, type, {}) }),
  ) as ImportPreview;
}

/**
 * Runs (or dry-runs) an import, asking for NDJSON so a long file reports progress: one line
 * per batch of rows (`{ progress }`), then `{ result }` or `{ error }` (a problem+json body).
 */
export async function runImport(
  file: File,
  type: string,
  columns: ColumnChoice,
  dryRun: boolean,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const { response, data, error } = await looseApi.POST('/api/v1/imports', {
    body: form(file, type, { mapping: mapDocument(columns), dryRun: String(dryRun) }),
    parseAs: 'stream',
    headers: { accept: 'application/x-ndjson' },
  });
  const stream = data as ReadableStream<Uint8Array> | undefined;
  if (!response.ok || !stream) {
    throw new ApiError(response.status, error as Schemas['Problem'] | undefined);
  }
  if (!(response.headers.get('content-type') ?? '').includes('ndjson')) {
    return (await new Response(stream).json()) as ImportResult;
  }
  for await (const line of lines(stream)) {
    const message = JSON.parse(line) as {
      progress?: ImportProgress;
      result?: ImportResult;
      error?: Schemas['Problem'];
    };
    if (message.progress) onProgress(message.progress);
    if (message.result) return message.result;
    if (message.error) throw new ApiError(message.error.status, message.error);
  }
  throw new Error('the import ended without a result');
}

async function* lines(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield line;
      newline = buffer.indexOf('\n');
    }
    if (done) break;
  }
  if (buffer.trim()) yield buffer.trim();
}
