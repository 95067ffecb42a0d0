import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/transaction.js';
import type { WriteGeneration } from '../../db/write-generation.js';
import { SENSITIVITY_LEVELS, SYSTEM_ACTOR } from '../auth/policy.js';
import { todayPartial } from '../dossier/due-process.js';
import type { StoredRecord } from '../records/definition.js';
import { createdIn, type RecordRegistry } from '../records/registry.js';
import type { ServiceContext } from '../records/service.js';
import { affectedPeople, PERSON_FACT_SOURCES } from './affected.js';
import { factsAt, type PersonFacts, type PersonRecordSet } from './compute.js';
import { loadRecordSets } from './load.js';
import { clearFacts, insertFacts, replaceFacts, waitForOtherFactWriters } from './repo.js';

const ACTOR = { ...SYSTEM_ACTOR, id: 'system:person-facts' };

/** People recomputed per batch by a rebuild: bounded memory, and few enough ids per query. */
const REBUILD_BATCH = 500;

/**
 * Keeps the person-facts tables equal to what the dossier would derive: every write of a record
 * a person's facts rest on recomputes the people it touches, inside the write's transaction, so
 * a view never drifts from the records (if the recomputation fails, the write fails).
 */
export class PersonFactsProjection {
  constructor(
    private readonly deps: {
      db: Db;
      registry: RecordRegistry;
      /** moved on by a rebuild, which cached pages filtered by facts must not outlive */
      generation?: WriteGeneration;
    },
  ) {}

  /** Registers the observers; called once when the services are wired. */
  watch(): void {
    for (const type of PERSON_FACT_SOURCES) {
      this.deps.registry.beforeWrites(type, (ctx) => waitForOtherFactWriters(ctx.db));
      // A bulk write's records arrive together: the people they touch are recomputed once.
      this.deps.registry.onWrites(type, async (ctx, changes) => {
        const system = { actor: ACTOR, db: ctx.db, requestId: ctx.requestId };
        const records = changes
          .flatMap((change) => [change.before, change.after])
          .filter((r): r is StoredRecord => !!r);
        const people = await affectedPeople(this.deps.registry, system, type, records);
        const created = type === 'person' ? createdIn(changes) : [];
        await this.recompute(system, people, created);
      });
    }
  }

  /**
   * Recomputes the facts of `personIds` (a deleted person loses theirs); `created` are people
   * among them written for the first time in this transaction.
   */
  async recompute(
    ctx: ServiceContext & { db: Db },
    personIds: readonly string[],
    created: readonly StoredRecord[] = [],
  ): Promise<void> {
    if (personIds.length === 0) return;
    const facts = await this.compute(ctx, personIds, created);
    const unstored = new Set(created.map(({ id }) => id));
    await replaceFacts(ctx.db, personIds, facts, new Date().toISOString(), unstored);
  }

  /** Empties and refills both tables in one transaction; answers how many people have facts. */
  async rebuild(): Promise<number> {
    return inTransaction(this.deps.db, async (db) => {
      const ctx = { actor: ACTOR, db };
      await this.deps.generation?.bumpAfterCommit(db);
      await clearFacts(db);
      const people = this.deps.registry.get('person');
      if (!people) return 0;
      const computedAt = new Date().toISOString();
      let batch: string[] = [];
      let count = 0;
      const flush = async () => {
        await insertFacts(db, await this.compute(ctx, batch), computedAt);
        count += batch.length;
        batch = [];
      };
      for await (const person of people.scan(ctx)) {
        batch.push(person.id);
        if (batch.length >= REBUILD_BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      return count;
    });
  }

  /**
   * The facts of `personIds` at every level, derived afresh from their records. People among
   * them in `created` were written in this transaction: nothing can refer to them yet (every
   * reference to a person is checked, and their ids are new), so only their own record counts.
   */
  async compute(
    ctx: ServiceContext,
    personIds: readonly string[],
    created: readonly StoredRecord[] = [],
  ): Promise<PersonFacts[]> {
    const isNew = new Set(created.map(({ id }) => id));
    const sets = [
      ...created.map(loneRecordSet),
      ...(await loadRecordSets(
        this.deps.registry,
        { ...ctx, actor: ACTOR },
        personIds.filter((id) => !isNew.has(id)),
      )),
    ];
    const today = todayPartial();
    return sets.flatMap((set) =>
      SENSITIVITY_LEVELS.map((level) => factsAt(set, level, today)).filter(
        (f): f is PersonFacts => f !== null,
      ),
    );
  }
}

/** A person with nothing yet that refers to them. */
const loneRecordSet = (person: StoredRecord): PersonRecordSet => ({
  person,
  events: [],
  allegations: [],
  proceedings: [],
  proceedingEvents: [],
  incidents: [],
});
