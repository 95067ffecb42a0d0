import { type PartialDateBounds, parsePartialDate } from '../../lib/partial-date.js';
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
 * The five answers about one person, in one response: where they are and who holds them, on
 * what grounds, what process they have had, what happened to them, and who says what — each
 * record with its citations, computed from the records at the caller's clearance.
 */
export class DossierService {
  constructor(private readonly services: Services) {}

  private of(type: string): RecordService {
    const service = this.services.registry.get(type);
    if (!service) throw new Error(`the dossier needs the ${type} records`);
    return service;
  }

  async forPerson(ctx: ServiceContext, personId: string) {
    const s = this.services;
    const person = await s.people.get(ctx, personId);
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
