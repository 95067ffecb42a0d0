import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  apiPatch,
  axeViolations,
  collectProblems,
  harnessForFile,
  shot,
  signIn,
} from './harness.js';

/**
 * The schema-driven record pages in the built app: forms for any type, the reference and
 * citation pickers, API field errors, the history diff, source attachments, accessibility and
 * phone width.
 */
const harness = harnessForFile();

/** Types into a reference picker and picks the named match with the keyboard. */
async function pick(page: Page, field: string, typed: string, option: string | RegExp) {
  const box = page.getByRole('combobox', { name: field, exact: true });
  await box.fill(typed);
  await page.getByRole('option', { name: option }).first().waitFor();
  await expect
    .poll(() => page.locator('[role="listbox"]:visible [role="option"].active').textContent())
    .toMatch(option);
  await box.press('Enter');
  await expect.poll(() => box.inputValue()).toMatch(option);
}

async function newPage(width = 1280) {
  const context = await harness.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = collectProblems(page);
  await signIn(page, harness.baseUrl);
  return { context, page, problems };
}

describe('record pages', () => {
  it('creates an organization, then a place it operates, found by typing its name', async () => {
    const { context, page, problems } = await newPage();
    await page.getByRole('link', { name: 'Records' }).click();
    await page.getByRole('link', { name: 'Organizations', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    await page.getByRole('table').waitFor();
    const faults: Record<string, string[]> = { list: await axeViolations(page) };
    await shot(page, 'records-organizations');

    await page.getByRole('link', { name: 'New organization' }).click();
    await page.getByLabel('Name (required)').fill('Browser Test Prison Authority');
    // a required field left empty: the API names it and the form shows it there
    await page.getByRole('button', { name: 'Save' }).click();
    const kind = page.getByRole('combobox', { name: 'Kind (required)' });
    await expect.poll(() => kind.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.evaluate('document.activeElement?.id'))
      .toBe(await kind.getAttribute('id'));
    await kind.selectOption('prison_authority');
    await page.getByLabel('Country').fill('SV');
    await expect.poll(() => page.locator('.parsed').first().textContent()).toContain('El Salvador');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser Test Prison Authority' }).waitFor();
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('prison authority');
    faults.detail = await axeViolations(page);

    // delete needs a reason; a deleted record can be restored from the same page
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Say why the record is deleted.').waitFor();
    await page.getByLabel('Reason for the change').fill('Entered twice');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('This record was deleted.').waitFor();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('link', { name: 'Edit' }).waitFor();

    await page.goto(`${harness.baseUrl}/places/new`);
    await page.getByLabel('Name (required)').fill('Browser Test Penal Centre');
    await page.getByRole('combobox', { name: 'Kind (required)' }).selectOption('prison');
    await pick(page, 'Operator', 'browser test pri', 'Browser Test Prison Authority');
    faults.form = await axeViolations(page);
    await shot(page, 'records-place-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser Test Penal Centre' }).waitFor();
    const operator = page
      .locator('dl.fields')
      .getByRole('link', { name: 'Browser Test Prison Authority' });
    await operator.waitFor();
    await shot(page, 'records-place');

    expect({ faults, problems }).toEqual({
      faults: { list: [], detail: [], form: [] },
      problems: [],
    });
    await context.close();
  });

  it('records a custody event with a citation, rejects a bad date on edit, and shows the change in the history', async () => {
    const { context, page, problems } = await newPage();
    await page.goto(`${harness.baseUrl}/custody-events/new`);
    await pick(page, 'Person (required)', 'jerce', /Jerce Reyes Barrios/);
    await page.getByRole('combobox', { name: 'Kind (required)' }).selectOption('transferred');
    await page.getByLabel('When').fill('2025-04~');
    await expect
      .poll(() => page.locator('.parsed').first().textContent())
      .toContain('about April 2025');
    await page
      .getByLabel('Description')
      .fill('Browser records test: moved to the isolation block.');
    await pick(page, 'Source 1', 'abc news', /ABC News interview/);
    await page.getByLabel('Locator').fill('04:12');
    await page.getByRole('button', { name: 'Save' }).click();

    await page
      .getByRole('heading', { level: 1, name: /^Transferred, about April 2025$/ })
      .waitFor();
    const cited = page.locator('.citation-list');
    await expect
      .poll(() => cited.textContent())
      .toContain('ABC News interview with Jerce Reyes Barrios');
    await expect.poll(() => cited.textContent()).toContain('04:12');
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('about April 2025');
    await shot(page, 'records-custody-event');

    await page.getByRole('link', { name: 'Edit' }).click();
    const when = page.getByLabel('When');
    await expect.poll(() => when.inputValue()).toBe('2025-04~');
    await when.fill('2025-13');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field.invalid').filter({ hasText: 'When' }).waitFor();
    await expect.poll(() => when.getAttribute('aria-invalid')).toBe('true');
    await expect
      .poll(() => page.evaluate('document.activeElement?.id'))
      .toBe(await when.getAttribute('id'));
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('When');
    await shot(page, 'records-custody-event-error');

    await when.fill('2025-05');
    await page.getByLabel('Reason for the change').fill('The month was misread');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('May 2025');

    await page.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History of a custody event' }).waitFor();
    const latest = page.locator('.history > li').first();
    await expect.poll(() => latest.textContent()).toContain('Why: The month was misread');
    const row = latest.locator('.diff tr').filter({ hasText: 'When' });
    await expect.poll(() => row.locator('del').textContent()).toBe('about April 2025');
    await expect.poll(() => row.locator('ins').textContent()).toBe('May 2025');
    await shot(page, 'records-history');

    await page.getByRole('link', { name: 'Back to the dossier' }).click();
    await page.getByRole('heading', { name: 'Custody timeline' }).waitFor();
    await expect
      .poll(() => page.locator('.timeline').textContent())
      .toContain('Browser records test: moved to the isolation block.');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('uploads a file to a source, shows its SHA-256, and keeps an edit someone else made meanwhile', async () => {
    const { context, page, problems } = await newPage();
    await page.goto(`${harness.baseUrl}/sources/new`);
    await page.getByLabel('Title (required)').fill('Browser test transfer manifest');
    await page.getByRole('combobox', { name: 'Kind (required)' }).selectOption('government_record');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser test transfer manifest' }).waitFor();

    const bytes = Buffer.from('Manifest, flight of 15 March 2025: 238 passengers.\n');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Choose a file first.').waitFor();
    await page
      .getByLabel('File to attach')
      .setInputFiles({ name: 'manifest.txt', mimeType: 'text/plain', buffer: bytes });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('status').last().textContent()).toContain(sha256);
    const row = page.locator('.attachments tbody tr').filter({ hasText: 'manifest.txt' });
    await expect.poll(() => row.locator('code').textContent()).toBe(sha256);
    const download = row.getByRole('link', { name: 'Download manifest.txt' });
    expect(await download.getAttribute('href')).toMatch(new RegExp(`/attachments/${sha256}$`));
    await shot(page, 'records-source-attachment');

    // someone else edits while the form is open: the save is refused, nothing typed is lost
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Publisher').fill('Ministry of Security');
    const sourceId = page.url().split('/').at(-2) ?? '';
    await apiPatch(page, harness.baseUrl, `/api/v1/sources/${sourceId}`, { language: 'es' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Someone else changed this record/).waitFor();
    expect(await page.getByLabel('Publisher').inputValue()).toBe('Ministry of Security');
    await page.getByRole('button', { name: 'Load their version and keep my changes' }).click();
    await expect
      .poll(() => page.getByLabel('Language', { exact: true }).last().inputValue())
      .toBe('es');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Browser test transfer manifest' }).waitFor();
    await expect
      .poll(() => page.locator('dl.fields').textContent())
      .toContain('Ministry of Security');
    await expect.poll(() => page.locator('dl.fields').textContent()).toContain('es');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('builds a list and a new-record form for every record type from the OpenAPI document', async () => {
    const { context, page, problems } = await newPage();
    const types = {
      people: 'person',
      organizations: 'organization',
      places: 'place',
      'custody-events': 'custody event',
      sources: 'source',
      citations: 'citation',
      allegations: 'allegation',
      proceedings: 'proceeding',
      'proceeding-events': 'docket entry',
      incidents: 'incident',
      testimonies: 'testimony',
      statements: 'statement',
      claims: 'claim',
    };
    const faults: Record<string, string[]> = {};
    for (const [slug, one] of Object.entries(types)) {
      await page.goto(`${harness.baseUrl}/${slug}/new`);
      await page.getByRole('heading', { level: 1, name: `New ${one}` }).waitFor();
      await page.getByRole('button', { name: 'Save' }).waitFor();
      faults[slug] = await axeViolations(page);
      if (slug !== 'people') {
        await page.goto(`${harness.baseUrl}/${slug}`);
        await page.getByRole('link', { name: `New ${one}` }).waitFor();
        await page.locator('main [role="status"]').waitFor({ state: 'detached' });
      }
    }
    await shot(page, 'records-claim-form');
    expect({ faults, problems }).toEqual({
      faults: Object.fromEntries(Object.keys(types).map((slug) => [slug, []])),
      problems: [],
    });
    await context.close();
  }, 180_000);

  it('fits a form on a 390 px screen, in Spanish, with no serious accessibility faults', async () => {
    const { context, page, problems } = await newPage(390);
    await page.getByLabel('Language').selectOption('es');
    await page.goto(`${harness.baseUrl}/custody-events/new`);
    await page
      .getByRole('heading', { level: 1, name: 'Nuevo registro: evento de custodia' })
      .waitFor();
    await page.getByLabel('Cuándo').fill('2025-03/2025-07');
    await expect
      .poll(() => page.locator('.parsed').first().textContent())
      .toContain('marzo de 2025');
    const faults = await axeViolations(page);
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth > window.innerWidth',
    );
    await shot(page, 'records-custody-form-390-es');
    expect({ faults, overflow, problems }).toEqual({ faults: [], overflow: false, problems: [] });
    await context.close();
  });
});
