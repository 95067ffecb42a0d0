import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { type FieldIssue, Invalid } from '../../lib/errors.js';
import { parseOrInvalid } from '../../lib/zod-issues.js';
import { EXAMPLES_DIR } from '../../paths.js';
import { SYSTEM_ACTOR } from '../auth/policy.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import type { Services } from '../services.js';

/**
 * Loads the example data set through the services, so every record is validated, policed and
 * revisioned exactly as if a person had typed it in. Records refer to each other by local key
 * (`"personId": "@jerce"`) because their ids only exist once created.
 */

const EXAMPLE_DATA_FILE = new URL('cecot-2025.json', EXAMPLES_DIR);

/** The `settings` key recording which data set was loaded, so a restart never loads it twice. */
export const EXAMPLE_DATA_SETTING = 'example_data';

/**
 * Sections in creation order: a record may refer only to records in earlier positions. Each is
 * named by its record type's URL path, so a section holds what `POST /api/v1/{section}` takes.
 */
const SECTIONS = [
  'sources',
  'organizations',
  'places',
  'people',
  'custody-events',
  'allegations',
  'proceedings',
  'proceeding-events',
  'incidents',
  'testimonies',
  'statements',
  'claims',
] as const;
type Section = (typeof SECTIONS)[number];

const keyedRecord = z.looseObject({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, e.g. jerce'),
});
const section = z.array(keyedRecord).optional();

export const dataSetSchema = z
  .object({
    name: z.string().trim().min(1),
    version: z.number().int().positive(),
    description: z.string().optional(),
    sources: section,
    organizations: section,
    places: section,
    people: section,
    'custody-events': section,
    allegations: section,
    proceedings: section,
    'proceeding-events': section,
    incidents: section,
    testimonies: section,
    statements: section,
    claims: section,
  })
  .strict();

export type DataSet = z.output<typeof dataSetSchema>;

export interface LoadResult {
  /** false when a data set had already been loaded and nothing was written */
  loaded: boolean;
  /** records created, by section, plus the inline citations they carried */
  counts: Record<string, number>;
}

interface PlannedRecord {
  section: Section;
  key: string;
  body: Record<string, unknown>;
}

export async function loadExampleData(
  services: Services,
  ctx: ServiceContext,
): Promise<LoadResult> {
  return loadDataSet(services, ctx, await readExampleData());
}

export async function readExampleData(): Promise<unknown> {
  return JSON.parse(await readFile(EXAMPLE_DATA_FILE, 'utf8'));
}

/** Loads any data set of the example format in one transaction: all of it, or none of it. */
export async function loadDataSet(
  services: Services,
  ctx: ServiceContext,
  input: unknown,
): Promise<LoadResult> {
  const data = parseOrInvalid(dataSetSchema, input);
  const plan = planLoad(data);
  const creators = creatorsBySection(services);
  const reason = `example data set ${data.name} v${data.version}`;

  return inTransaction(ctx.db ?? services.database.db, async (trx) => {
    if (!(await claimMarker(trx, `${data.name}@${data.version}`))) {
      return { loaded: false, counts: {} };
    }
    const txCtx = { ...ctx, db: trx };
    const ids = new Map<string, string>();
    const counts: Record<string, number> = Object.fromEntries(
      [...SECTIONS, 'citations'].map((name) => [name, 0]),
    );
    for (const { section, key, body } of plan) {
      const resolved = mapReferences(body, (ref) => ids.get(ref) as string);
      const created = await scopeIssues(`${section}.${key}`, () =>
        creators[section].create(txCtx, resolved, { reason }),
      );
      ids.set(key, created.id);
      counts[section]! += 1;
      counts.citations! += Array.isArray(body.citations) ? body.citations.length : 0;
    }
    return { loaded: true, counts };
  });
}

/** True when nothing has been entered yet, which is when `npm start` offers the example data. */
export async function isDatabaseEmpty(services: Services): Promise<boolean> {
  const ctx = { actor: SYSTEM_ACTOR };
  for (const service of [services.people, services.organizations, services.places]) {
    if ((await service.list(ctx, { limit: 1 })).items.length > 0) return false;
  }
  return (await services.sources.list(ctx, { limit: 1 })).items.length === 0;
}

/**
 * Orders the records for creation and checks every key and reference before anything is
 * written, reporting all problems at once rather than the first one mid-load.
 */
function planLoad(data: DataSet): PlannedRecord[] {
  const plan = SECTIONS.flatMap((section) =>
    (data[section] ?? []).map(({ key, ...body }) => ({ section, key, body })),
  );
  const allKeys = new Set<string>();
  const defined = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const { section, key } of plan) {
    if (allKeys.has(key)) {
      issues.push({ field: `${section}.${key}`, reason: 'repeats a key', code: 'duplicate_key' });
    }
    allKeys.add(key);
  }
  for (const { section, key, body } of plan) {
    mapReferences(body, (ref, path) => {
      if (!defined.has(ref)) issues.push(referenceIssue(`${section}.${key}.${path}`, ref, allKeys));
      return ref;
    });
    defined.add(key);
  }
  if (issues.length > 0) throw new Invalid(issues);
  return plan;
}

function referenceIssue(field: string, ref: string, allKeys: Set<string>): FieldIssue {
  return allKeys.has(ref)
    ? {
        field,
        reason: `refers to @${ref}, which is defined later; move it before the records using it`,
        code: 'key_defined_later',
      }
    : { field, reason: `refers to @${ref}, which no record defines`, code: 'unknown_key' };
}

/** Replaces every `"@key"` string, at any depth (inline citations included), with `resolve(key)`. */
function mapReferences<T>(value: T, resolve: (key: string, path: string) => string, path = ''): T {
  const at = (segment: string | number) => (path ? `${path}.${segment}` : String(segment));
  if (typeof value === 'string' && value.startsWith('@')) {
    return resolve(value.slice(1), path) as T;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => mapReferences(item, resolve, at(index))) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, mapReferences(item, resolve, at(name))]),
    ) as T;
  }
  return value;
}

/** Names the data-set record in a validation error, so the author knows which entry to fix. */
async function scopeIssues<T>(scope: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    throw new Invalid(
      error.issues.map((issue) => ({ ...issue, field: `${scope}.${issue.field}` })),
    );
  }
}

function creatorsBySection(services: Services): Record<Section, Pick<RecordService, 'create'>> {
  const creators: Record<Section, Pick<RecordService, 'create' | 'def'>> = {
    sources: services.sources,
    organizations: services.organizations,
    places: services.places,
    people: services.people,
    'custody-events': services.custody,
    allegations: services.allegations,
    proceedings: services.proceedings,
    'proceeding-events': services.proceedingEvents,
    incidents: services.incidents,
    testimonies: services.testimonies,
    statements: services.statements,
    claims: services.claims,
  };
  // A section is named by its type's URL path, so the file reads like the API; keep them in step.
  for (const section of SECTIONS) {
    if (creators[section].def.path !== section) {
      throw new Error(`section ${section} is loaded by ${creators[section].def.path}`);
    }
  }
  return creators;
}

/**
 * Records the data set as loaded, unless one already is. Claiming the key before writing makes
 * two servers starting at once load it only once: the second waits on the first's row, then
 * finds it taken. (There is no settings service yet, so this small piece of SQL lives here.)
 */
async function claimMarker(db: Db, value: string): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key: EXAMPLE_DATA_SETTING, value })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
