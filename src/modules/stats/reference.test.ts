import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { groupBy } from '../../lib/group-by.js';
import type { Sensitivity } from '../auth/policy.js';
import { loadExampleData } from '../demo/load.js';
import { type ChainEvent, currentStatus, custodyChain } from '../dossier/custody-chain.js';
import { dueProcess, todayPartial } from '../dossier/due-process.js';
import type { ApiRecord } from '../records/service.js';
import { GROUP_BY } from './aggregate.js';

/**
 * The statistics as they were computed before person facts existed — every visible record read
 * per request, each person's dossier facts derived in memory, counted in JavaScript — kept here
 * as the reference the SQL over person facts must agree with.
 */
async function referenceStats(t: TestApp, clearance: Sensitivity, filter: Record<string, string>) {
  const ctx = { actor: { id: 'reference', role: 'viewer' as const, clearance } };
  const all = async (type: string) => {
    const records: ApiRecord[] = [];
    for await (const r of t.services.registry.get(type)!.scan(ctx)) records.push(r);
    return records;
  };
  const [people, events, allegations, proceedings, docket] = await Promise.all(
    ['person', 'custody_event', 'allegation', 'proceeding', 'proceeding_event'].map(all),
  );
  const eventsOf = groupBy(events!, (e) => [e.personId as string]);
  const allegationsOf = groupBy(allegations!, (a) => [a.personId as string]);
  const proceedingsOf = groupBy(proceedings!, (p) =>
    ((p.parties as { personId?: string }[] | undefined) ?? []).flatMap((x) =>
      x.personId ? [x.personId] : [],
    ),
  );
  const docketOf = groupBy(docket!, (e) => [e.proceedingId as string]);
  const today = todayPartial();
  const facts = people!.map((person) => {
    const chain = custodyChain((eventsOf.get(person.id) ?? []) as unknown as ChainEvent[]);
    const status = currentStatus(chain);
    const theirs = proceedingsOf.get(person.id) ?? [];
    const process = dueProcess({
      chain,
      allegations: (allegationsOf.get(person.id) ?? []) as never,
      proceedings: theirs as never,
      proceedingEvents: theirs.flatMap((p) => docketOf.get(p.id) ?? []) as never,
      incidents: [],
      today,
    });
    const answer = (item: string) => process.items.find((i) => i.item === item)!.answer;
    const held = chain.filter((s) => s.state === 'in_custody' || s.state === 'removed');
    return {
      nationality: (person.nationalities as string[] | undefined) ?? [],
      state: status.state,
      custodian: status.custodianId,
      place: status.placeId,
      heldAt: held.map((s) => s.placeId),
      heldBy: held.map((s) => s.custodianId),
      charged: answer('criminal_charge'),
      hearingBeforeRemoval: answer('hearing_before_removal'),
      days: process.daysHeldWithoutCharge,
    };
  });
  const selected = facts.filter(
    (f) =>
      (!filter.nationality || f.nationality.includes(filter.nationality)) &&
      (!filter.state || f.state === filter.state) &&
      (!filter.custodianId || f.custodian === filter.custodianId) &&
      (!filter.heldAt || f.heldAt.includes(filter.heldAt)) &&
      (!filter.heldBy || f.heldBy.includes(filter.heldBy)) &&
      (!filter.charged || f.charged === filter.charged) &&
      (!filter.hearingBeforeRemoval || f.hearingBeforeRemoval === filter.hearingBeforeRemoval),
  );
  const groups = Object.fromEntries(
    GROUP_BY.map((by) => {
      const counts = new Map<string | null, number>();
      for (const f of selected) {
        const keys =
          by === 'nationality' ? (f.nationality.length ? f.nationality : [null]) : [f[by]];
        for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [
        by,
        [...counts.entries()]
          .map(([key, count]) => ({ key, count }))
          .sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key))),
      ];
    }),
  );
  const distribution = (values: number[]) => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    return {
      count: n,
      min: sorted[0],
      median: n % 2 ? sorted[Math.floor(n / 2)] : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2,
      mean: sorted.reduce((s, v) => s + v, 0) / n,
      p90: sorted[Math.min(n - 1, Math.floor(0.9 * n))],
      max: sorted[n - 1],
    };
  };
  const days = selected.flatMap((f) => (f.days ? [f.days] : []));
  return {
    total: selected.length,
    groups,
    daysHeldWithoutCharge: {
      least: distribution(days.map((d) => d.min)),
      most: distribution(days.map((d) => d.max)),
    },
  };
}

describe('statistics over person facts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadExampleData(t.services, t.ctx);
  }, 120_000);
  afterAll(() => t.close());

  it('agree with the per-person computation on the example data set, at every clearance', async () => {
    const cecot = (await t.inject({ url: '/api/v1/places?q=cecot' })).json().items[0].id;
    const filters: Record<string, string>[] = [
      {},
      { nationality: 'VE' },
      { heldAt: cecot, charged: 'no' },
      { hearingBeforeRemoval: 'no' },
      { state: 'in_custody' },
    ];
    for (const clearance of ['public', 'internal', 'confidential', 'secret'] as const) {
      const inject = await t.as('viewer', clearance);
      for (const filter of filters) {
        const query = new URLSearchParams({ ...filter, groupBy: GROUP_BY.join(',') });
        const response = await inject({ url: `/api/v1/stats?${query}` });
        expect(response.statusCode, response.body).toBe(200);
        const { total, groups, daysHeldWithoutCharge } = response.json();
        const expected = await referenceStats(t, clearance, filter);
        expect({ total, groups, daysHeldWithoutCharge }, `${clearance} ${query}`).toEqual(expected);
      }
    }
    // The example data set is not trivial: the comparison counted someone held without charge.
    const all = await referenceStats(t, 'secret', {});
    expect(all.total).toBeGreaterThan(5);
    expect(all.daysHeldWithoutCharge.least?.count).toBeGreaterThan(0);
  });
});
