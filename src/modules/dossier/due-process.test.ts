import { describe, expect, it } from 'vitest';
import { type ChainEvent, custodyChain } from './custody-chain.js';
import { type DueProcessInput, dueProcess } from './due-process.js';

const event = (id: string, fields: Partial<ChainEvent> & Pick<ChainEvent, 'kind'>): ChainEvent => ({
  id,
  personId: 'p',
  createdAt: `2026-01-01T00:00:0${id.length}Z`,
  ...fields,
});

const removedToCecot = custodyChain([
  event('d', { kind: 'detained', occurredAt: '2025', custodianId: 'ice' }),
  event('r', { kind: 'removed', occurredAt: '2025-03', custodianId: 'ice' }),
  event('h', { kind: 'handed_over', occurredAt: '2025-03', custodianId: 'sv' }),
  event('x', { kind: 'released', occurredAt: '2025-07' }),
]);

const base: DueProcessInput = {
  chain: removedToCecot,
  allegations: [{ id: 'a1', status: 'asserted', category: 'gang_membership' }],
  proceedings: [],
  proceedingEvents: [],
  incidents: [],
  today: '2026-11-24',
};
const answer = (input: DueProcessInput, name: string) =>
  dueProcess(input).items.find((i) => i.item === name);

describe('due-process checklist', () => {
  it('answers no hearing before a removal when none is recorded, citing the removal', () => {
    expect(answer(base, 'hearing_before_removal')).toMatchObject({
      answer: 'no',
      decidedBy: ['r'],
    });
  });

  it('answers yes when a hearing certainly preceded the removal', () => {
    const input = {
      ...base,
      proceedingEvents: [
        {
          id: 'hr',
          proceedingId: 'pr',
          kind: 'hearing',
          hearing: { scheduledFor: '2025-02-10T15:00:00Z' },
        },
      ],
    };
    expect(answer(input, 'hearing_before_removal')).toMatchObject({
      answer: 'yes',
      decidedBy: ['hr'],
    });
  });

  it('answers unknown when a hearing may or may not have preceded the removal', () => {
    const input = {
      ...base,
      proceedingEvents: [{ id: 'hr', proceedingId: 'pr', kind: 'hearing', occurredAt: '2025' }],
    };
    expect(answer(input, 'hearing_before_removal')?.answer).toBe('unknown');
  });

  it('says never charged when allegations exist and none was charged', () => {
    expect(answer(base, 'criminal_charge')).toMatchObject({ answer: 'no', decidedBy: ['a1'] });
    expect(answer({ ...base, allegations: [] }, 'criminal_charge')?.answer).toBe('unknown');
    const charged = {
      ...base,
      allegations: [{ id: 'a2', status: 'charged', category: 'gang_membership' }],
    };
    expect(answer(charged, 'criminal_charge')).toMatchObject({ answer: 'yes', decidedBy: ['a2'] });
  });

  it('counts days held without charge from the first detention to the release', () => {
    expect(dueProcess(base).daysHeldWithoutCharge).toMatchObject({
      from: '2025',
      to: '2025-07',
      min: 0,
      max: 211,
    });
  });

  it('counts days held up to today while the person is still held', () => {
    const still = custodyChain([
      event('d', { kind: 'detained', occurredAt: '2026-11-01', custodianId: 'ice' }),
    ]);
    expect(dueProcess({ ...base, chain: still }).daysHeldWithoutCharge).toMatchObject({
      min: 23,
      max: 23,
      to: null,
    });
  });

  it('reads incommunicado detention as the family not being told, and counts its days', () => {
    const input = {
      ...base,
      incidents: [
        {
          id: 'i1',
          kind: 'incommunicado_detention',
          occurredFrom: '2025-03-16',
          occurredTo: '2025-04-15',
        },
      ],
    };
    expect(answer(input, 'family_told_of_whereabouts')).toMatchObject({
      answer: 'no',
      decidedBy: ['i1'],
    });
    expect(dueProcess(input).daysIncommunicado).toEqual({ min: 30, max: 30, decidedBy: ['i1'] });
  });

  it('finds a way to challenge removal in a court order in the person’s proceedings', () => {
    const input = {
      ...base,
      proceedingEvents: [{ id: 'o1', proceedingId: 'jgg', kind: 'ruling', occurredAt: '2025-12' }],
    };
    expect(answer(input, 'way_to_challenge_removal')).toMatchObject({
      answer: 'yes',
      decidedBy: ['o1'],
    });
  });
});
