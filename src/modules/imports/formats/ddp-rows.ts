import type { ImportItem } from '../item.js';
import { iceRef } from './agencies.js';
import { countryCode } from './countries.js';
import { present } from './csv-rows.js';
import { compact } from './dataset-source.js';
import type { DdpTable } from './ddp-columns.js';
import { type FacilityPlace, facilityExternalId, facilityKind } from './ddp-facilities.js';

/**
 * One row of an ICE table (DDP processed CSV or raw Excel, already keyed by `columnKey`) as
 * Habeas items. People are anonymous in ICE data: they are known only by the release's
 * anonymised identifier, which is why every external id carries the release.
 */
export interface DdpRowContext {
  release: string;
  table: DdpTable;
  sourceId: string;
  file: string;
  facilities: Map<string, FacilityPlace>;
  /** external ids already yielded in this read, so shared people and places come once */
  seen: Set<string>;
}

export interface DdpRow {
  line: number;
  /** a key unique within the release: DDP's file/sheet/row of origin, or the raw sheet and row */
  rowKey: string;
  cells: Record<string, string>;
}

const YES = (value: string | undefined) => present(value)?.toUpperCase() === 'YES';

/** ICE gives local times without a zone, so only the day is kept: no instant is invented. */
export function dayOf(value: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(present(value) ?? '');
  return match?.[1];
}

const SEXES: Record<string, string> = { male: 'male', female: 'female', unknown: 'unknown' };

function personItem(row: DdpRow, ctx: DdpRowContext, personId: string, uid?: string): ImportItem {
  const c = row.cells;
  const nationality = countryCode(present(c.citizenship_country));
  const birthYear = present(c.birth_year)?.replace(/\.0$/, '');
  const notes = [
    `Anonymous in ICE data: known only by the ${ctx.release} release's identifier.`,
    nationality && 'unknown' in nationality ? `Citizenship as listed: ${nationality.unknown}` : '',
    present(c.birth_country) ? `Birth country as listed: ${present(c.birth_country)}` : '',
  ].filter(Boolean);
  return {
    type: 'person',
    origin: { row: row.line, file: ctx.file },
    externalId: personId,
    body: compact({
      aliases: [
        uid ? `ICE ${ctx.release} #${uid.slice(0, 12)}` : `ICE ${ctx.release} ${row.rowKey}`,
      ],
      sex: SEXES[present(c.gender)?.toLowerCase() ?? ''],
      birthDate: birthYear && /^\d{4}$/.test(birthYear) ? birthYear : undefined,
      nationalities: nationality && 'code' in nationality ? [nationality.code] : undefined,
      identifiers: uid ? [{ kind: 'other', value: uid, sensitivity: 'internal' }] : undefined,
      roles: ['detained'],
      notes: notes.join('\n'),
    }),
    citeSources: [{ externalId: ctx.sourceId, locator: row.rowKey }],
  };
}

function placeItem(row: DdpRow, ctx: DdpRowContext, code: string): ImportItem {
  const c = row.cells;
  const known = ctx.facilities.get(code);
  const name = present(c.detention_facility) ?? code;
  const body =
    known?.body ??
    compact({
      name,
      kind: facilityKind(name),
      country: 'US',
      region: present(c.facility_state),
      locality: present(c.facility_city),
      codes: [{ scheme: 'ice_detloc', value: code }],
    });
  return {
    type: 'place',
    origin: { row: row.line, file: ctx.file },
    externalId: facilityExternalId(code),
    body,
    citeSources: [{ externalId: ctx.sourceId, locator: row.rowKey }],
  };
}

/** What each table says happened, as custody events (kind, day, place, description). */
function custodySteps(row: DdpRow, table: DdpTable, code: string | undefined) {
  const c = row.cells;
  const steps: { suffix: string; body: Record<string, unknown>; atFacility: boolean }[] = [];
  const apprehended = dayOf(c.apprehension_date);
  if (apprehended) {
    steps.push({
      suffix: 'apprehended',
      atFacility: false,
      body: {
        kind: 'apprehended',
        occurredAt: apprehended,
        description: [
          'ICE apprehension',
          present(c.apprehension_method),
          present(c.apprehension_site_landmark),
          present(c.apprehension_state),
        ]
          .filter(Boolean)
          .join('; '),
      },
    });
  }
  if (table === 'detainers' && dayOf(c.detainer_prepare_date)) {
    steps.push({
      suffix: 'detainer',
      atFacility: Boolean(code),
      body: {
        kind: 'detained',
        occurredAt: dayOf(c.detainer_prepare_date),
        description: [
          `ICE detainer lodged with ${present(c.detention_facility) ?? 'a jail'}`,
          present(c.detainer_type),
          present(c.detainer_lift_reason) && `outcome: ${present(c.detainer_lift_reason)}`,
        ]
          .filter(Boolean)
          .join('; '),
        notes: 'Held by the local jail on a detainer request; ICE custody not established.',
      },
    });
  }
  if (table === 'detentions' && dayOf(c.book_in_date_time)) {
    const firstStint = dayOf(c.stay_book_in_date_time) === dayOf(c.book_in_date_time);
    steps.push({
      suffix: 'book-in',
      atFacility: Boolean(code),
      body: {
        kind: firstStint ? 'detained' : 'transferred',
        occurredAt: dayOf(c.book_in_date_time),
        custodian: true,
        description: `Booked into ${present(c.detention_facility) ?? code ?? 'an ICE facility'}`,
      },
    });
    const bookOut = dayOf(c.book_out_date_time);
    const reason = present(c.detention_release_reason) ?? present(c.stay_release_reason);
    const lastStint = bookOut && bookOut === dayOf(c.stay_book_out_date_time);
    if (lastStint && reason && !/remov|deport|transfer/i.test(reason)) {
      steps.push({
        suffix: 'book-out',
        atFacility: false,
        body: { kind: 'released', occurredAt: bookOut, description: `Book-out: ${reason}` },
      });
    }
  }
  const departed = dayOf(c.departed_date);
  if (departed) {
    const destination = countryCode(present(c.departure_country));
    steps.push({
      suffix: 'removed',
      atFacility: false,
      body: {
        kind: 'removed',
        occurredAt: departed,
        jurisdiction: destination && 'code' in destination ? destination.code : undefined,
        description: [
          `Removed to ${present(c.departure_country) ?? 'an unstated country'}`,
          present(c.port_of_departure) && `from ${present(c.port_of_departure)}`,
          present(c.case_status) && `case status ${present(c.case_status)}`,
        ]
          .filter(Boolean)
          .join('; '),
      },
    });
  }
  return steps;
}

/** ICE's own flags, as allegations ICE made: never as facts about the person. */
const FLAGS = [
  {
    column: 'criminal_street_gang_yes_no',
    suffix: 'gang',
    category: 'gang_membership',
    claim: 'Criminal street gang member (ICE detainer field "Criminal Street Gang Yes No" = YES)',
  },
  {
    column: 'suspected_gang_yes_no',
    suffix: 'gang',
    category: 'gang_membership',
    claim: 'Suspected gang member (ICE detention field "Suspected Gang Yes No" = YES)',
  },
  {
    column: 'known_terrorist_yes_no',
    suffix: 'terrorist',
    category: 'terrorism',
    claim: 'Known terrorist (ICE detention field "Known Terrorist Yes No" = YES)',
  },
] as const;

export function* ddpRowItems(row: DdpRow, ctx: DdpRowContext): Generator<ImportItem> {
  const c = row.cells;
  const origin = { row: row.line, file: ctx.file };
  const cites = [{ externalId: ctx.sourceId, locator: row.rowKey }];
  const rowId = `ddp:${ctx.release}:${ctx.table}:${row.rowKey}`;
  const uid = present(c.unique_identifier);
  const personId = uid ? `ddp:${ctx.release}:person:${uid}` : `${rowId}:person`;
  if (!ctx.seen.has(personId)) {
    ctx.seen.add(personId);
    yield personItem(row, ctx, personId, uid);
  }
  const code = present(c.detention_facility_code)?.toUpperCase();
  if (code && !ctx.seen.has(facilityExternalId(code))) {
    ctx.seen.add(facilityExternalId(code));
    yield placeItem(row, ctx, code);
  }
  const person = { type: 'person', externalId: personId };
  for (const step of custodySteps(row, ctx.table, code)) {
    const { custodian, ...body } = step.body as Record<string, unknown> & { custodian?: boolean };
    const refs: ImportItem['refs'] = { personId: person };
    if (step.atFacility && code)
      refs.placeId = { type: 'place', externalId: facilityExternalId(code) };
    if (custodian || step.suffix === 'apprehended') refs.custodianId = iceRef;
    yield {
      type: 'custody_event',
      origin,
      externalId: `${rowId}:${step.suffix}`,
      body: compact({ ...body, confidence: 'confirmed' }),
      refs,
      citeSources: cites,
    };
  }
  const madeAt =
    dayOf(c.detainer_prepare_date) ?? dayOf(c.book_in_date_time) ?? dayOf(c.apprehension_date);
  for (const flag of FLAGS) {
    if (!YES(c[flag.column])) continue;
    // ICE repeats a flag on every row of the person: one allegation per person and release
    const allegationId = `${personId}:${flag.suffix}`;
    if (ctx.seen.has(allegationId)) continue;
    ctx.seen.add(allegationId);
    yield {
      type: 'allegation',
      origin,
      externalId: allegationId,
      body: compact({
        madeAt,
        claim: flag.claim,
        category: flag.category,
        basis: ['none_stated'],
        status: 'asserted',
        response: 'unknown',
        // the ref below fills in the source: the release is the evidence, and all of it
        evidence: [
          {
            stance: 'supports',
            description: `ICE record field ${flag.column} = YES`,
            locator: row.rowKey,
          },
        ],
        notes:
          `Recorded by ICE as a yes/no field in the ${ctx.release} ${ctx.table} release. ` +
          "ICE states no basis; this is ICE's assertion, not an established fact.",
      }),
      refs: {
        personId: person,
        madeByOrganizationId: iceRef,
        'evidence.0.sourceId': { type: 'source', externalId: ctx.sourceId },
      },
      citeSources: cites,
    };
  }
}
