import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible, screenshotsAtBothSizes } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PASSWORD = 'release-e2e-password';

run('release announcements in a real browser: a request marked shipped drafts one announcement per account that asked', () => {
  let server: TestServer;
  let browser: Browser;
  let admin = '';
  const accounts: Record<string, string> = {};

  async function request(accountId: string, title: string) {
    const id = server.deps.newId();
    const at = '2026-09-01T10:00:00.000Z';
    await server.deps.store.db
      .insertInto('feature_requests')
      .values({
        id,
        account_id: accountId,
        source: 'csv',
        external_id: null,
        title,
        status: 'open',
        raw_status: null,
        priority: null,
        url: null,
        raised_in_meeting_id: null,
        dismissed_reason: null,
        opened_at: at,
        closed_at: null,
        created_at: at,
        updated_at: at,
        shipped_in: null,
        shipped_at: null,
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite', [], { vendorName: 'Acme' });
    admin = (await server.userWithToken('admin')).token;
    const add = async (email: string, name: string) => {
      const made = await server.call('POST', '/api/users', { token: admin, body: { email, name, role: 'csm', timezone: 'UTC', password: PASSWORD } });
      expect(made.status).toBe(201);
      return made.body.id as string;
    };
    const carla = await add('carla.csm@example.com', 'Carla Csm');
    const dan = await add('dan.csm@example.com', 'Dan Csm');
    accounts.stark = (await makeAccount(server.deps, { name: 'Stark Industries', ownerId: carla })).id;
    accounts.wayne = (await makeAccount(server.deps, { name: 'Wayne Enterprises', ownerId: carla })).id;
    accounts.oscorp = (await makeAccount(server.deps, { name: 'Oscorp', ownerId: dan })).id;
    await request(accounts.stark, 'Audit log export to S3');
    await request(accounts.wayne, 'audit log export to s3');
    await request(accounts.oscorp, 'Audit Log Export to S3');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("a CSM marks a request shipped in 4.2 from the account's Tickets & requests: both her accounts get a draft, the other CSM's account is counted", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill('carla.csm@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${server.url}/accounts/${accounts.stark}/tickets`);
    const open = page.getByRole('list', { name: 'Open feature requests' });
    await open.getByText('Audit log export to S3').waitFor();
    await open.getByRole('button', { name: /^Mark shipped in release…/ }).click();
    await page.getByRole('button', { name: 'Mark shipped and draft announcements' }).click();
    await page.getByRole('alert').filter({ hasText: 'name the release it shipped in' }).waitFor();
    await page.getByLabel('Release', { exact: true }).fill('4.2');
    await page.getByRole('button', { name: 'Mark shipped and draft announcements' }).click();

    const drafts = page.getByRole('region', { name: /Shipped in 4\.2: 2 announcements drafted/ });
    await drafts.waitFor();
    await expect(drafts.getByRole('status').textContent()).resolves.toContain('3 accounts asked for it');
    await expect(drafts.getByRole('status').textContent()).resolves.toContain('1 of them are outside your book');
    const stark = drafts.getByRole('article', { name: 'Announcement for Stark Industries' });
    await expect(stark.getByRole('textbox').inputValue()).resolves.toContain('4.2');
    await drafts.getByRole('article', { name: 'Announcement for Wayne Enterprises' }).waitFor();
    expect(await drafts.getByRole('article', { name: 'Announcement for Oscorp' }).count()).toBe(0);
    await expectAccessible(page, 'release announcements');
    await screenshotsAtBothSizes(page, 'release-announcements');

    // Every account's copy is shipped, as the other CSM sees it on his account's timeline.
    for (const id of Object.values(accounts)) {
      const timeline = await server.call('GET', `/api/accounts/${id}/timeline`, { token: admin });
      expect(JSON.stringify(timeline.body), id).toContain('shipped in 4.2');
    }
    await drafts.getByRole('button', { name: 'Done' }).click();
    await page.getByText('No open feature request.').waitFor();
    await page.context().close();
  }, 120_000);
});
