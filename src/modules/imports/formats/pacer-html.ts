import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { Docket, DocketEntry, DocketParty } from './docket.js';
import { docketOutputs } from './docket-source.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';

/**
 * A district court's CM/ECF "Docket Report" page, saved from PACER. The page is a layout of
 * tables, so it is read by what the tables say rather than where they sit: the case header in
 * the `<h3>`, the case details as labelled lines ("Assigned to:", "Date Filed:"), parties as
 * rows under an underlined role, and the entries from the table whose header reads
 * "Date Filed | # | Docket Text" (some courts add a "Select" column for downloads).
 */
type Page = cheerio.CheerioAPI;

/** Text of a cell with `<br>` as line breaks and spaces collapsed within lines. */
function lines(page: Page, element: Element): string[] {
  const copy = page(element).clone();
  copy.find('br').replaceWith('\n');
  copy.find('table').remove();
  return copy
    .text()
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const usDate = (value: string | undefined) => {
  const match = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(value ?? '');
  return match
    ? `${match[3]}-${match[1]?.padStart(2, '0')}-${match[2]?.padStart(2, '0')}`
    : undefined;
};

function labelled(all: string[], label: string): string | undefined {
  const line = all.find((l) => l.toLowerCase().startsWith(`${label.toLowerCase()}:`));
  return line?.slice(label.length + 1).trim() || undefined;
}

function parties(page: Page): DocketParty[] {
  const found: DocketParty[] = [];
  let role: string | null = null;
  page('tr').each((_, row) => {
    const cells = page(row).children('td');
    const heading = cells.first().find('b > u');
    if (cells.length === 1 && heading.length) {
      role = heading.text().trim();
      return;
    }
    if (!role || cells.length < 3 || !/represented/i.test(cells.eq(1).text())) return;
    const name = cells.first().find('b').first().text().replace(/\s+/g, ' ').trim();
    const attorneys: DocketParty['attorneys'] = [];
    cells
      .eq(2)
      .contents()
      .each((_, node) => {
        if (node.type !== 'tag') return;
        const tag = node.tagName.toLowerCase();
        const value = page(node).text().replace(/\s+/g, ' ').trim();
        if (tag === 'b' && value) attorneys.push({ name: value, roles: [] });
        if (tag === 'i' && value) attorneys.at(-1)?.roles.push(value);
      });
    if (name) found.push({ name, type: role, attorneys });
  });
  return found;
}

function entries(page: Page): DocketEntry[] {
  const table = page('table')
    .filter((_, t) => /Docket Text/i.test(page(t).find('tr').first().text()))
    .first();
  if (!table.length) return [];
  const header = table
    .find('tr')
    .first()
    .children('td, th')
    .map((_, cell) => page(cell).text().replace(/\s+/g, ' ').trim())
    .get();
  const at = (pattern: RegExp) => header.findIndex((h) => pattern.test(h));
  const dateAt = at(/^Date Filed/i);
  const numberAt = at(/^#$/);
  const textAt = at(/Docket Text/i);
  const found: DocketEntry[] = [];
  table
    .children('tbody')
    .add(table)
    .children('tr')
    .slice(1)
    .each((_, row) => {
      const cells = page(row).children('td');
      const dateFiled = usDate(cells.eq(dateAt).text());
      if (!dateFiled) return; // the rows listing an entry's attachments have no date
      const number = cells.eq(numberAt).text().replace(/\s+/g, '').trim();
      const textCell = cells.eq(textAt).clone();
      textCell.find('table').remove();
      found.push({
        dateFiled,
        number: number || null,
        description: textCell.text().replace(/\s+/g, ' ').trim(),
      });
    });
  return found;
}

export function docketFromHtml(html: string): Docket {
  const page = cheerio.load(html);
  const heading = page('h3').first();
  const headingLines = heading.length ? lines(page, heading.get(0) as Element) : [];
  const caseLine = headingLines.find((l) => /DOCKET FOR CASE #:/i.test(l));
  const docketNumber = caseLine?.split('#:')[1]?.trim();
  // the court's id is in every document link: https://ecf.njd.uscourts.gov/doc1/…
  const courtId = page('a[href*="uscourts.gov"]')
    .map((_, a) => /ecf\.([a-z0-9]+)\.uscourts\.gov/.exec(page(a).attr('href') ?? '')?.[1])
    .get()[0];
  const details = page('td[valign="top"]')
    .filter((_, td) => /Date Filed:|Assigned to:/i.test(page(td).text()))
    .map((_, td) => lines(page, td as Element))
    .get()
    .flat() as string[];
  const caseName = details.find((l) => / v\.? /i.test(l) && !l.includes(':'));
  if (!docketNumber || !courtId || !caseName) {
    throw new Error('not a PACER docket report: no case number, court or case name found');
  }
  return {
    courtId,
    courtName: headingLines[1]?.replace(/\s*\[LIVE\]|\s*\([^)]*\)/g, '').trim(),
    docketNumber,
    caseName,
    dateFiled: usDate(labelled(details, 'Date Filed')),
    dateTerminated: usDate(labelled(details, 'Date Terminated')),
    judge: labelled(details, 'Assigned to'),
    cause: labelled(details, 'Cause'),
    natureOfSuit: labelled(details, 'Nature of Suit'),
    jurisdiction: labelled(details, 'Jurisdiction'),
    parties: parties(page),
    entries: entries(page),
  };
}

async function* readPacerHtml(path: string, options: ReadOptions = {}): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  let docket: Docket;
  try {
    docket = docketFromHtml(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  yield* docketOutputs(docket, file, 'PACER (CM/ECF docket report)', options.accessedAt);
}

export const pacerHtmlReader: FormatReader = {
  name: 'pacer-html',
  description: 'PACER CM/ECF docket report saved as HTML',
  read: readPacerHtml,
};
