import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportItem } from '../item.js';
import { courtListenerReader } from './courtlistener.js';
import { findDeadlines } from './docket-deadlines.js';
import { findHearings } from './docket-hearings.js';
import { pacerHtmlReader } from './pacer-html.js';
import { collect } from './read-output.js';

const PACER = join(import.meta.dirname, '../../../../../shared/data/pacer');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const ofType = (items: ImportItem[], type: string) => items.filter((i) => i.type === type);
const read = async (reader: typeof pacerHtmlReader, file: string) =>
  (await collect(reader.read(file))).items;

describe('PACER docket of an immigration habeas case (D.N.J. 2:18-cv-01510)', () => {
  it('reads the HTML into a habeas proceeding with petitioners, respondents and counsel', async () => {
    const items = await read(pacerHtmlReader, join(PACER, 'njd_365922.html'));
    const [proceeding] = ofType(items, 'proceeding');
    expect(proceeding?.externalId).toBe('docket:njd:2:18-cv-01510');
    expect(proceeding?.body).toMatchObject({
      title: 'PANGEMANAN et al v. TSOUKARIS et al',
      docketNumber: '2:18-cv-01510-ES',
      kind: 'habeas',
      status: 'active',
      filedAt: '2018-02-02',
    });
    const parties = proceeding?.body.parties as { role: string; note?: string }[];
    expect(parties.filter((p) => p.role === 'petitioner')).toHaveLength(4);
    expect(parties.filter((p) => p.role === 'respondent')).toHaveLength(7);
    // four ACLU-NJ/McCarter lawyers and one AUSA, each listed once per client they represent
    expect(parties.filter((p) => p.role === 'counsel')).toHaveLength(4 * 4 + 7);
    expect(new Set(ofType(items, 'person').map((p) => p.externalId)).size).toBe(
      ofType(items, 'person').length,
    );
    const judge = items.find((i) => i.externalId === 'us-judge:esther-salas');
    expect(judge?.body).toMatchObject({
      givenNames: 'Esther',
      familyNames: 'Salas',
      roles: ['judge'],
    });
    const events = ofType(items, 'proceeding_event');
    expect(events.map((e) => [e.body.entryNumber, e.body.kind])).toEqual([
      ['1', 'filing'],
      ['2', 'order'],
      ['3', 'order'],
    ]);
    expect(String(events[1]?.body.description)).toContain('temporarily enjoined');
  });

  it('gives the same ids from the HTML and from juriscraper’s JSON of the same docket', async () => {
    const html = await read(pacerHtmlReader, join(PACER, 'njd_365922.html'));
    const json = await read(courtListenerReader, join(PACER, 'njd_365922.json'));
    const ids = (items: ImportItem[]) => items.map((i) => `${i.type} ${i.externalId}`).sort();
    expect(ids(html)).toEqual(ids(json));
  });
});

describe('deadlines in minute orders (D.D.C. 1:20-cv-03010)', () => {
  it('finds the six dated deadlines of the unnumbered minute order', async () => {
    const items = await read(courtListenerReader, join(PACER, 'dcd_3.json'));
    const minute = items.find(
      (i) => i.externalId === 'docket:dcd:1:20-cv-03010:entry:2021-08-19~1',
    );
    expect(minute?.body).toMatchObject({ kind: 'order', occurredAt: '2021-08-19' });
    expect(minute?.body.entryNumber).toBeUndefined();
    expect(minute?.body.order).toMatchObject({ deadline: '2021-08-23' });
    const deadlines = ofType(items, 'proceeding_event').filter((e) => e.body.kind === 'deadline');
    expect(deadlines.map((d) => d.body.dueAt)).toEqual([
      '2021-08-23',
      '2021-08-25',
      '2021-08-26',
      '2021-09-30',
      '2021-08-23',
      '2021-08-30',
    ]);
    expect(String(deadlines[3]?.body.description)).toMatch(/substantial production/);
  });

  it('makes a hearing, in the court’s zone, of a conference set for a time of day', async () => {
    const items = await read(courtListenerReader, join(PACER, 'dcd_3.json'));
    const hearings = ofType(items, 'proceeding_event').filter((e) => e.body.kind === 'hearing');
    expect(hearings.map((h) => [h.externalId, h.body.hearing])).toEqual([
      [
        'docket:dcd:1:20-cv-03010:entry:2021-08-19~1:hearing:1',
        { scheduledFor: '2021-08-31T11:00:00-04:00' },
      ],
    ]);
    // winter time, another zone; a date with no time, or a court whose zone is unknown: none
    const text = 'Motion Hearing set for 1/10/2025 10:00 AM. Status Conference set for 3/1/2025.';
    expect(findHearings(text, '2025-01-02', 'txsd').map((h) => h.scheduledFor)).toEqual([
      '2025-01-10T10:00:00-06:00',
    ]);
    expect(findHearings(text, '2025-01-02', 'xxd')).toEqual([]);
  });

  it('sets no deadline from an entry the clerk marked as entered in error', async () => {
    const items = await read(pacerHtmlReader, join(PACER, 'dcd_3.html'));
    const transcript = items.find((i) => i.externalId === 'docket:dcd:1:20-cv-03010:entry:324');
    expect(transcript?.body.kind).toBe('filing');
    expect(transcript?.body.notes).toMatch(/entered in error/);
    expect(items.some((i) => i.externalId.startsWith('docket:dcd:1:20-cv-03010:entry:324:'))).toBe(
      false,
    );
  });

  it('reads the PACER HTML with its extra "Select" column like the JSON', async () => {
    const html = await read(pacerHtmlReader, join(PACER, 'dcd_3.html'));
    const json = await read(courtListenerReader, join(PACER, 'dcd_3.json'));
    const entries = (items: ImportItem[]) =>
      ofType(items, 'proceeding_event').map((e) => [e.externalId, e.body.kind, e.body.dueAt]);
    expect(entries(html)).toEqual(entries(json));
  });

  it('counts "within N days of this Order" from the entry date, but not business days', () => {
    const text =
      'ORDER: Respondents shall file an answer within fourteen (14) days of this Order. ' +
      'Petitioner may reply on or before March 25, 2025. ' +
      'Counsel shall confer within 5 business days of this Order. ' +
      'A status conference is set for 4/1/2025 at 10:00 AM. Signed by Judge X on 3/1/2025.';
    expect(findDeadlines(text, '2025-03-01').map((d) => d.dueAt)).toEqual([
      '2025-03-15',
      '2025-03-25',
    ]);
  });
});

describe('CourtListener REST v4', () => {
  it('reads a v4 docket with its docket-entries page embedded', async () => {
    const items = await read(courtListenerReader, join(FIXTURES, 'courtlistener-v4-docket.json'));
    const [proceeding] = ofType(items, 'proceeding');
    expect(proceeding?.externalId).toBe('docket:dcd:1:25-cv-00766');
    expect(proceeding?.body).toMatchObject({
      title: 'J.G.G. v. Trump',
      kind: 'habeas',
      filedAt: '2025-03-15',
    });
    const [source] = ofType(items, 'source');
    expect(source?.body.url).toBe('https://www.courtlistener.com/docket/69741724/jgg-v-trump/');
    const deadline = ofType(items, 'proceeding_event').find((e) => e.body.kind === 'deadline');
    expect(deadline?.body).toMatchObject({ dueAt: '2025-03-20', entryNumber: '38' });
  });

  it('refuses JSON that is not a docket, naming what is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cl-'));
    const path = join(dir, 'not-a-docket.json');
    await writeFile(path, JSON.stringify({ case_name: 'X v. Y' }));
    await expect(collect(courtListenerReader.read(path))).rejects.toThrow(
      /no court_id, docket_number/,
    );
    await writeFile(path, '{ broken');
    await expect(collect(courtListenerReader.read(path))).rejects.toThrow(/is not JSON/);
  });

  it('refuses HTML that is not a docket report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pacer-'));
    const path = join(dir, 'login.html');
    await writeFile(path, '<html><body><h3>PACER login</h3></body></html>');
    await expect(collect(pacerHtmlReader.read(path))).rejects.toThrow(/not a PACER docket report/);
  });
});
