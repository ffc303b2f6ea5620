import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createApiToken, LOCAL_OPERATOR } from '../../src/services/users/users.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('the customer’s time zone in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('names the account’s zone, warns before a 3 AM call with both local times, and books it on "Book anyway"', async () => {
    const csm = await makeUser(server.deps, 'csm', { email: 'sam@acme.example' });
    await server.deps.store.db.updateTable('users').set({ timezone: 'Europe/London' }).where('id', '=', csm.user.id).execute();
    const account = await makeAccount(server.deps, { name: 'Wombat Co', ownerId: csm.user.id, timezone: 'Australia/Sydney' });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London' });
    await page.goto(server.url);
    await page.getByLabel('Email').fill('sam@acme.example');
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/accounts/${account.id}`);
    await page.getByRole('heading', { name: 'Wombat Co' }).waitFor();
    await expect(page.locator('.account-zone').textContent()).resolves.toMatch(/Customer time zone: Australia\/Sydney \(now \d\d:\d\d AE[DS]T, Sydney time\)/);

    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('button', { name: 'Schedule a call' }).click();
    await page.getByLabel('Date').fill('2027-03-02');
    await page.getByLabel('Time', { exact: true }).fill('03:00');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'outside working hours' });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain('Tuesday 2 March 2027, 14:00–14:30 AEDT, Sydney time for Wombat Co');
    await expect(warning.textContent()).resolves.toContain('03:00–03:30 GMT, London time');
    await page.screenshot({ path: `${ARTIFACTS}/out-of-hours-warning.png` });
    // Nothing booked until the CSM says so.
    expect(await server.deps.store.db.selectFrom('meetings').select('id').where('account_id', '=', account.id).execute()).toEqual([]);

    await page.getByRole('button', { name: 'Book anyway' }).click();
    await page.waitForURL(/\/meetings\//);
    await expect(page.locator('.ws-head .customer-time').textContent()).resolves.toContain('customer: 14:00 AEDT, Sydney time');
  }, 90_000);

  it('moving a call to 19:00 Berlin warns with both local times and moves it on "Move anyway"', async () => {
    const csm = await makeUser(server.deps, 'csm', { email: 'priya@acme.example' });
    await server.deps.store.db.updateTable('users').set({ timezone: 'Europe/London' }).where('id', '=', csm.user.id).execute();
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone: 'Europe/Berlin' });
    const { token } = await createApiToken(server.deps, LOCAL_OPERATOR, csm.user.id, { name: 'test' });
    const call = await server.call('POST', '/api/meetings', { token, body: { accountId: account.id, startsAt: '2027-03-02T09:00:00Z' } });
    expect(call.status).toBe(201);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London' });
    await page.goto(server.url);
    await page.getByLabel('Email').fill('priya@acme.example');
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/accounts/${account.id}/meetings`);
    await expect(page.locator('.meeting-list .customer-time').first().textContent()).resolves.toContain('customer: 10:00 CET, Berlin time');
    await page.getByRole('button', { name: /^Move call on/ }).click();
    await page.getByLabel('New time').fill('18:00');
    await page.getByRole('button', { name: 'Move and tell the attendees' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'outside working hours' });
    await warning.waitFor();
    await expect(warning.textContent()).resolves.toContain('Tuesday 2 March 2027, 19:00–19:30 CET, Berlin time for Globex');
    expect((await server.call('GET', `/api/meetings/${call.body.id}`, { token })).body.startsAt).toBe('2027-03-02T09:00:00.000Z');
    await page.getByRole('button', { name: 'Move anyway' }).click();
    await page.locator('.meeting-list .customer-time', { hasText: '19:00 CET' }).waitFor();
    expect((await server.call('GET', `/api/meetings/${call.body.id}`, { token })).body).toMatchObject({ startsAt: '2027-03-02T18:00:00.000Z', sequence: 1 });
  }, 90_000);
});
