import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PASSWORD = 'people-e2e-password';

async function expectAccessible(page: Page, screen: string) {
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function screenshots(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}x${height}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

run('Settings → Users in a real browser: invite, deactivate (their session stops), hand off their accounts, reactivate', () => {
  let server: TestServer;
  let browser: Browser;
  let admin = '';

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    admin = (await server.userWithToken('admin')).token;
    expect((await server.call('POST', '/api/users', { token: admin, body: { email: 'ida.admin@example.com', name: 'Ida Admin', role: 'admin', timezone: 'UTC', password: PASSWORD } })).status).toBe(201);
    expect((await server.call('POST', '/api/users', { token: admin, body: { email: 'omar.csm@example.com', name: 'Omar Owner', role: 'csm', timezone: 'UTC', password: PASSWORD } })).status).toBe(201);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string, password = PASSWORD): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  it('an admin adds a CSM who signs in; deactivated, that session stops at once; their account is handed off; reactivated, they sign in again', async () => {
    const page = await signedIn('ida.admin@example.com');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Add a user' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Rita Newhire');
    await page.getByLabel('Email', { exact: true }).fill('rita@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('csm');
    await page.getByLabel('Password (optional)', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'Rita Newhire added.' }).waitFor();
    const listed = (await server.call('GET', '/api/users', { token: admin })).body.items as { id: string; email: string; role: string; active: boolean }[];
    const rita = listed.find((u) => u.email === 'rita@example.com')!;
    expect(rita).toMatchObject({ role: 'csm', active: true });
    await makeAccount(server.deps, { name: 'Fabrikam', ownerId: rita.id });

    // Rita signs in; an admin deactivates her; her next request is refused.
    const ritaPage = await signedIn('rita@example.com');
    expect((await ritaPage.request.get(`${server.url}/api/session`)).status()).toBe(200);
    await page.reload();
    const manage = page.getByRole('group', { name: 'Manage Rita Newhire' });
    await manage.getByRole('button', { name: 'Sessions of Rita Newhire' }).click();
    await manage.getByText(/HeadlessChrome.*: signed in /).waitFor();
    await manage.getByRole('button', { name: 'Deactivate Rita Newhire' }).click();
    await manage.getByRole('button', { name: 'Yes, deactivate Rita Newhire' }).click();
    await manage.getByRole('status').filter({ hasText: 'Rita Newhire is deactivated' }).waitFor();
    expect((await ritaPage.request.get(`${server.url}/api/session`)).status()).toBe(401);
    expect((await server.call('GET', '/api/users', { token: admin })).body.items.find((u: { id: string }) => u.id === rita.id).active).toBe(false);

    // Her account waits for a new owner; the admin hands it to Omar from here.
    const orphans = page.getByRole('list', { name: 'Accounts left without an owner' });
    await orphans.getByRole('link', { name: 'Fabrikam' }).waitFor();
    await page.getByLabel('Hand them to').selectOption({ label: 'Omar Owner' });
    await page.getByRole('button', { name: 'Hand off 1 account' }).click();
    await page.getByRole('status').filter({ hasText: '1 account handed to Omar Owner' }).waitFor();
    const omar = listed.find((u) => u.email === 'omar.csm@example.com')!;
    const account = (await server.call('GET', '/api/accounts?q=Fabrikam', { token: admin })).body.items[0];
    expect(account.ownerId).toBe(omar.id);
    await page.getByText('None: every account’s owner can sign in.').or(page.getByText("None: every account's owner can sign in.")).waitFor();
    await expectAccessible(page, 'users');
    await screenshots(page, 'settings-users');

    // A reset link for Omar; Rita reactivated signs in again.
    await page.getByRole('group', { name: 'Manage Omar Owner' }).getByRole('button', { name: 'Reset password for Omar Owner' }).click();
    await expect(page.getByLabel('Set-password link').inputValue()).resolves.toMatch(/^https?:\/\/.+/);
    await page.getByRole('group', { name: 'Manage Rita Newhire' }).getByRole('button', { name: 'Reactivate Rita Newhire' }).click();
    await page.getByRole('status').filter({ hasText: 'Rita Newhire may sign in again.' }).waitFor();
    const again = await signedIn('rita@example.com');
    expect((await again.request.get(`${server.url}/api/session`)).status()).toBe(200);

    // Rita is promoted: the admin changes her role to manager from the same row.
    const ritaRow = page.getByRole('group', { name: 'Manage Rita Newhire' });
    await ritaRow.getByRole('button', { name: 'Edit Rita Newhire' }).click();
    await ritaRow.getByLabel('Role', { exact: true }).selectOption('manager');
    await ritaRow.getByRole('button', { name: 'Save' }).click();
    await ritaRow.getByRole('status').filter({ hasText: 'Rita Newhire is saved as manager.' }).waitFor();
    expect((await server.call('GET', '/api/users', { token: admin })).body.items.find((u: { id: string }) => u.id === rita.id).role).toBe('manager');
    await again.context().close();
    await ritaPage.context().close();
    await page.context().close();
  }, 180_000);
});
