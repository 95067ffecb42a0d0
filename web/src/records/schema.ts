import { RECORD_TYPES, type Slug } from './catalog';

/**
 * Field descriptions read from the server's OpenAPI document (fetched once, on the first record
 * page, so the first page of the app stays small). The document is generated from the same zod
 * schemas that validate writes, so a form built from it offers exactly what the server accepts.
 */
type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: (string | number | boolean)[];
  description?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  $ref?: string;
};

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema: JsonSchema;
}

interface Document {
  components: { schemas: Record<string, JsonSchema> };
  paths: Record<string, { get?: { parameters?: Parameter[] } }>;
}

interface Common {
  /** dotted path in the body, arrays looked through: `parties.role` */
  path: string;
  name: string;
  required: boolean;
  description?: string;
}

export type FieldSpec = Common &
  (
    | { kind: 'text' | 'longtext' | 'url' | 'partialDate' | 'dateTime' | 'country' | 'id' }
    | { kind: 'number' | 'integer'; minimum?: number; maximum?: number }
    | { kind: 'boolean' }
    | { kind: 'enum'; options: string[] }
    | { kind: 'reference'; target: Slug }
    | { kind: 'list'; item: FieldSpec }
    | { kind: 'object'; fields: FieldSpec[] }
  );

export interface ListParameter {
  name: string;
  field: FieldSpec;
}

export interface TypeSchema {
  fields: FieldSpec[];
  filters: ListParameter[];
  sorts: string[];
}

/** Fields the form handles apart (citations) or that only the server sets. */
const NOT_EDITED = new Set(['citations']);
/** Fields that belong to every list and need no filter control of their own. */
const PAGING = new Set(['limit', 'cursor', 'sort', 'q']);

let document: Promise<Document> | null = null;

const CACHE_KEY = 'habeas.openapi';

/**
 * The document is about half a megabyte: it is fetched once per browser tab and kept for the
 * tab's life (sessionStorage), so a slow connection pays for it once, and a new tab after a
 * server upgrade reads the new one.
 */
function loadDocument(): Promise<Document> {
  const cached = sessionStorage.getItem(CACHE_KEY);
  if (!document && cached) document = Promise.resolve(JSON.parse(cached) as Document);
  document ??= fetch('/api/v1/openapi.json', { credentials: 'same-origin' }).then(
    async (response) => {
      if (!response.ok) {
        document = null;
        throw new Error(`OpenAPI document: HTTP ${response.status}`);
      }
      const text = await response.text();
      try {
        sessionStorage.setItem(CACHE_KEY, text);
      } catch {
        // storage full or disabled: the in-memory copy still serves this page
      }
      return JSON.parse(text) as Document;
    },
  );
  return document;
}

function resolve(doc: Document, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return doc.components.schemas[name] ?? {};
}

/** `anyOf: [X, null]` is how zod writes an optional-and-clearable field: the X is what matters. */
function unwrapNullable(doc: Document, schema: JsonSchema): JsonSchema {
  const resolved = resolve(doc, schema);
  const options = resolved.anyOf?.filter((option) => option.type !== 'null');
  if (options && options.length === 1 && options[0]) return resolve(doc, options[0]);
  return resolved;
}

function describe(
  doc: Document,
  slug: Slug,
  path: string,
  name: string,
  raw: JsonSchema,
  required: boolean,
): FieldSpec {
  const schema = unwrapNullable(doc, raw);
  // the outer description says what the field means; the inner one what shape its value has
  const common: Common = {
    path,
    name,
    required,
    description: raw.description ?? schema.description,
  };
  const target = (RECORD_TYPES[slug].references as Record<string, Slug | undefined>)[path];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.enum) return { ...common, kind: 'enum', options: schema.enum.map(String) };
  if (type === 'array' && schema.items) {
    return { ...common, kind: 'list', item: describe(doc, slug, path, name, schema.items, true) };
  }
  if (type === 'object' && schema.properties) {
    const needed = new Set(schema.required ?? []);
    return {
      ...common,
      kind: 'object',
      fields: Object.entries(schema.properties).map(([key, property]) =>
        describe(doc, slug, `${path}.${key}`, key, property, needed.has(key)),
      ),
    };
  }
  if (type === 'boolean') return { ...common, kind: 'boolean' };
  if (type === 'integer' || type === 'number') {
    return { ...common, kind: type, minimum: schema.minimum, maximum: schema.maximum };
  }
  if (schema.format === 'uuid')
    return target ? { ...common, kind: 'reference', target } : { ...common, kind: 'id' };
  if (schema.format === 'uri') return { ...common, kind: 'url' };
  if (schema.format === 'date-time') return { ...common, kind: 'dateTime' };
  if (schema.description?.startsWith('partial date')) return { ...common, kind: 'partialDate' };
  if (schema.description?.startsWith('ISO 3166')) return { ...common, kind: 'country' };
  return { ...common, kind: (schema.maxLength ?? 0) > 500 ? 'longtext' : 'text' };
}

/** A filter's own target: `victimId` filters by a person, as `victimIds` holds people. */
function filterTarget(slug: Slug, name: string): Slug | undefined {
  const references = RECORD_TYPES[slug].references as Record<string, Slug | undefined>;
  return references[name] ?? references[`${name}s`] ?? FILTER_TARGETS[name];
}

/** Filters whose name is not a field of the type (they search several fields at once). */
const FILTER_TARGETS: Record<string, Slug> = {
  partyId: 'people',
  speakerId: 'people',
  perpetratorId: 'people',
  statementId: 'statements',
};

export async function typeSchema(slug: Slug): Promise<TypeSchema> {
  const doc = await loadDocument();
  const create = doc.components.schemas[`${RECORD_TYPES[slug].schema}Create`];
  if (!create?.properties) throw new Error(`no ${slug} schema in the OpenAPI document`);
  const needed = new Set(create.required ?? []);
  const fields = Object.entries(create.properties)
    .filter(([name]) => !NOT_EDITED.has(name))
    .map(([name, property]) => describe(doc, slug, name, name, property, needed.has(name)));
  const parameters = doc.paths[`/api/v1/${slug}`]?.get?.parameters ?? [];
  const filters = parameters
    .filter((p) => p.in === 'query' && !PAGING.has(p.name))
    .map((p) => {
      const field = describe(doc, slug, p.name, p.name, p.schema, false);
      const target = filterTarget(slug, p.name);
      return {
        name: p.name,
        field:
          target && field.kind === 'id' ? { ...field, kind: 'reference' as const, target } : field,
      };
    });
  const sorts = (parameters.find((p) => p.name === 'sort')?.schema.enum ?? [])
    .map(String)
    .filter((s) => !s.startsWith('-'));
  return { fields, filters, sorts };
}

/** The upload endpoint exists only on servers that store files. */
export async function hasAttachments(): Promise<boolean> {
  const doc = await loadDocument();
  return '/api/v1/sources/{id}/attachments' in doc.paths;
}
