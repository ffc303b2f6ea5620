/**
 * Issue #18 item 3: the import screen in a real browser. A HubSpot companies export, its contacts and
 * an Excel file saved with semicolons in Windows-1252 go through upload → mapping → preview → import
 * and land in the book of business with their names as written ("Café Müller"); a file with a bad
 * date shows the line-numbered problem and imports nothing; a viewer never sees the way in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserCreateSchema } from '../../src/domain/users.ts';
import { listAccounts } from '../../src/services/accounts/accounts.ts';
import { listContacts } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR, addUser } from '../../src/services/users/users.ts';
import { countAccounts } from '../../src/store/accounts.repo.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const fixture = (name: string) => path.resolve('test/fixtures/import', name);

run('importing the book of business on the import screen', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: { email: string; password: string };
  let viewer: { email: string; password: string };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    // The owners the fixtures name, by email or by name.
    for (const [name, email, role] of [
      ['Maria Manager', 'maria@example.com', 'manager'],
      ['Sam Carter', 'sam@example.com', 'csm'],
    ] as const) {
      await addUser(server.deps, LOCAL_OPERATOR, UserCreateSchema.parse({ name, email, role, password: 'correct horse battery', managerId: null }));
    }
    const a = await makeUser(server.deps, 'admin');
    admin = { email: a.user.email, password: a.password };
    const v = await makeUser(server.deps, 'viewer');
    viewer = { email: v.user.email, password: v.password };
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(who: { email: string; password: string }): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    return page;
  }

  async function expectAccessible(page: Page, where: string): Promise<void> {
    const violations = await seriousA11yViolations(page);
    expect(violations, `${where}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }

  /** Waits for the dry run of the file to answer (the status line names the file once checked). */
  async function checked(page: Page, file: string): Promise<void> {
    await page
      .getByRole('status')
      .filter({ hasText: `Checked ${file}.` })
      .waitFor();
  }

  async function byName(name: string) {
    return (await listAccounts(server.deps, LOCAL_OPERATOR, { q: name, limit: 5 })).items.find((a) => a.name === name);
  }

  it('a HubSpot export, its contacts and an Excel file in Windows-1252 go from upload to the book of business', async () => {
    const page = await signIn(admin);
    await page.getByRole('link', { name: 'Book of business' }).click();
    // The empty book of business leads to the screen, not to a CLI command.
    await page.getByRole('link', { name: 'import your book of business from a CSV file' }).click();
    await page.getByRole('heading', { name: 'Import accounts' }).waitFor();

    await page.getByLabel('CSV file').setInputFiles(fixture('hubspot-companies.csv'));
    await checked(page, 'hubspot-companies.csv');
    await expect(page.getByLabel('Preset').locator('option:checked').textContent()).resolves.toBe('Let Cadence propose (found: HubSpot companies export)');
    await expect(page.getByLabel('Where “Company name” goes').inputValue()).resolves.toBe('name');
    await expect(page.getByLabel('Where “Company owner” goes').inputValue()).resolves.toBe('owner');
    await expect(page.getByLabel('Where “Create Date” goes').inputValue()).resolves.toBe('ignore');
    await expect(
      page
        .getByRole('table', { name: /The first 3 rows/ })
        .getByRole('row', { name: /Initech/ })
        .textContent(),
    ).resolves.toContain('steady');

    // The values are mapped too: HubSpot's "Evangelist" goes to renewal here, and the preview follows.
    const evangelist = page.getByLabel('Cadence value for “Evangelist” (Lifecycle Stage)');
    await expect(evangelist.locator('option:checked').textContent()).resolves.toBe('As Cadence reads it: steady');
    await evangelist.selectOption('renewal');
    await page
      .getByRole('table', { name: /The first 3 rows/ })
      .getByRole('row', { name: /Initech/ })
      .filter({ hasText: 'renewal' })
      .waitFor();
    await checked(page, 'hubspot-companies.csv');
    await expect(page.getByLabel('Preset').locator('option:checked').textContent()).resolves.toBe('Your mapping');
    // The mapping saves as the JSON the CLI reads with --mapping.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Save this mapping' }).click()]);
    expect(download.suggestedFilename()).toBe('accounts-mapping.json');
    expect(JSON.parse(readFileSync(await download.path(), 'utf8'))).toMatchObject({ kind: 'accounts', preset: 'hubspot', columns: { 'Company name': 'name' }, values: { stage: { Evangelist: 'renewal' } } });
    await expectAccessible(page, 'the mapping and preview of a HubSpot export');
    await page.screenshot({ path: `${ARTIFACTS}/import-mapping.png`, fullPage: true });

    await page.getByRole('button', { name: 'Import 3 accounts' }).click();
    await page.getByRole('heading', { name: 'Imported 3 accounts' }).waitFor();
    await expect(page.getByText('3 created, 0 updated, 0 unchanged.').count()).resolves.toBe(1);
    // Done is done: the same file is not sent twice by a second click.
    await expect(page.getByRole('button', { name: 'Import 3 accounts' }).isDisabled()).resolves.toBe(true);
    const links = page.getByRole('list', { name: 'Accounts created and updated' });
    await links.getByRole('link', { name: 'Globex Corporation' }).waitFor();
    await expect(links.getByRole('link').allTextContents()).resolves.toEqual(['Globex Corporation', 'Initech', 'Stark Logistics, Inc.']);
    await page.screenshot({ path: `${ARTIFACTS}/import-result.png`, fullPage: true });
    expect(await byName('Initech')).toMatchObject({ externalId: '9876543211', stage: 'renewal', arr: 250000.5 });
    expect(await byName('Globex Corporation')).toMatchObject({ stage: 'adoption', arr: 1070000 });

    // Contacts the same way, matched to the accounts just imported by name or email domain.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('radio', { name: /^Contacts/ }).check();
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor();
    await page.getByLabel('CSV file').setInputFiles(fixture('hubspot-contacts.csv'));
    await checked(page, 'hubspot-contacts.csv');
    await expect(page.getByLabel('Where “Associated Company” goes').inputValue()).resolves.toBe('account_name');
    await page.getByRole('button', { name: 'Import 2 contacts' }).click();
    await page.getByRole('heading', { name: 'Imported 2 contacts' }).waitFor();
    const hana = (await listContacts(server.deps, LOCAL_OPERATOR, { q: 'hana' })).items[0];
    expect(hana).toMatchObject({ name: 'Hana Tanaka', accountId: (await byName('Globex Corporation'))?.id });

    // Excel's semicolons in Windows-1252: the bytes go up as they are and the server says how it read them.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.getByRole('radio', { name: /^Accounts/ }).check();
    await page.getByLabel('CSV file').setInputFiles(fixture('excel-semicolon-windows-1252.csv'));
    await checked(page, 'excel-semicolon-windows-1252.csv');
    await page.getByText(/Read as Windows-1252 .*, separated by semicolons/).waitFor();
    const sample = page.getByRole('table', { name: /The first 3 rows/ });
    await expect(sample.getByRole('row', { name: /Café Müller/ }).textContent()).resolves.toContain('2027-03-31');
    // An edited mapping travels with the text decoded as the server detected it: the accents survive.
    await page.getByLabel('Where “Notes” goes').selectOption('ignore');
    await expect.poll(() => page.getByLabel('Preset').locator('option:checked').textContent()).toBe('Your mapping');
    await checked(page, 'excel-semicolon-windows-1252.csv');
    await sample.getByRole('row', { name: /Bäckerei Größe/ }).waitFor();
    await page.getByRole('button', { name: 'Import 3 accounts' }).click();
    await page.getByRole('heading', { name: 'Imported 3 accounts' }).waitFor();
    await links.getByRole('link', { name: 'Café Müller' }).waitFor();
    expect(await byName('Café Müller')).toMatchObject({ externalId: 'EU-1001', arr: 1070000, segment: 'enterprise', stage: 'onboarding', renewalDate: '2027-03-31', tags: [] });
    expect(await byName('Société Générale Démo')).toMatchObject({ stage: 'at_risk' });

    await links.getByRole('link', { name: 'Café Müller' }).click();
    await page.getByRole('heading', { name: 'Café Müller' }).waitFor();
    await page.getByRole('link', { name: 'Book of business' }).first().click();
    await page.getByRole('heading', { name: 'Book of business' }).waitFor();
    for (const name of ['Café Müller', 'Bäckerei Größe', 'Société Générale Démo', 'Globex Corporation', 'Initech', 'Stark Logistics, Inc.']) await page.getByRole('link', { name, exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/import-book-of-business.png` });
    await page.close();
  });

  it('a file with a bad date shows the problem with its line and imports nothing', async () => {
    const before = await countAccounts(server.deps.store.db);
    const page = await signIn(admin);
    await page.goto(`${server.url}/import`);
    const rows = Array.from({ length: 12 }, (_, i) => `OK-${i + 1},Good Co ${i + 1},2026-0${(i % 9) + 1}-15`);
    const csv = ['external_id,name,renewal_date', ...rows, 'BAD-13,Bad Date Co,2025-13-01', ''].join('\n');
    // Dropped on the screen rather than chosen.
    const dropped = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'renewals.csv', { type: 'text/csv' }));
      return transfer;
    }, csv);
    await page.dispatchEvent('[data-testid=import-drop]', 'drop', { dataTransfer: dropped });
    await checked(page, 'renewals.csv');
    const alert = page.getByRole('alert').filter({ hasText: 'problem' });
    await expect(alert.textContent()).resolves.toContain("line 14: renewal_date '2025-13-01' is not a date (YYYY-MM-DD)");
    await expect(alert.getByRole('heading').textContent()).resolves.toBe('1 problem: nothing is imported until it is fixed');
    await expect(page.getByRole('row', { name: /^14 Refused/ }).count()).resolves.toBe(1);
    const button = page.getByRole('button', { name: 'Import 13 accounts' });
    await expect(button.isDisabled()).resolves.toBe(true);
    await expect(page.locator('#import-run-why').textContent()).resolves.toBe('Fix the problems above first.');
    await expectAccessible(page, 'a file with a bad date');
    await page.screenshot({ path: `${ARTIFACTS}/import-bad-date.png`, fullPage: true });
    expect(await countAccounts(server.deps.store.db)).toBe(before);

    // A saved mapping for this file that leaves the renewal date out: the problem goes, the import may run.
    const mapping = { kind: 'accounts', columns: { external_id: 'external_id', name: 'name', renewal_date: 'ignore' } };
    await page.getByLabel('Use a saved mapping').setInputFiles({ name: 'no-renewals.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mapping)) });
    await expect.poll(() => page.getByLabel('Preset').locator('option:checked').textContent()).toBe('Your mapping');
    await page.getByRole('status').filter({ hasText: 'Checked renewals.csv. 13 rows: 13 new accounts' }).waitFor();
    await expect(page.getByLabel('Where “renewal_date” goes').inputValue()).resolves.toBe('ignore');
    await expect(button.isEnabled()).resolves.toBe(true);
    // A mapping for contacts is not one for accounts.
    await page.getByLabel('Use a saved mapping').setInputFiles({ name: 'contacts.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...mapping, kind: 'contacts' })) });
    await page.getByRole('alert').filter({ hasText: 'contacts.json is a mapping for contacts, and this import is of accounts' }).waitFor();
    expect(await countAccounts(server.deps.store.db)).toBe(before);
    await page.close();
  });

  it('a viewer has no way in: no import button in the book of business, and the screen says why', async () => {
    const page = await signIn(viewer);
    await page.getByRole('link', { name: 'Book of business' }).click();
    await page.getByRole('heading', { name: 'Book of business' }).waitFor();
    await page.getByText(/^\d+ accounts?$/).waitFor();
    await expect(page.getByRole('link', { name: 'Import accounts' }).count()).resolves.toBe(0);
    await page.goto(`${server.url}/import`);
    await page.getByRole('heading', { name: 'Not yours to see' }).waitFor();
    await page.close();
  });

  it('the fixtures are what the screen reads: the Windows-1252 file is not UTF-8', () => {
    expect(readFileSync(fixture('excel-semicolon-windows-1252.csv')).includes(Buffer.from('Café', 'utf8'))).toBe(false);
  });
});
