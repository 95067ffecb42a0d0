import { pathToFileURL } from 'node:url';
import { openRuntime } from '../src/cli/runtime.js';
import { refreshPlannerStatistics } from '../src/db/statistics.js';
import { type Actor, SYSTEM_ACTOR } from '../src/modules/auth/policy.js';
import type { RecordService } from '../src/modules/records/service.js';
import type { Services } from '../src/modules/services.js';
import { loadConfig } from '../src/server/config.js';
import {
  ENGLISH_GIVEN,
  ENGLISH_SURNAMES,
  NICKNAMES,
  SPANISH_GIVEN,
  SPANISH_SURNAMES,
  unaccent,
} from './names.js';
import { rowCounts, rowsGained } from './rows-written.js';

/**
 * A deterministic generator of realistic records, written through the real services (validation,
 * reference checks, revisions, audit log and search index, all in the write's transaction).
 * Records are committed in batches of 500, one transaction each, as a client posting batches
 * would; the import baseline commits as often (run.ts).
 *
 * The same seed gives the same record contents in the same order; ids and timestamps come from
 * the services (UUIDv7, the clock) and so differ between runs.
 */

export const BENCH_ACTOR: Actor = { ...SYSTEM_ACTOR, id: 'system:bench' };

/** Records per person, from issue 8: 1M people → 5M custody events, 500k allegations … */
export interface Scale {
  people: number;
  custodyEvents: number;
  allegations: number;
  proceedings: number;
  docketEntries: number;
  sources: number;
  citations: number;
}

export function scaleFor(people: number): Scale {
  const proceedings = Math.max(1, Math.round(people / 20));
  return {
    people,
    custodyEvents: people * 5,
    allegations: Math.round(people / 2),
    proceedings,
    docketEntries: proceedings * 10,
    sources: Math.max(1, Math.round(people / 5)),
    citations: people * 2,
  };
}

/** mulberry32: small, fast and good enough for test data; never Math.random. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function birthDate(rng: Rng): string | undefined {
  const year = rng.int(1955, 2006);
  const r = rng.next();
  if (r < 0.1) return undefined;
  if (r < 0.3) return String(year);
  if (r < 0.4) return `${year}~`;
  if (r < 0.6) return `${year}-${pad(rng.int(1, 12))}`;
  return `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
}

function date2025(rng: Rng, monthFrom = 1): string {
  return `2025-${pad(rng.int(monthFrom, 12))}-${pad(rng.int(1, 28))}`;
}

/** A person as a client would send them: Spanish double surnames, accents, variant spellings. */
export function personInput(rng: Rng, index: number): Record<string, unknown> {
  const spanish = rng.chance(0.85);
  let givenNames: string;
  let familyNames: string;
  if (spanish) {
    givenNames = rng.pick(SPANISH_GIVEN);
    const first = rng.pick(SPANISH_SURNAMES);
    familyNames = rng.chance(0.9) ? `${first} ${rng.pick(SPANISH_SURNAMES)}` : first;
  } else {
    givenNames = rng.pick(ENGLISH_GIVEN);
    familyNames = rng.pick(ENGLISH_SURNAMES);
  }
  const aliases: string[] = [];
  if (rng.chance(0.4)) aliases.push(unaccent(`${givenNames} ${familyNames}`).toUpperCase());
  if (spanish && familyNames.includes(' ') && rng.chance(0.3)) {
    aliases.push(`${givenNames} ${familyNames.split(' ')[0]}`);
  }
  const nickname = NICKNAMES[givenNames];
  if (nickname && rng.chance(0.5)) aliases.push(`"${nickname}" ${familyNames.split(' ')[0]}`);
  const born = birthDate(rng);
  const nationality = spanish ? rng.pick(['VE', 'VE', 'VE', 'SV', 'CO', 'HN', 'GT', 'MX']) : 'US';
  return {
    givenNames,
    familyNames,
    ...(aliases.length > 0 ? { aliases } : {}),
    sex: rng.pick(['male', 'male', 'male', 'female', 'unknown'] as const),
    ...(born ? { birthDate: born } : {}),
    nationalities: [nationality],
    roles: ['detained'],
    ...(rng.chance(0.3)
      ? {
          identifiers: [
            { kind: 'a_number', value: `A${String(200000000 + index).padStart(9, '0')}` },
          ],
        }
      : {}),
    languages: [spanish ? 'es' : 'en'],
    consentToPublication: rng.pick(['unknown', 'internal', 'court_only'] as const),
  };
}

interface Fixed {
  places: string[];
  organizations: string[];
}

/** The custody chain of one person: apprehended, detained, moved, handed over, released. */
export function custodyChain(
  rng: Rng,
  personId: string,
  fixed: Fixed,
  length: number,
): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  let month = rng.int(1, 6);
  let place = rng.pick(fixed.places);
  const kinds = ['apprehended', 'detained', 'transferred', 'handed_over', 'released'] as const;
  for (let i = 0; i < length; i++) {
    const kind = kinds[Math.min(i, kinds.length - 1)] as (typeof kinds)[number];
    const from = place;
    do place = rng.pick(fixed.places);
    while (place === from);
    month = Math.min(12, month + rng.int(0, 1));
    const moved = kind === 'transferred' || kind === 'handed_over';
    events.push({
      personId,
      kind,
      occurredAt: rng.chance(0.2)
        ? `2025-${pad(month)}`
        : `2025-${pad(month)}-${pad(rng.int(1, 28))}`,
      placeId: place,
      ...(moved ? { fromPlaceId: from } : {}),
      ...(kind === 'released' ? {} : { custodianId: rng.pick(fixed.organizations) }),
      jurisdiction: rng.pick(['US', 'SV', 'VE']),
      ...(moved && rng.chance(0.5)
        ? {
            transport: {
              carrierId: rng.pick(fixed.organizations),
              flightNumber: `GXA${rng.int(100, 999)}`,
            },
          }
        : {}),
      confidence: rng.pick(['confirmed', 'reported', 'alleged'] as const),
      description: `${kind.replace('_', ' ')} según registro ${rng.int(1000, 99999)}`,
    });
  }
  return events;
}

export function allegationInput(rng: Rng, personId: string, fixed: Fixed): Record<string, unknown> {
  return {
    personId,
    madeByOrganizationId: rng.pick(fixed.organizations),
    madeAt: date2025(rng),
    claim: rng.pick([
      'member of Tren de Aragua',
      'member of MS-13',
      'alien enemy',
      'prior removal order',
    ]),
    category: rng.pick(['gang_membership', 'security_threat', 'immigration_violation'] as const),
    basis: [rng.pick(['tattoo', 'social_media', 'checklist_score', 'none_stated'] as const)],
    legalInstrument: rng.chance(0.6) ? 'Alien Enemies Act' : null,
    status: rng.pick(['asserted', 'asserted', 'charged', 'dismissed'] as const),
    response: rng.pick(['denies', 'denies', 'unknown'] as const),
  };
}

export function sourceInput(rng: Rng, index: number): Record<string, unknown> {
  const kind = rng.pick(['court_document', 'news_article', 'ngo_report', 'video'] as const);
  return {
    kind,
    title: `${kind.replace('_', ' ')} ${index}: ${rng.pick(['Traslado a CECOT', 'Habeas petition', 'Declaración jurada', 'Flight manifest'])}`,
    publisher: rng.pick(['El Faro', 'Efecto Cocuyo', 'ACLU', 'Human Rights Watch', 'PACER']),
    publishedAt: date2025(rng),
    url: `https://example.org/sources/${index}`,
    language: rng.pick(['es', 'en']),
    reliability: rng.pick(['A', 'B', 'C'] as const),
    credibility: rng.int(1, 3),
  };
}

export function proceedingInput(rng: Rng, index: number, fixed: Fixed, petitioner: string) {
  return {
    title: `${rng.pick(SPANISH_SURNAMES)} v. Noem (${index})`,
    forumId: rng.pick(fixed.organizations),
    docketNumber: `1:25-cv-${String(index).padStart(5, '0')}`,
    kind: rng.pick(['habeas', 'habeas', 'removal', 'class_action'] as const),
    status: rng.pick(['pending', 'active', 'decided'] as const),
    parties: [{ personId: petitioner, role: 'petitioner' as const }],
    filedAt: `2025-0${rng.int(1, 3)}-${pad(rng.int(1, 28))}`,
  };
}

export function docketInput(rng: Rng, proceedingId: string, entry: number) {
  const kind = rng.pick(['filing', 'filing', 'order', 'ruling'] as const);
  return {
    proceedingId,
    kind,
    occurredAt: `2025-${pad(Math.min(12, 4 + Math.floor(entry / 2)))}-${pad(rng.int(1, 28))}`,
    title: kind === 'filing' ? 'Petition for writ of habeas corpus' : 'Order',
    entryNumber: String(entry + 1),
    ...(kind === 'order' || kind === 'ruling'
      ? {
          order: {
            directive: 'Respondents shall not remove the petitioner',
            compliance: 'pending',
          },
        }
      : {}),
  };
}

export interface GenerateOptions {
  people: number;
  seed?: number;
  /** records per transaction */
  batch?: number;
  log?: (line: string) => void;
  /** count the rows every table gains while people are written (for the import baseline) */
  countPeopleRows?: boolean;
  /**
   * Called once the people are written (and counted), before any later phase changes their
   * rows: custody events rewrite every person's facts, and a baseline that copied the rows as
   * they end up would time other rows than the import wrote (the held-days index alone made it
   * 3.5× slower to fill). `batch` is the records per transaction the people were written in.
   */
  afterPeople?: (people: PhaseTiming, batch: number) => Promise<void>;
}

export interface PhaseTiming {
  type: string;
  rows: number;
  ms: number;
  rowsPerSecond: number;
  /** rows each table gained in the phase (revisions, search entries, facts, keys…), when asked */
  rowsWritten?: Record<string, number>;
}

export interface GenerateReport {
  scale: Scale;
  /** records per transaction */
  batch: number;
  seed: number;
  phases: PhaseTiming[];
  totalRows: number;
  totalMs: number;
  /** the ids of the first people, for the benchmarks that read them */
  samplePersonIds: string[];
}

/**
 * Creates many records through a service's bulk path (`createMany`: validated, with revisions
 * and search entries, one transaction a batch), and times them.
 */
async function writeAll(
  service: RecordService,
  count: number,
  batch: number,
  input: (i: number) => Record<string, unknown>,
  keep: string[] | null,
  log: (line: string) => void,
): Promise<PhaseTiming> {
  const started = performance.now();
  for (let from = 0; from < count; from += batch) {
    const to = Math.min(count, from + batch);
    const inputs = Array.from({ length: to - from }, (_, i) => input(from + i));
    const ids = await service.createMany({ actor: BENCH_ACTOR }, inputs);
    keep?.push(...ids);
    if (to === count || (to / batch) % 20 === 0) log(`  ${service.def.type}: ${to}/${count}`);
  }
  const ms = performance.now() - started;
  return { type: service.def.type, rows: count, ms, rowsPerSecond: (count / ms) * 1000 };
}

export async function generate(
  services: Services,
  options: GenerateOptions,
): Promise<GenerateReport> {
  const seed = options.seed ?? 8;
  const batch = options.batch ?? 500;
  const log = options.log ?? (() => {});
  const scale = scaleFor(options.people);
  const rng = new Rng(seed);
  const started = performance.now();
  const phases: PhaseTiming[] = [];
  const run = (
    service: RecordService,
    count: number,
    input: (i: number) => Record<string, unknown>,
    keep: string[] | null = null,
  ) =>
    writeAll(service, count, batch, input, keep, log).then((timing) => {
      phases.push(timing);
      return keep ?? [];
    });
  const svc = <T>(s: T) => s as unknown as RecordService;

  const places = await run(
    svc(services.places),
    30,
    (i) => ({
      name: `${rng.pick(['Centro de Detención', 'Processing Center', 'CECOT módulo', 'Airport'])} ${i}`,
      kind: 'detention_facility',
      country: rng.pick(['US', 'SV', 'VE']),
    }),
    [],
  );
  const organizations = await run(
    svc(services.organizations),
    15,
    (i) => ({
      name: `${rng.pick(['ICE Field Office', 'GEO Group', 'Dirección de Centros Penales', 'GlobalX'])} ${i}`,
      kind: 'agency',
    }),
    [],
  );
  const fixed: Fixed = { places, organizations };

  const sources = await run(svc(services.sources), scale.sources, (i) => sourceInput(rng, i), []);
  const db = services.database.db;
  const before = options.countPeopleRows ? await rowCounts(db) : undefined;
  const people = await run(svc(services.people), scale.people, (i) => personInput(rng, i), []);
  const peoplePhase = phases.at(-1) as PhaseTiming;
  if (before) peoplePhase.rowsWritten = rowsGained(before, await rowCounts(db));
  const paused = performance.now();
  await options.afterPeople?.(peoplePhase, batch);
  const pausedMs = performance.now() - paused;

  // Five events a person on average, as chains of 3 to 7.
  const chains: Record<string, unknown>[] = [];
  let person = 0;
  await run(svc(services.custody), scale.custodyEvents, () => {
    if (chains.length === 0) {
      const id = people[person++ % people.length] as string;
      chains.push(...custodyChain(rng, id, fixed, rng.int(3, 7)).reverse());
    }
    return chains.pop() as Record<string, unknown>;
  });
  const allegations = await run(
    svc(services.allegations),
    scale.allegations,
    (i) => allegationInput(rng, people[(i * 2) % people.length] as string, fixed),
    [],
  );
  const proceedings = await run(
    svc(services.proceedings),
    scale.proceedings,
    (i) => proceedingInput(rng, i, fixed, people[(i * 20) % people.length] as string),
    [],
  );
  await run(svc(services.proceedingEvents), scale.docketEntries, (i) =>
    docketInput(rng, proceedings[Math.floor(i / 10)] as string, i % 10),
  );
  await run(svc(services.citations), scale.citations, (i) => {
    const onAllegation = i % 4 === 3 && allegations.length > 0;
    return {
      recordType: onAllegation ? 'allegation' : 'person',
      recordId: onAllegation
        ? (allegations[(i >> 2) % allegations.length] as string)
        : (people[(i >> 1) % people.length] as string),
      ...(onAllegation ? {} : { field: rng.pick(['familyNames', 'birthDate', 'nationalities']) }),
      sourceId: rng.pick(sources),
      locator: `p. ${rng.int(1, 40)}`,
    };
  });
  // As an import does after a bulk write: the planner should know the tables are full.
  await refreshPlannerStatistics(services.database.db);
  const totalMs = performance.now() - started - pausedMs;
  const totalRows = phases.reduce((sum, p) => sum + p.rows, 0);
  return {
    scale,
    batch,
    seed,
    phases,
    totalRows,
    totalMs,
    samplePersonIds: people.slice(0, 100),
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]) {
  const people = Number(argValue(args, '--people') ?? 1_000_000);
  const seed = Number(argValue(args, '--seed') ?? 8);
  if (!Number.isInteger(people) || people < 1)
    throw new Error('--people must be a positive integer');
  const runtime = await openRuntime(loadConfig());
  try {
    const report = await generate(runtime.services, { people, seed, log: console.log });
    for (const phase of report.phases) {
      console.log(
        `${phase.type}: ${phase.rows} rows in ${(phase.ms / 1000).toFixed(1)} s (${Math.round(phase.rowsPerSecond)}/s)`,
      );
    }
    console.log(`total: ${report.totalRows} rows in ${(report.totalMs / 1000).toFixed(1)} s`);
  } finally {
    await runtime.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
