import { holdUntilCommit } from '../../db/advisory-locks.js';
import type { Db, Engine } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { Forbidden, Invalid, NotFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { type Actor, SYSTEM_ACTOR } from '../auth/policy.js';
import type { PersonFields } from '../people/schema.js';
import type { StoredRecord } from '../records/definition.js';
import { createdIn, type RecordRegistry } from '../records/registry.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import { blockingKeys } from './blocking.js';
import * as filing from './filing.js';
import { FilingCache } from './filing-cache.js';
import { neighbours } from './neighbours.js';
import { matchProfile } from './profile.js';
import * as repo from './repo.js';
import { type MatchablePerson, scoreIfQueued, scorePair } from './score.js';

export interface CandidatePerson {
  id: string;
  label: string;
  givenNames?: string | null;
  familyNames?: string | null;
  aliases?: string[];
  sex?: string | null;
  birthDate?: string | null;
  nationalities?: string[];
  identifiers?: { kind: string; value: string; country?: string | null }[];
}

export interface CandidateView {
  id: string;
  score: number;
  status: repo.CandidateStatus;
  reasons: repo.CandidateRow['reasons'];
  a: CandidatePerson;
  b: CandidatePerson;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface CandidateListParams {
  status?: repo.CandidateStatus;
  personId?: string;
  minScore?: number;
  limit?: number;
  cursor?: string;
}

/** Only editors and administrators decide what is and is not one person. */
export function assertCanDecide(actor: Actor) {
  if (actor.role !== 'admin' && actor.role !== 'editor') {
    throw new Forbidden('only editors and administrators may decide on duplicates');
  }
}

/**
 * Keeps every person's blocking keys and duplicate candidates current (inside each person
 * write's transaction), and serves the review queue. Candidates are suggestions: nothing here
 * ever merges two people.
 */
export class MatchingService {
  private readonly filings: FilingCache;

  constructor(
    private readonly deps: {
      db: Db;
      engine: Engine;
      registry: RecordRegistry;
      people: RecordService;
      /** SQLite's `PRAGMA data_version`: whether another connection has committed since */
      dataVersion?: () => number | undefined;
    },
  ) {
    this.filings = FilingCache.of(deps.db);
  }

  /**
   * The filings' versions a write saw, to know whether filings kept from before still hold: as
   * its filing moved them (PostgreSQL), or as SQLite's data_version reads, which only another
   * connection's commit moves.
   */
  private versionsSeen(
    moved: filing.FilingVersions | undefined,
  ): filing.FilingVersions | undefined {
    if (moved) return moved;
    const version = this.deps.dataVersion?.();
    return version === undefined ? undefined : { before: version, after: version };
  }

  /** `refresh` in a transaction of its own, taking its turn among the writes of people. */
  private refreshAlone(db: Db, people: readonly StoredRecord[]): Promise<void> {
    return inTransaction(db, async (trx) => {
      await holdUntilCommit(trx, 'personFacts');
      await this.refresh(trx, people);
    });
  }

  /** Registers the write observers; called once when the services are built. */
  watch(): void {
    // A bulk write's people arrive together: filed in one go, then each compared.
    this.deps.registry.onWrites('person', async (ctx, changes) => {
      const live: StoredRecord[] = [];
      for (const { after } of changes) {
        if (after.deletedAt) {
          const unfiled = await filing.unfile(ctx.db, after.id, this.filings);
          if (unfiled) {
            await this.filings.enter(ctx.db, this.versionsSeen(unfiled.versions));
            this.filings.forget(unfiled.number);
          }
          await repo.forgetPairsOf(ctx.db, after.id);
        } else live.push(after);
      }
      await this.refresh(ctx.db, live, new Set(createdIn(changes).map(({ id }) => id)));
    });
  }

  /**
   * Re-files people under their keys and re-scores each against everyone sharing a key: pairs
   * at the threshold enter (or stay in) the queue with fresh reasons; undecided pairs that fell
   * below it leave. All are filed before any is compared, so people written together are
   * compared with each other too. Runs with the system's view: the queue holds every pair, and
   * each reader sees only the pairs they may see both people of.
   */
  async refresh(
    db: Db,
    people: readonly StoredRecord[],
    /** people written for the first time: filed under no key and in no pair yet */
    created: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const filed = people.map((person) => {
      const fields = person as unknown as MatchablePerson;
      return { id: person.id, keys: blockingKeys(fields), profile: matchProfile(fields) };
    });
    // SQLite files against the blocks this process kept, so it learns first whether they still
    // hold; PostgreSQL learns it from the version its filing moves.
    const sqlite = this.deps.engine === 'sqlite';
    if (sqlite) await this.filings.enter(db, this.versionsSeen(undefined));
    const { numbers, blocks, versions } = await filing.fileUnderKeys(
      db,
      filed.map(({ id, keys, profile }) => ({ personId: id, keys, profile })),
      created,
      sqlite ? this.filings : undefined,
    );
    if (!sqlite) await this.filings.enter(db, this.versionsSeen(versions));
    this.filings.keep(
      filed.map(({ id, profile }) => ({
        number: numbers.get(id) as number,
        personId: id,
        profile,
      })),
    );
    // Pairs already in the queue are re-scored too, even if an edit left them sharing no key:
    // that is how an edit that tells two people apart takes their pair out.
    const pairedWith = await repo.pairedWith(
      db,
      filed.map(({ id }) => id).filter((id) => !created.has(id)),
    );
    const neighboursOf = await neighbours(
      this.deps,
      db,
      filed,
      numbers,
      pairedWith,
      blocks,
      this.filings,
    );
    // What each pair comes to, the last comparison of it winning, as if written one by one.
    const outcome = new Map<string, repo.ScoredPair | { x: string; y: string; remove: true }>();
    for (const { id, profile } of filed) {
      for (const other of neighboursOf.get(id) ?? []) {
        // Most neighbours fall short and were never paired: no key is built for them.
        const queued = scoreIfQueued(profile, other.profile);
        if (queued) {
          outcome.set(repo.pairKey(id, other.id), { id: newId(), x: id, y: other.id, ...queued });
        } else if (pairedWith.get(id)?.has(other.id)) {
          outcome.set(repo.pairKey(id, other.id), { x: id, y: other.id, remove: true });
        }
      }
    }
    const saved: repo.ScoredPair[] = [];
    for (const result of outcome.values()) {
      if ('remove' in result) await repo.removeOpenPair(db, result.x, result.y);
      else saved.push(result);
    }
    await repo.saveScores(db, saved, new Date().toISOString());
  }

  /**
   * Files every live person and re-scores them all (one transaction per person): for a
   * database whose people were written before matching existed. Returns how many were filed.
   */
  async rebuild(): Promise<{ people: number; open: number }> {
    const system = { actor: SYSTEM_ACTOR };
    let people = 0;
    for await (const person of this.deps.people.scan(system)) {
      const [stored] = await this.deps.people.findVisible(system, [person.id]);
      if (!stored) continue;
      await this.refreshAlone(this.deps.db, [stored]);
      people++;
    }
    const open = await repo.countByStatus(this.deps.db, 'open');
    return { people, open };
  }

  async list(
    ctx: ServiceContext,
    params: CandidateListParams,
  ): Promise<{ items: CandidateView[]; nextCursor: string | null }> {
    const limit = params.limit ?? 25;
    let after = params.cursor ? decodeCursor(params.cursor) : undefined;
    if (params.cursor && !after) {
      throw new Invalid([
        { field: 'cursor', reason: 'is not a cursor this API issued', code: 'invalid_cursor' },
      ]);
    }
    const items: CandidateView[] = [];
    // Pairs with a person above the caller's clearance are skipped, so read in batches until
    // the page is full: the page never says a hidden pair exists.
    for (;;) {
      const batch = await repo.listCandidates(ctx.db ?? this.deps.db, {
        status: params.status,
        personId: params.personId,
        minScore: params.minScore,
        after,
        limit: limit + 1,
      });
      items.push(...(await this.present(ctx, batch)));
      const last = batch.at(-1);
      if (items.length > limit || batch.length <= limit || !last) break;
      after = [last.score, last.id];
    }
    const page = items.slice(0, limit);
    const lastShown = page.at(-1);
    return {
      items: page,
      nextCursor:
        items.length > limit && lastShown ? encodeCursor([lastShown.score, lastShown.id]) : null,
    };
  }

  /**
   * Candidates for one person. A person written before matching existed (or imported around
   * it) is filed and scored now, so the answer never depends on when they were entered.
   */
  async duplicatesOf(
    ctx: ServiceContext,
    personId: string,
    params: Omit<CandidateListParams, 'personId'>,
  ) {
    const person = await this.deps.people.getStored(ctx, personId);
    const db = ctx.db ?? this.deps.db;
    if (!(await filing.isFiled(db, personId))) {
      await this.refreshAlone(db, [person]);
    }
    return this.list(ctx, { ...params, personId });
  }

  /**
   * The open candidates of each of `personIds` the caller may see, best first, at most
   * `perPerson` each: the queue's answer for many people at once (an import's report).
   */
  async openCandidatesOf(
    ctx: ServiceContext,
    personIds: readonly string[],
    perPerson: number,
  ): Promise<Map<string, CandidateView[]>> {
    const pairs = await repo.openPairsOf(ctx.db ?? this.deps.db, personIds);
    const wanted = new Set(personIds);
    const byPerson = new Map<string, CandidateView[]>();
    for (const view of await this.present(ctx, pairs)) {
      for (const person of [view.a.id, view.b.id]) {
        if (!wanted.has(person)) continue;
        const list = byPerson.get(person) ?? [];
        if (list.length < perPerson) list.push(view);
        byPerson.set(person, list);
      }
    }
    return byPerson;
  }

  async get(ctx: ServiceContext, id: string): Promise<CandidateView> {
    const row = await repo.findCandidate(ctx.db ?? this.deps.db, id);
    const [view] = row ? await this.present(ctx, [row]) : [];
    if (!view) throw new NotFound('Candidate');
    return view;
  }

  async dismiss(ctx: ServiceContext, id: string, reason: string): Promise<CandidateView> {
    return this.decide(ctx, id, 'dismissed', reason);
  }

  async reopen(ctx: ServiceContext, id: string): Promise<CandidateView> {
    return this.decide(ctx, id, 'open', null);
  }

  private async decide(
    ctx: ServiceContext,
    id: string,
    status: 'open' | 'dismissed',
    reason: string | null,
  ): Promise<CandidateView> {
    const current = await this.get(ctx, id);
    assertCanDecide(ctx.actor);
    if (current.status === 'merged') {
      throw new Invalid([
        {
          field: 'id',
          reason: 'the pair was merged: undo the merge instead',
          code: 'candidate_merged',
        },
      ]);
    }
    const open = status === 'open';
    await repo.setStatus(ctx.db ?? this.deps.db, id, {
      status,
      by: open ? null : ctx.actor.id,
      at: open ? null : new Date().toISOString(),
      reason,
    });
    return this.get(ctx, id);
  }

  /** Marks the pair merged (adding it to the queue's record if it was never a candidate). */
  async markMerged(
    db: Db,
    actor: Actor,
    keep: StoredRecord,
    merged: StoredRecord,
    reason: string | null,
  ) {
    const now = new Date().toISOString();
    if (!(await repo.findPair(db, keep.id, merged.id))) {
      const { score, reasons } = scorePair(
        keep as unknown as MatchablePerson,
        merged as unknown as MatchablePerson,
      );
      await repo.saveScore(db, { id: newId(), x: keep.id, y: merged.id, score, reasons }, now);
    }
    const pair = await repo.findPair(db, keep.id, merged.id);
    if (pair)
      await repo.setStatus(db, pair.id, { status: 'merged', by: actor.id, at: now, reason });
  }

  /** After an undo the pair is a candidate again, awaiting a new decision. */
  async reopenPair(db: Db, x: string, y: string) {
    const pair = await repo.findPair(db, x, y);
    if (pair)
      await repo.setStatus(db, pair.id, { status: 'open', by: null, at: null, reason: null });
  }

  private async present(ctx: ServiceContext, rows: repo.CandidateRow[]): Promise<CandidateView[]> {
    const ids = rows.flatMap((r) => [r.personA, r.personB]);
    const people = new Map((await this.visiblePeople(ctx, ids)).map((p) => [p.id, p] as const));
    const views: CandidateView[] = [];
    for (const row of rows) {
      const a = people.get(row.personA);
      const b = people.get(row.personB);
      if (!a || !b) continue;
      views.push({
        id: row.id,
        score: row.score,
        status: row.status,
        reasons: row.reasons,
        a,
        b,
        decidedBy: row.decidedBy,
        decidedAt: row.decidedAt,
        decisionReason: row.decisionReason,
      });
    }
    return views;
  }

  /** The people among `ids` the caller may see, live or merged away, as the queue shows them. */
  private async visiblePeople(ctx: ServiceContext, ids: string[]): Promise<CandidatePerson[]> {
    const unique = [...new Set(ids)];
    const live = await this.deps.people.findVisible(ctx, unique);
    const found = new Set(live.map((p) => p.id));
    const views = live.map((record) =>
      this.personView(this.deps.people.present(ctx.actor, record)),
    );
    for (const id of unique.filter((id) => !found.has(id))) {
      const last = await this.lastSnapshot(ctx, id);
      if (last) views.push(this.personView(last));
    }
    return views;
  }

  /** A merged-away (tombstoned) person as last recorded, redacted to the caller's view. */
  private async lastSnapshot(ctx: ServiceContext, id: string) {
    try {
      const history = await this.deps.people.history(ctx, id);
      const after = history.at(-1)?.after;
      return after ? (after as Record<string, unknown> & { id: string }) : undefined;
    } catch (error) {
      if (error instanceof NotFound) return undefined;
      throw error;
    }
  }

  private personView(shown: Record<string, unknown> & { id: string }): CandidatePerson {
    const p = shown as unknown as PersonFields & { id: string };
    return {
      id: p.id,
      label: this.deps.people.def.label(p),
      givenNames: p.givenNames ?? null,
      familyNames: p.familyNames ?? null,
      aliases: p.aliases ?? [],
      sex: p.sex ?? null,
      birthDate: p.birthDate ?? null,
      nationalities: p.nationalities ?? [],
      identifiers: p.identifiers ?? [],
    };
  }
}
