import { describe, expect, it } from 'vitest';
import { sharedReads } from './shared-reads.js';

/** A read whose answers the test hands out one at a time. */
function controlledRead() {
  const pending: { resolve(value: number): void; reject(error: Error): void }[] = [];
  const read = () =>
    new Promise<number>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { read, pending };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('sharedReads', () => {
  it('gives callers arriving during a read the next read, sent once for all of them', async () => {
    const { read, pending } = controlledRead();
    const current = sharedReads(read);
    const first = current();
    const second = current();
    const third = current();
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(1);
    expect(await first).toBe(1);
    await settle();
    // the read the first caller got may predate the others: they wait for a fresh one
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
  });

  it('sends a read for each caller that arrives when none is on its way', async () => {
    const { read, pending } = controlledRead();
    const current = sharedReads(read);
    for (const value of [5, 6, 7]) {
      const answer = current();
      pending.at(-1)!.resolve(value);
      expect(await answer).toBe(value);
    }
    expect(pending).toHaveLength(3);
  });

  it('fails the callers of a failed read, and the ones waiting still get the next read', async () => {
    const { read, pending } = controlledRead();
    const current = sharedReads(read);
    const failing = current();
    const waiting = current();
    pending[0]!.reject(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await settle();
    pending[1]!.resolve(9);
    expect(await waiting).toBe(9);
    // and nothing is left on its way: the next caller sends its own read
    const later = current();
    expect(pending).toHaveLength(3);
    pending[2]!.resolve(10);
    expect(await later).toBe(10);
  });
});
