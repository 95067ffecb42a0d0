import { describe, expect, it } from 'vitest';
import { type ChainEvent, currentStatus, custodyChain, daysBetween } from './custody-chain.js';

let n = 0;
const event = (fields: Partial<ChainEvent> & Pick<ChainEvent, 'kind'>): ChainEvent => {
  n++;
  return {
    id: `e${n}`,
    personId: 'p',
    createdAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z`,
    ...fields,
  };
};

describe('custody chain', () => {
  it('orders events by earliest instant, whatever order they were entered in', () => {
    const chain = custodyChain([
      event({ kind: 'released', occurredAt: '2025-07' }),
      event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv' }),
      event({ kind: 'detained', occurredAt: '2025', custodianId: 'ice' }),
    ]);
    expect(chain.map((s) => s.kind)).toEqual(['detained', 'handed_over', 'released']);
    expect(chain.map((s) => [s.from, s.to])).toEqual([
      ['2025', '2025-03'],
      ['2025-03', '2025-07'],
      ['2025-07', null],
    ]);
  });

  it('puts a month before a day within it, and an undated event last', () => {
    const chain = custodyChain([
      event({ kind: 'last_seen' }),
      event({ kind: 'transferred', occurredAt: '2025-03-15', custodianId: 'a' }),
      event({ kind: 'detained', occurredAt: '2025-03', custodianId: 'a' }),
    ]);
    expect(chain.map((s) => s.from)).toEqual(['2025-03', '2025-03-15', null]);
  });

  it('marks a held span with no custodian as a responsibility gap', () => {
    const [span] = custodyChain([event({ kind: 'detained', occurredAt: '2025' })]);
    expect(span?.gaps).toEqual(['no_custodian']);
  });

  it('marks spans whose custodian is the subject of a contested claim as disputed', () => {
    const chain = custodyChain(
      [event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv' })],
      [{ recordId: 'sv', claimIds: ['claim-1'] }],
    );
    expect(chain[0]).toMatchObject({ gaps: ['disputed'], disputedBy: ['claim-1'] });
  });

  it('flags events whose dates overlap, so their order is uncertain', () => {
    const chain = custodyChain([
      event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv' }),
      event({ kind: 'detained', occurredAt: '2025-03-20', custodianId: 'us' }),
    ]);
    expect(chain[0]?.uncertainOrderWith).toEqual([chain[1]?.eventId]);
  });

  it('flags two records of the same step that name different custodians, but not two that agree', () => {
    const chain = custodyChain([
      event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv' }),
      event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'us' }),
      event({ kind: 'released', occurredAt: '2025-07' }),
      event({ kind: 'released', occurredAt: '2025-07' }),
    ]);
    expect(chain[0]?.uncertainOrderWith).toEqual([chain[1]?.eventId]);
    expect(chain[2]?.uncertainOrderWith).toEqual([]);
  });

  it('reports the latest state with the date it rests on', () => {
    const chain = custodyChain([
      event({ kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv', placeId: 'cecot' }),
      event({ kind: 'released', occurredAt: '2025-07', placeId: 've' }),
    ]);
    expect(currentStatus(chain)).toMatchObject({
      state: 'released',
      asOf: '2025-07',
      placeId: 've',
      custodianId: null,
    });
    expect(currentStatus([])).toMatchObject({ state: 'no_record', asOf: null });
  });
});

describe('days between partial dates', () => {
  it('gives the least and most whole days the dates allow', () => {
    expect(daysBetween('2025-03-16', '2025-07-18')).toEqual({ min: 124, max: 124 });
    expect(daysBetween('2025-03', '2025-07')).toEqual({ min: 92, max: 152 });
  });
});
