import { type ChainEvent, currentStatus, custodyChain } from '../dossier/custody-chain.js';
import { type Answer, dueProcess } from '../dossier/due-process.js';
import type { ApiRecord } from '../records/service.js';

/** What the statistics count about each person, derived from their records like the dossier. */
export interface PersonFacts {
  personId: string;
  nationalities: string[];
  state: string;
  custodianId: string | null;
  placeId: string | null;
  /** every place where the chain shows the person held */
  heldAt: string[];
  /** every organization recorded as holding the person */
  heldBy: string[];
  charged: Answer;
  hearingBeforeRemoval: Answer;
  daysHeldWithoutCharge: { min: number; max: number } | null;
}

export interface PersonRecords {
  person: ApiRecord;
  events: ApiRecord[];
  allegations: ApiRecord[];
  proceedings: ApiRecord[];
  proceedingEvents: ApiRecord[];
}

const HELD = new Set(['in_custody', 'removed']);

export function personFacts(records: PersonRecords, today: string): PersonFacts {
  const chain = custodyChain(records.events as unknown as ChainEvent[]);
  const status = currentStatus(chain);
  const process = dueProcess({
    chain,
    allegations: records.allegations as never,
    proceedings: records.proceedings as never,
    proceedingEvents: records.proceedingEvents as never,
    incidents: [],
    today,
  });
  const answer = (name: string) => process.items.find((i) => i.item === name)?.answer ?? 'unknown';
  const held = chain.filter((span) => HELD.has(span.state));
  return {
    personId: records.person.id,
    nationalities: (records.person.nationalities as string[] | undefined) ?? [],
    state: status.state,
    custodianId: status.custodianId,
    placeId: status.placeId,
    heldAt: [...new Set(held.map((s) => s.placeId).filter((p): p is string => Boolean(p)))],
    heldBy: [...new Set(held.map((s) => s.custodianId).filter((c): c is string => Boolean(c)))],
    charged: answer('criminal_charge'),
    hearingBeforeRemoval: answer('hearing_before_removal'),
    daysHeldWithoutCharge: process.daysHeldWithoutCharge
      ? { min: process.daysHeldWithoutCharge.min, max: process.daysHeldWithoutCharge.max }
      : null,
  };
}
