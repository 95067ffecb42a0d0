import { GenerationCache } from '../../db/generation-cache.js';
import { type PartialDateBounds, parsePartialDate } from '../../lib/partial-date.js';
import { isAuditedRead } from '../auth/policy.js';
import { isContested } from '../claims/contested.js';
import type { ApiRecord, RecordService, ServiceContext } from '../records/service.js';
import type { Services } from '../services.js';
import { collect, collectEach } from './collect.js';
import {
  type ChainEvent,
  currentStatus,
  custodyChain,
  type DisputedParty,
} from './custody-chain.js';
import { dueProcess, todayPartial } from './due-process.js';

type Position = { statementId: string; stance: 'asserts' | 'denies' | 'questions' };

/**
 * Dossiers are kept as JSON, per person and kind of caller, until a record write commits: at
 * most this many bytes of them (a typical dossier is 10–20 kB).
 */
const DOSSIER_CACHE_BYTES = 16_000_000;

export type Dossier = Awaited<ReturnType<DossierService['build']>>;

/**
 * The five answers about one person, in one response: where they are and who holds them, on
 * what grounds, what process they have had, what happened to them, and who says what — each
 * record with its citations, computed from the records at the caller's clearance.
 */
export class DossierService {
  private readonly cache: GenerationCache<{ json: Buffer; auditedIds: string[] }>;

  constructor(private readonly services: Services) {
    this.cache = new GenerationCache(services.writeGeneration, {
      maxSize: DOSSIER_CACHE_BYTES,
      sizeOf: (entry) => entry.json.length,
    });
  }

  /** The dossier as the caller may see it; the read is audited. */
  async forPerson(ctx: ServiceContext, personId: string): Promise<Dossier> {
    const dossier = await this.build(ctx, personId);
    await this.audit(ctx, personId, auditedIds(dossier));
    return dossier;
  }

  /**
   * The dossier as JSON (`serialize` is the route's), computed once for each person and kind of
   * caller — their clearance and role decide what it shows — per day (what is upcoming depends
   * on it), and then served as it was until a record write commits. Every read is audited,
   * from the cache or not.
   */
  async jsonForPerson(
    ctx: ServiceContext,
    personId: string,
    serialize: (dossier: Dossier) => Buffer,
  ): Promise<Buffer> {
    const key = [personId, ctx.actor.clearance, ctx.actor.role, todayPartial()].join(' ');
    const { value } = await this.cache.get(
      key,
      async () => {
        const dossier = await this.build(ctx, personId);
        return { json: serialize(dossier), auditedIds: auditedIds(dossier) };
      },
      ctx.generation,
    );
    await this.audit(ctx, personId, value.auditedIds);
    return value.json;
  }

  /** One entry for the whole dossier, naming every confidential or secret record it showed. */
  private async audit(ctx: ServiceContext, personId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.services.audit.append(
      {
        actor: ctx.actor.id,
        action: 'dossier.read',
        targetType: 'person',
        targetId: personId,
        ip: ctx.ip,
        requestId: ctx.requestId,
        details: { ids },
      },
      ctx.db,
    );
  }

  private of(type: string): RecordService {
    const service = this.services.registry.get(type);
    if (!service) throw new Error(`the dossier needs the ${type} records`);
    return service;
  }

  private async build(ctx: ServiceContext, personId: string) {
    const people = this.of('person');
    const person = await people.presentWithCitations(ctx, await people.getStored(ctx, personId));
    const events = await collect(this.of('custody_event'), ctx, 'personId', personId, 'occurredAt');
    const allegations = await collect(this.of('allegation'), ctx, 'personId', personId);
    const proceedings = await collect(this.of('proceeding'), ctx, 'partyId', personId);
    const proceedingEvents = await collectEach(
      this.of('proceeding_event'),
      ctx,
      'proceedingId',
      proceedings.map((p) => p.id),
      'occurredAt',
    );
    const incidents = await collect(this.of('incident'), ctx, 'victimId', personId);
    const testimonies = await collect(this.of('testimony'), ctx, 'givenById', personId);

    // Claims about the person, or about whoever held them and wherever: those are the ones that
    // can put a span of their custody in dispute.
    const parties = new Set(
      events.flatMap((e) => [e.custodianId, e.placeId].filter(Boolean) as string[]),
    );
    const claims = await collectEach(this.of('claim'), ctx, 'aboutId', [personId, ...parties]);
    const claimStatements = claims.flatMap((c) =>
      ((c.positions as Position[] | undefined) ?? []).map((p) => p.statementId),
    );
    const statements = [
      ...(await collect(this.of('statement'), ctx, 'aboutId', personId)),
      ...(await this.of('statement').findVisible(ctx, claimStatements)).map((r) =>
        this.of('statement').present(ctx.actor, r),
      ),
    ];

    // A claim is contested for this caller only on the statements they may see: counting hidden
    // ones would reveal that they exist.
    const visibleStatementIds = new Set(statements.map((st) => st.id));
    const visiblePositions = (claim: ApiRecord) =>
      ((claim.positions as Position[] | undefined) ?? []).filter((p) =>
        visibleStatementIds.has(p.statementId),
      );
    const contested = claims.filter((c) => isContested(visiblePositions(c)));
    const disputed: DisputedParty[] = [...parties]
      .map((recordId) => ({
        recordId,
        claimIds: contested
          .filter((c) =>
            ((c.about as { recordId: string }[] | undefined) ?? []).some(
              (a) => a.recordId === recordId,
            ),
          )
          .map((c) => c.id),
      }))
      .filter((d) => d.claimIds.length > 0);
    const chain = custodyChain(events as unknown as ChainEvent[], disputed);
    const status = currentStatus(chain);
    const today = todayPartial();

    const everything = [
      person,
      ...events,
      ...allegations,
      ...proceedings,
      ...proceedingEvents,
      ...incidents,
      ...testimonies,
      ...unique(statements),
      ...claims,
    ];
    const allCitations = await collectEach(
      this.of('citation'),
      ctx,
      'recordId',
      everything.map((r) => r.id),
    );
    const sourceIds = new Set(allCitations.map((c) => c.sourceId as string));
    const sources = (await this.of('source').findVisible(ctx, [...sourceIds])).map((r) =>
      this.of('source').present(ctx.actor, r),
    );
    // A citation counts, and is shown, only when the caller may see its source: one pointing at a
    // hidden source would leak that source's id and pass an unsourced fact off as sourced.
    const visibleSources = new Set(sources.map((s) => s.id));
    const citations = allCitations.filter((c) => visibleSources.has(c.sourceId as string));
    const cited = new Set(citations.map((c) => c.recordId as string));

    return {
      person,
      status: { ...status, sourceIds: sourcesOf(citations, status.eventId) },
      custody: { events, chain },
      allegations,
      process: {
        proceedings,
        events: proceedingEvents,
        upcoming: upcoming(proceedingEvents, today),
        dueProcess: dueProcess({
          chain,
          allegations: allegations as never,
          proceedings: proceedings as never,
          proceedingEvents: proceedingEvents as never,
          incidents: incidents as never,
          today,
        }),
      },
      harm: { incidents, testimonies },
      statements: unique(statements),
      claims: claims.map((c) => ({
        ...c,
        positions: visiblePositions(c),
        contested: isContested(visiblePositions(c)),
      })),
      sources,
      citations,
      unsourced: everything.filter((r) => !cited.has(r.id)).map((r) => r.id),
      labels: await this.labels(ctx, everything),
    };
  }

  /** Names for every person, organization and place the dossier points at, so ids can be shown. */
  private async labels(ctx: ServiceContext, records: ApiRecord[]) {
    const ids = new Set<string>();
    const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const walk = (value: unknown) => {
      if (typeof value === 'string' && idPattern.test(value)) ids.add(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    records.forEach(walk);
    const labels: Record<string, string> = {};
    for (const type of ['person', 'organization', 'place', 'source', 'proceeding']) {
      const service = this.services.registry.get(type);
      if (!service) continue;
      for (const record of await service.findVisible(ctx, [...ids])) {
        labels[record.id] = service.def.label(record as never);
      }
    }
    return labels;
  }
}

/** Every record in a dossier that states a fact (so should be sourced): all but the sources. */
export function factRecords(dossier: Dossier): ApiRecord[] {
  return [
    dossier.person,
    ...dossier.custody.events,
    ...dossier.allegations,
    ...dossier.process.proceedings,
    ...dossier.process.events,
    ...dossier.harm.incidents,
    ...dossier.harm.testimonies,
    ...dossier.statements,
    ...dossier.claims,
  ];
}

function auditedIds(dossier: Dossier): string[] {
  const shown = [...factRecords(dossier), ...dossier.sources, ...dossier.citations];
  return [...new Set(shown.filter((r) => isAuditedRead(r.sensitivity as string)).map((r) => r.id))];
}

function unique(records: ApiRecord[]): ApiRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}

function sourcesOf(citations: ApiRecord[], recordId: string | null): string[] {
  return [
    ...new Set(citations.filter((c) => c.recordId === recordId).map((c) => c.sourceId as string)),
  ];
}

/** Hearings, deadlines and due dates that may still lie ahead, soonest first. */
function upcoming(events: ApiRecord[], today: string): ApiRecord[] {
  const startOfToday = parsePartialDate(today).start;
  return events
    .map((event) => ({ event, due: dueBounds(event) }))
    .filter(({ due }) => due && due.end >= startOfToday)
    .sort((a, b) => (a.due?.start ?? '').localeCompare(b.due?.start ?? ''))
    .map(({ event }) => event);
}

/**
 * When a docket entry next asks something of someone (a hearing, an order's deadline, a due
 * date), as the span of instants its partial date allows: a deadline of `2025-12` is still
 * upcoming on 5 December, which comparing the texts would miss.
 */
function dueBounds(event: ApiRecord): PartialDateBounds | null {
  const hearing = event.hearing as { scheduledFor?: string } | undefined;
  const order = event.order as { deadline?: string } | undefined;
  const due = hearing?.scheduledFor ?? order?.deadline ?? (event.dueAt as string | undefined);
  return due ? parsePartialDate(due) : null;
}
