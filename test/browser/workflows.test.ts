import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ADMIN,
  apiGet,
  apiPost,
  axeViolations,
  collectProblems,
  harnessForFile,
  shot,
  signIn,
} from './harness.js';

/**
 * The working day's flows in the built UI: what needs attention, narrowing and saving the
 * people list, administration, the duplicate review queue and a spreadsheet import.
 */
const h = harnessForFile();

async function adminPage(width = 1280): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, h.baseUrl, ADMIN.email, ADMIN.password);
  return page;
}

describe('the working day in the web UI', () => {
  it('puts an unmet deadline first and shows a detained person with no custody record', async () => {
    const page = await adminPage();
    const problems = collectProblems(page);
    const day = (offset: number) =>
      new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const proceeding = await apiPost(page, h.baseUrl, '/api/v1/proceedings', {
      title: 'Browser v. Deadline',
      kind: 'habeas',
      status: 'active',
    });
    await apiPost(page, h.baseUrl, '/api/v1/proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'deadline',
      title: 'Reply brief due',
      dueAt: day(3),
    });
    await apiPost(page, h.baseUrl, '/api/v1/proceeding-events', {
      proceedingId: proceeding.id,
      kind: 'order',
      title: 'Order to produce the manifests',
      occurredAt: day(-20),
      order: {
        directive: 'Produce the flight manifests',
        deadline: day(-5),
        compliance: 'pending',
      },
    });
    const person = await apiPost(page, h.baseUrl, '/api/v1/people', {
      givenNames: 'Odalys',
      familyNames: 'Paredes Lugo',
      roles: ['detained'],
    });
    // no custody event at all: the status is unknown, and unknown comes before stale
    await page.goto(`${h.baseUrl}/`);
    const attention = page.locator('section[aria-labelledby="home-attention"]');
    const entry = attention.locator('li').filter({ hasText: 'Odalys Paredes Lugo' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('status unknown');
    expect(await entry.textContent()).toContain('No custody record');
    expect(person.id).toBeTruthy();
    await page.getByRole('heading', { name: 'Upcoming hearings and deadlines' }).waitFor();
    await page.locator('main p[role="status"]').first().waitFor({ state: 'detached' });
    const upcoming = page.locator('section[aria-labelledby="home-upcoming"] li');
    await expect.poll(() => upcoming.count()).toBe(2);
    expect(await upcoming.nth(0).getAttribute('class')).toContain('overdue');
    expect(await upcoming.nth(0).textContent()).toMatch(/Overdue.*Order to produce the manifests/);
    expect(await upcoming.nth(0).textContent()).toContain('Browser v. Deadline');
    expect(await upcoming.nth(1).textContent()).toContain('Reply brief due');
    expect(await upcoming.nth(1).textContent()).toContain('in 3 days');
    await shot(page, 'workflows-home');
    await entry.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Odalys Paredes Lugo' }).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('narrows the people list by a facet, keeps it in the URL, and saves and re-applies it', async () => {
    const page = await adminPage();
    const problems = collectProblems(page);
    await page.goto(`${h.baseUrl}/people`);
    const count = page.locator('.result-count');
    await expect.poll(() => count.textContent()).toMatch(/shown of/);
    const before = await count.textContent();

    const released = page.getByRole('group', { name: 'Current status' }).getByLabel(/^Released/);
    await released.check();
    await expect.poll(() => page.url()).toContain('status=released');
    await expect.poll(() => count.textContent()).not.toBe(before);
    await page.getByRole('link', { name: /Jerce Reyes Barrios/ }).waitFor();
    const chip = page.locator('.chip').filter({ hasText: 'Current status: Released' });
    await chip.waitFor();
    await shot(page, 'workflows-people-facet');

    // the back button undoes the facet
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('status=released');
    await expect.poll(() => count.textContent()).toBe(before);
    await page.goForward();
    await expect.poll(() => page.url()).toContain('status=released');

    // save it, leave it, and come back to it by name
    await page.getByText(/^Saved filters/).click();
    await page.getByLabel('Name for the current filters').fill('Released men');
    await page.getByRole('button', { name: 'Save filters' }).click();
    await page.getByText('Saved as “Released men”.').waitFor();
    await page.getByRole('button', { name: 'Remove filter Current status: Released' }).click();
    await expect.poll(() => page.url()).not.toContain('status=');
    await page.reload();
    await page.getByText(/^Saved filters \(1\)/).click();
    await page.getByRole('button', { name: 'Apply “Released men”' }).click();
    await expect.poll(() => page.url()).toContain('status=released');
    await page.locator('.chip').filter({ hasText: 'Current status: Released' }).waitFor();

    // at phone width the panel folds away and nothing overflows sideways
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('link', { name: /Jerce Reyes Barrios/ }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(
      false,
    );
    await shot(page, 'workflows-people-390');
    await page.getByLabel('Language').selectOption('es');
    await page.locator('.chip').filter({ hasText: 'Situación actual: Liberado' }).waitFor();
    await page
      .getByText(/^Filtros/)
      .first()
      .waitFor();
    await page.getByLabel('Idioma').selectOption('en');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('lets an administrator add a user, shown a one-time password once', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    await page.getByText('Add a user').click();
    // a bad address first: the API's reason shows, nothing is created
    await page.getByLabel('Email', { exact: true }).fill('not an address');
    await page.getByLabel('Name', { exact: true }).fill('Ana Viewer');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('alert').filter({ hasText: 'email' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('ana@example.org');
    await page.getByRole('button', { name: 'Add user' }).click();
    const secret = page.locator('.secret-value');
    await secret.waitFor();
    expect((await secret.textContent())?.length).toBeGreaterThan(10);
    await page.getByRole('rowheader', { name: /ana@example.org/ }).waitFor();
    await shot(page, 'workflows-admin-users');
    const users = await apiGet(page, h.baseUrl, '/api/v1/users');
    const ana = users.items.find((u: { email: string }) => u.email === 'ana@example.org');
    expect(ana).toMatchObject({ role: 'viewer', mustChangePassword: true });
    expect(users.items.filter((u: { email: string }) => u.email === 'not an address')).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('tells a viewer that administration is not for them', async () => {
    const admin = await adminPage();
    const viewer = { email: 'vera@example.org', password: 'viewer test password' };
    await apiPost(admin, h.baseUrl, '/api/v1/users', {
      ...viewer,
      displayName: 'Vera',
      role: 'viewer',
      clearance: 'internal',
    });
    await admin.context().close();
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await signIn(page, h.baseUrl, viewer.email, viewer.password);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${h.baseUrl}/admin/users`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Users' }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows a planted duplicate side by side and merges it, with an undo', async () => {
    const page = await adminPage();
    const problems = collectProblems(page);
    const twin = { familyNames: 'Quintero Salas', birthDate: '1994-02-11', nationalities: ['VE'] };
    await apiPost(page, h.baseUrl, '/api/v1/people', { givenNames: 'Wilmer José', ...twin });
    await apiPost(page, h.baseUrl, '/api/v1/people', { givenNames: 'Wilmer Jose', ...twin });
    await page.goto(`${h.baseUrl}/people/duplicates`);
    const card = page.locator('article.candidate').filter({ hasText: 'Quintero Salas' });
    await card.waitFor();
    await card.getByText('Why they may be the same person').waitFor();
    await shot(page, 'workflows-duplicates');
    await card.getByRole('button', { name: 'Merge…' }).click();
    await card.getByLabel('Reason (kept in the history)').fill('Same man, accent dropped');
    await card.getByRole('button', { name: 'Confirm merge' }).click();
    await page.getByText(/was merged into/).waitFor();
    await expect
      .poll(() => page.locator('article.candidate').filter({ hasText: 'Quintero Salas' }).count())
      .toBe(0);
    await page.getByRole('button', { name: 'Undo this merge' }).click();
    await page.getByText(/The merge of .* was undone/).waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('previews a CSV with its automatic mapping, dry-runs it, fixes the mapping and imports', async () => {
    const page = await adminPage();
    const problems = collectProblems(page);
    page.on('dialog', (dialog) => void dialog.accept());
    const csv = [
      'External ID,Given Names,Family Names,Birth Date,Shoe size',
      'csv-1,Yorman,Ramírez Díaz,1990-05,42',
      'csv-2,Luis Alberto,Peña Mora,1990-13-45,40',
    ].join('\n');
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.getByLabel('File').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByLabel('What the rows are').selectOption('person');
    await page.getByRole('button', { name: 'Preview' }).click();
    // each column with its sample values and the field the server chose
    await expect.poll(() => page.getByLabel('Given Names').inputValue()).toBe('givenNames');
    await expect.poll(() => page.getByLabel('Birth Date').inputValue()).toBe('birthDate');
    expect(await page.getByLabel('Shoe size').inputValue()).toBe('');
    await page.getByText('Yorman · Luis Alberto').waitFor();
    await shot(page, 'workflows-import-mapping');

    await page.getByRole('button', { name: 'Dry run: check without saving' }).click();
    await page.getByRole('heading', { name: 'Dry run: nothing was saved' }).waitFor();
    const problemRow = page.locator('table.problems tbody tr').first();
    await problemRow.waitFor();
    expect(await problemRow.locator('th').textContent()).toBe('3');
    expect(await problemRow.locator('td').first().textContent()).toBe('Birth Date');
    await shot(page, 'workflows-import-dry-run');
    const before = await apiGet(page, h.baseUrl, '/api/v1/people?externalId=csv-1');
    expect(before.items).toEqual([]);

    // leave the bad column out, check again, then import for real
    await page.getByLabel('Birth Date').selectOption('');
    await page.getByRole('button', { name: 'Dry run: check without saving' }).click();
    await page.getByText('No problems found.').waitFor();
    await page.getByRole('button', { name: 'Import for real' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor();
    const created = page.locator('.counts div').filter({ hasText: 'Created' }).locator('dd');
    expect(await created.textContent()).toBe('2');
    await shot(page, 'workflows-import-done');
    const after = await apiGet(page, h.baseUrl, '/api/v1/people?externalId=csv-1');
    expect(after.items).toMatchObject([{ givenNames: 'Yorman', familyNames: 'Ramírez Díaz' }]);
    expect(after.items[0].birthDate ?? null).toBeNull();

    // the home page lists the import
    await page.getByRole('link', { name: 'Home' }).click();
    await page
      .locator('section[aria-labelledby="home-imports"]')
      .getByText('people.csv')
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('keeps the JavaScript of the first page under 250 kB compressed', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const scripts: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        scripts.push(response.body().then((body) => gzipSync(body).length));
    });
    await signIn(page, h.baseUrl, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Upcoming hearings and deadlines' }).waitFor();
    const bytes = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
    console.info(`first page: ${scripts.length} scripts, ${bytes} bytes gzipped`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(250_000);
    await context.close();
  }, 60_000);

  for (const width of [390, 1280]) {
    it(`has no serious accessibility faults on home, people and admin pages at ${width} px`, async () => {
      const faults: Record<string, string[]> = {};
      const page = await adminPage(width);
      await page.goto(`${h.baseUrl}/`);
      await page.getByRole('heading', { name: 'Upcoming hearings and deadlines' }).waitFor();
      await page.locator('main p[role="status"]').first().waitFor({ state: 'detached' });
      faults.home = await axeViolations(page);
      await shot(page, `workflows-home-${width}`);
      await page.goto(`${h.baseUrl}/people?status=released`);
      await page.getByRole('link', { name: /Jerce Reyes Barrios/ }).waitFor();
      faults.people = await axeViolations(page);
      await shot(page, `workflows-people-${width}`);
      await page.goto(`${h.baseUrl}/admin/audit`);
      await page.getByRole('heading', { name: 'Chain head' }).waitFor();
      await page.locator('table.audit').waitFor();
      faults.audit = await axeViolations(page);
      await page.getByRole('button', { name: 'Verify the chain' }).click();
      await page.getByText('The chain is unbroken.').waitFor();
      await shot(page, `workflows-audit-${width}`);
      await page.goto(`${h.baseUrl}/admin/vocabularies?scheme=incident_kind`);
      await page.getByText('Tortura', { exact: true }).waitFor();
      faults.vocabularies = await axeViolations(page);
      await shot(page, `workflows-vocabularies-${width}`);
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth > window.innerWidth',
      );
      expect({ faults, overflow }).toEqual({
        faults: { home: [], people: [], audit: [], vocabularies: [] },
        overflow: false,
      });
      await page.context().close();
    }, 120_000);
  }
});
