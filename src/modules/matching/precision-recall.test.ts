import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockingKeys } from './blocking.js';
import { matchProfile } from './profile.js';
import { QUEUE_THRESHOLD, scoreIfQueued, scorePair } from './score.js';

interface LabelledPair {
  a: string;
  b: string;
  same: boolean;
  variant: string;
}

/** Built by scripts/generate-matching-pairs.ts from the real ICE and CECOT name lists. */
const pairs: LabelledPair[] = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/matching-pairs.json', import.meta.url), 'utf8'),
);

/** A person known only by one written name, as a row of an imported list is. */
const written = (name: string) => ({ aliases: [name] });

/** Whether the queue would ever compare the two: only people sharing a blocking key are. */
function compared(a: string, b: string): boolean {
  const keys = new Set(blockingKeys(written(a)));
  return blockingKeys(written(b)).some((key) => keys.has(key));
}

/** As the queue finds pairs: compared (blocking), then scored at or above `threshold`. */
function measure(threshold: number) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const misses: string[] = [];
  for (const pair of pairs) {
    const { score } = scorePair(written(pair.a), written(pair.b));
    const flagged = score >= threshold && compared(pair.a, pair.b);
    if (flagged && pair.same) truePositives++;
    if (flagged && !pair.same) falsePositives++;
    if (!flagged && pair.same) falseNegatives++;
    if (flagged !== pair.same) misses.push(`${pair.variant}: ${pair.a} / ${pair.b} → ${score}`);
  }
  const precision = truePositives / (truePositives + falsePositives);
  const recall = truePositives / (truePositives + falseNegatives);
  const f1 = (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, misses };
}

describe('the person matcher on the labelled fixture', () => {
  it('holds at least 200 labelled pairs, both kinds, from the real name conventions', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(100);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(100);
  });

  it('keeps precision and recall above their floors at the queue threshold', () => {
    const { precision, recall, f1, misses } = measure(QUEUE_THRESHOLD);
    console.log(
      `matching fixture: ${pairs.length} pairs at threshold ${QUEUE_THRESHOLD}: ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${f1.toFixed(3)}`,
    );
    if (misses.length > 0) console.log(`misclassified:\n  ${misses.join('\n  ')}`);
    // How the trade-off moves around the threshold, for whoever tunes it next.
    for (const other of [0.6, 0.7, 0.9]) {
      const m = measure(other);
      console.log(
        `  at ${other}: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}, F1 ${m.f1.toFixed(3)}`,
      );
    }
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe('scoreIfQueued, the write path’s shortcut, on records and on profiles', () => {
  const sides = [
    {},
    { birthDate: '1990-05-01' },
    { birthDate: '1990' },
    { birthDate: '1971-02-03' },
    { nationalities: ['VE'] },
    { nationalities: ['SV'], sex: 'female' },
    { sex: 'male' },
    { identifiers: [{ kind: 'a_number', value: 'A-200-111-222' }] },
    { identifiers: [{ kind: 'a_number', value: '200111333' }], birthDate: '1971' },
    { identifiers: [{ kind: 'passport', value: 'x-100', country: 'VE' }], sex: 'female' },
    {
      identifiers: [
        { kind: 'passport', value: 'X100', country: 'CO' },
        { kind: 'other', value: '7' },
        { kind: 'passport', value: 'P-9', country: 'VE' },
      ],
    },
    {
      identifiers: [
        { kind: 'passport', value: 'X 100', country: 'VE' },
        { kind: 'a_number', value: 'A200111222' },
      ],
      nationalities: ['VE', 'CO'],
    },
  ];

  it('gives scorePair’s answer for every fixture pair, whatever else the records say', () => {
    let queued = 0;
    let skipped = 0;
    for (const pair of pairs) {
      for (const sideA of sides) {
        for (const sideB of sides) {
          const a = { ...written(pair.a), ...sideA };
          const b = { ...written(pair.b), ...sideB };
          const full = scorePair(a, b);
          const shortcut = scoreIfQueued(a, b);
          expect(shortcut).toEqual(full.score >= QUEUE_THRESHOLD ? full : null);
          // the write path compares stored profiles (identifiers by digest), to the same answer
          expect(scoreIfQueued(matchProfile(a), matchProfile(b))).toEqual(shortcut);
          if (shortcut) queued++;
          else skipped++;
        }
      }
    }
    // Both outcomes occur, so the comparison above was not trivially one-sided.
    expect(queued).toBeGreaterThan(100);
    expect(skipped).toBeGreaterThan(100);
  });
});
