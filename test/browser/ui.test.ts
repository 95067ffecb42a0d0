import { describe, expect, it } from 'vitest';
import { ADMIN, apiPost, axeViolations, harnessForFile, shot, signIn } from './harness.js';

/**
 * The built UI, served by the real server over HTTP with the example data, driven through
 * Debian's Chromium. Screenshots of the main pages land in test-artefacts/.
 */
const harness = harnessForFile();

describe('the web UI', () => {
  it('finds a person, shows the dossier, records a custody event and switches to Spanish', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // 401 (no session yet) and 422 (the deliberate bad date) are answers, not faults
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });

    await page.goto(`${harness.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await shot(page, 'sign-in');
    await signIn(page, harness.baseUrl, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Upcoming hearings and deadlines' }).waitFor();
    // Home loads several lists at once, each with its own loading status.
    await expect.poll(() => page.locator('main p[role="status"]').count()).toBe(0);
    await shot(page, 'home');

    await page.getByRole('link', { name: 'People' }).first().click();
    await page.getByRole('searchbox').fill('jerce');
    const person = page.getByRole('link', { name: /Jerce Reyes Barrios/ });
    await person.waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await page.getByLabel('Nationality').selectOption('VE');
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await shot(page, 'people-search');

    await person.click();
    await page.getByRole('heading', { level: 1, name: /Jerce Reyes Barrios/ }).waitFor();
    const banner = page.locator('section.status');
    await expect.poll(() => banner.textContent()).toContain('Released');
    await expect.poll(() => banner.textContent()).toContain('As of July 2025');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('CECOT');
    await shot(page, 'dossier');

    await page.getByRole('link', { name: 'Add custody event' }).click();
    await page.getByLabel('What happened').selectOption('transferred');
    await page.getByLabel('When').fill('2025-03-15/2025-04');
    // a bad date first: the API's field error appears beside the field
    await page.getByLabel('When').fill('2025-13');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.field.invalid').filter({ hasText: 'When' }).waitFor();
    await expect.poll(() => page.getByLabel('When').getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'custody-form-error');

    await page.getByLabel('When').fill('2025-04~');
    await page.getByLabel('Description').fill('Browser test: moved to another block.');
    const sourceOption = page.getByLabel('Source', { exact: true }).locator('option').nth(1);
    const sourceTitle = (await sourceOption.textContent()) ?? '';
    await page.getByLabel('Source', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Locator').fill('p. 2');
    await page.getByRole('button', { name: 'Save' }).click();

    const added = page
      .locator('.timeline li')
      .filter({ hasText: 'Browser test: moved to another block.' });
    await added.waitFor();
    await expect.poll(() => added.textContent()).toContain('about April 2025');
    await expect.poll(() => added.textContent()).toContain(sourceTitle);
    await shot(page, 'dossier-after-edit');

    await added.getByRole('link', { name: 'History' }).click();
    await page.getByRole('heading', { name: 'History of a custody event' }).waitFor();
    await expect.poll(() => page.locator('.history').textContent()).toContain('created');
    await expect
      .poll(() => page.locator('.diff').textContent())
      .toContain('Browser test: moved to another block.');
    await shot(page, 'history');

    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Historial de un evento de custodia' }).waitFor();
    await page.getByRole('link', { name: 'Volver al expediente' }).click();
    await expect.poll(() => page.locator('section.status').textContent()).toContain('Liberado');
    await page.getByRole('heading', { name: 'Cronología de la custodia' }).waitFor();
    await shot(page, 'dossier-es');

    // remembered: a fresh load stays in Spanish
    await page.reload();
    await page.getByRole('heading', { name: 'Situación actual' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('hides a confidential testimony from a viewer without clearance', async () => {
    const admin = await harness.browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, harness.baseUrl, ADMIN.email, ADMIN.password);
    const people = await (
      await adminPage.request.get(`${harness.baseUrl}/api/v1/people?q=jerce`)
    ).json();
    const jerce = people.items[0];
    await apiPost(adminPage, harness.baseUrl, '/api/v1/testimonies', {
      title: 'Sealed declaration (browser test)',
      givenById: jerce.id,
      consentScope: 'court_only',
      sensitivity: 'confidential',
    });
    const viewer = { email: 'viewer@example.org', password: 'viewer test password' };
    await apiPost(adminPage, harness.baseUrl, '/api/v1/users', {
      ...viewer,
      displayName: 'Viewer',
      role: 'viewer',
      clearance: 'public',
    });
    await adminPage.goto(`${harness.baseUrl}/people/${jerce.id}`);
    await adminPage.getByText('Sealed declaration (browser test)').waitFor();
    await admin.close();

    const context = await harness.browser.newContext();
    const page = await context.newPage();
    await signIn(page, harness.baseUrl, viewer.email, viewer.password);
    await page.goto(`${harness.baseUrl}/people/${jerce.id}`);
    await page.getByRole('heading', { name: 'Testimonies', exact: true }).waitFor();
    await page.getByText('ABC News interview with Jerce Reyes Barrios').first().waitFor();
    expect(await page.getByText('Sealed declaration (browser test)').count()).toBe(0);
    await shot(page, 'dossier-viewer');
    await context.close();
  }, 60_000);

  it('has no serious accessibility faults and fits a 390 px screen', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${harness.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const faults: Record<string, string[]> = { signIn: await axeViolations(page) };
    await signIn(page, harness.baseUrl, ADMIN.email, ADMIN.password);
    await page.goto(`${harness.baseUrl}/people?q=jerce`);
    await page.getByRole('link', { name: /Jerce Reyes Barrios/ }).waitFor();
    faults.people = await axeViolations(page);
    await shot(page, 'people-390');
    await page.getByRole('link', { name: /Jerce Reyes Barrios/ }).click();
    await page.getByRole('heading', { name: 'Custody timeline' }).waitFor();
    faults.dossier = await axeViolations(page);
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth > window.innerWidth',
    );
    await shot(page, 'dossier-390');
    await page.getByRole('link', { name: 'Add custody event' }).click();
    await page.getByLabel('When').waitFor();
    faults.form = await axeViolations(page);
    await shot(page, 'custody-form-390');
    expect({ faults, overflow }).toEqual({
      faults: { signIn: [], people: [], dossier: [], form: [] },
      overflow: false,
    });
    await context.close();
  }, 60_000);
});
