import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { Conflict, type FieldIssue, Invalid, NotFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseOrInvalid } from '../../lib/zod-issues.js';
import type { AuditLog } from '../audit/service.js';
import { assertAdministrator } from '../auth/policy.js';
import type { StoredRecord } from '../records/definition.js';
import { insertRevisions, listRevisions, type RevisionAction } from '../records/revisions.js';
import type { HistoryEntry, ServiceContext, WriteOptions } from '../records/service.js';
import { countTermsByScheme, findTerms, insertTerm, listTerms, replaceTerm } from './repo.js';
import {
  type Scheme,
  type Term,
  termCreateSchema,
  termPatchSchema,
  termQuerySchema,
} from './schema.js';
import { SCHEMES, type SchemeInfo, schemeInfo } from './schemes.js';

/** Revisions of terms are filed under this type, beside those of records. */
export const TERM_REVISION_TYPE = 'vocabulary_term';

/**
 * Controlled vocabularies: everyone reads them, administrators extend and relabel them. A term
 * is never deleted, only deprecated, because records keep the codes they were written with.
 * Every change writes a revision and an audit entry in the same transaction, as records do.
 */
export class VocabularyService {
  constructor(private readonly deps: { db: Db; audit?: AuditLog }) {}

  private db(ctx: ServiceContext): Db {
    return ctx.db ?? this.deps.db;
  }

  async listSchemes(ctx: ServiceContext): Promise<Scheme[]> {
    const counts = await countTermsByScheme(this.db(ctx));
    return SCHEMES.map((info) => schemeView(info, counts.get(info.scheme)));
  }

  async listTerms(
    ctx: ServiceContext,
    scheme: string,
    query: unknown = {},
  ): Promise<{ scheme: Scheme; items: Term[] }> {
    const info = this.requireScheme(scheme);
    const { q, parentCode, includeDeprecated } = parseOrInvalid(termQuerySchema, query);
    const db = this.db(ctx);
    const items = await listTerms(db, scheme, {
      q,
      parentCode,
      includeDeprecated: includeDeprecated === 'true',
    });
    const counts = await countTermsByScheme(db);
    return { scheme: schemeView(info, counts.get(scheme)), items };
  }

  async getTerm(ctx: ServiceContext, scheme: string, code: string): Promise<Term> {
    this.requireScheme(scheme);
    const [term] = await findTerms(this.db(ctx), scheme, [code]);
    if (!term) throw new NotFound('vocabulary term');
    return term;
  }

  /** The codes among `codes` that are terms of `scheme` (deprecated ones included). */
  async knownCodes(
    ctx: ServiceContext,
    scheme: string,
    codes: readonly string[],
  ): Promise<Set<string>> {
    return new Set((await findTerms(this.db(ctx), scheme, codes)).map((t) => t.code));
  }

  async addTerm(
    ctx: ServiceContext,
    scheme: string,
    input: unknown,
    options: WriteOptions = {},
  ): Promise<Term> {
    assertAdministrator(ctx.actor, 'change vocabularies');
    const info = this.requireScheme(scheme);
    const fields = parseOrInvalid(termCreateSchema, input);
    return inTransaction(this.db(ctx), async (db) => {
      const [parent] = fields.parentCode ? await findTerms(db, scheme, [fields.parentCode]) : [];
      const issues = [
        ...(await this.codeTaken(db, scheme, fields.code)),
        ...(fields.parentCode && !parent ? [unknownTerm('parentCode', scheme)] : []),
        ...(await this.unknownHuridocsCode(db, info, fields.huridocsCode)),
      ];
      if (issues.length > 0) throw new Invalid(issues);
      const now = new Date().toISOString();
      const term: Term = {
        id: newId(),
        scheme,
        code: fields.code,
        parentCode: parent?.code ?? null,
        level: parent ? parent.level + 1 : 0,
        labelEn: fields.labelEn,
        labelEs: fields.labelEs,
        labelFr: fields.labelFr ?? null,
        origin: 'local',
        huridocsCode: fields.huridocsCode ?? null,
        deprecated: false,
        version: 1,
        createdAt: now,
        createdBy: ctx.actor.id,
        updatedAt: now,
        updatedBy: ctx.actor.id,
      };
      // The check above leaves a window to a concurrent insert; the unique key closes it.
      if (!(await insertTerm(db, term))) {
        throw new Invalid(await this.codeTaken(db, scheme, term.code));
      }
      await this.record({ ...ctx, db }, 'create', null, term, options.reason);
      return term;
    });
  }

  async updateTerm(
    ctx: ServiceContext,
    scheme: string,
    code: string,
    patch: unknown,
    options: WriteOptions = {},
  ): Promise<Term> {
    assertAdministrator(ctx.actor, 'change vocabularies');
    const changes = parseOrInvalid(termPatchSchema, patch);
    return inTransaction(this.db(ctx), async (db) => {
      const current = await this.getTerm({ ...ctx, db }, scheme, code);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
        throw new Conflict('the term was changed since you read it', {
          currentVersion: current.version,
          yourVersion: options.expectedVersion,
        });
      }
      const next: Term = {
        ...current,
        labelEn: changes.labelEn ?? current.labelEn,
        labelEs: changes.labelEs ?? current.labelEs,
        labelFr: changes.labelFr === undefined ? current.labelFr : changes.labelFr,
        deprecated: changes.deprecated ?? current.deprecated,
      };
      if (sameLabelsAndState(current, next)) return current;
      const after: Term = {
        ...next,
        version: current.version + 1,
        updatedAt: new Date().toISOString(),
        updatedBy: ctx.actor.id,
      };
      if (!(await replaceTerm(db, after, current.version))) {
        throw new Conflict('the term was changed by another writer at the same time', {
          currentVersion: current.version + 1,
        });
      }
      await this.record({ ...ctx, db }, 'update', current, after, options.reason);
      return after;
    });
  }

  /** Every change to a term since it was seeded or added: before, after, who, when and why. */
  async history(ctx: ServiceContext, scheme: string, code: string): Promise<HistoryEntry[]> {
    const term = await this.getTerm(ctx, scheme, code);
    const revisions = await listRevisions(this.db(ctx), term.id);
    return revisions.map((r) => ({ ...r, redacted: false }));
  }

  private requireScheme(scheme: string): SchemeInfo {
    const info = schemeInfo(scheme);
    if (!info) throw new NotFound('vocabulary');
    return info;
  }

  private async codeTaken(db: Db, scheme: string, code: string): Promise<FieldIssue[]> {
    const [existing] = await findTerms(db, scheme, [code]);
    return existing
      ? [{ field: 'code', reason: `is already a term of ${scheme}`, code: 'duplicate_code' }]
      : [];
  }

  private async unknownHuridocsCode(
    db: Db,
    info: SchemeInfo,
    huridocsCode: string | null | undefined,
  ): Promise<FieldIssue[]> {
    if (!huridocsCode) return [];
    const [match] = await findTerms(db, info.huridocsScheme, [huridocsCode]);
    return match?.origin === 'huridocs' ? [] : [unknownTerm('huridocsCode', info.huridocsScheme)];
  }

  private async record(
    ctx: ServiceContext & { db: Db },
    action: RevisionAction,
    before: Term | null,
    after: Term,
    reason: string | undefined,
  ) {
    await this.deps.audit?.append(
      {
        actor: ctx.actor.id,
        action: `vocabulary.${action}`,
        targetType: TERM_REVISION_TYPE,
        targetId: after.id,
        ip: ctx.ip,
        requestId: ctx.requestId,
        details: { scheme: after.scheme, code: after.code, version: after.version },
      },
      ctx.db,
    );
    await insertRevisions(ctx.db, [
      {
        id: newId(),
        recordType: TERM_REVISION_TYPE,
        recordId: after.id,
        version: after.version,
        action,
        actor: ctx.actor.id,
        at: after.updatedAt,
        reason: reason ?? null,
        requestId: ctx.requestId ?? null,
        before: before && snapshot(before),
        after: snapshot(after),
      },
    ]);
  }
}

function schemeView(info: SchemeInfo, counts?: { termCount: number; deprecatedCount: number }) {
  const { huridocsScheme: _mapping, ...shown } = info;
  return {
    ...shown,
    termCount: counts?.termCount ?? 0,
    deprecatedCount: counts?.deprecatedCount ?? 0,
  };
}

const unknownTerm = (field: string, scheme: string): FieldIssue => ({
  field,
  reason: `is not a code of ${scheme}`,
  code: 'unknown_term',
});

function sameLabelsAndState(a: Term, b: Term): boolean {
  return (
    a.labelEn === b.labelEn &&
    a.labelEs === b.labelEs &&
    a.labelFr === b.labelFr &&
    a.deprecated === b.deprecated
  );
}

/** Terms are reference data everyone may read, and are never deleted: say so in the snapshot. */
const snapshot = (term: Term): StoredRecord =>
  ({ ...term, sensitivity: 'public', deletedAt: null }) as StoredRecord;
