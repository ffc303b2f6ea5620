import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

// HubSpot's company search answer (https://developers.hubspot.com/docs/api/crm/search): results[] { id, properties }, last page without paging.
const COMPANIES = [
  { id: '7001', properties: { name: 'Café Müller', domain: 'cafe-mueller.example', hubspot_owner_id: null, annualrevenue: '64000', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-01T08:30:00.000Z' } },
  { id: '7002', properties: { name: 'Vandelay Industries', domain: 'vandelay.example', hubspot_owner_id: null, annualrevenue: 'a lot', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-01T09:00:00.000Z' } },
];

run('accounts from the CRM on the integrations settings page', () => {
  let server: TestServer;
  let vendor: LocalServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    vendor = await startLocalServer((req) => (req.path === '/crm/v3/objects/companies/search' ? { json: { total: 2, results: COMPANIES } } : req.path === '/crm/v3/owners' ? { json: { results: [] } } : { status: 404, json: {} }));
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    const admin = (await server.userWithToken('admin')).token;
    const made = await server.call('POST', '/api/integrations', { token: admin, body: { name: 'hubspot', kind: 'hubspot', settings: { baseUrl: vendor.url, accessToken: 'pat-e2e', http: { maxAttempts: 1 } } } });
    expect(made.status).toBe(201);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await vendor?.close();
  });

  async function signedIn(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_LOGIN);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    return page;
  }

  it('a pull from the keyboard shows what it created and each skipped record with its reason, and the page stays accessible', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/settings/integrations`);
    await page.getByRole('heading', { name: 'Accounts from your CRM' }).waitFor();
    await expect(page.getByRole('article', { name: 'hubspot pull' }).textContent()).resolves.toContain('Last pull: never');

    await page.getByRole('button', { name: 'Pull hubspot now' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'hubspot:' }).textContent()).resolves.toContain('1 created, 0 updated, 0 unchanged, 1 skipped');
    const card = page.getByRole('article', { name: 'hubspot pull' });
    await card.getByText('Skipped records (1)').waitFor();
    await card.getByText('Skipped records (1)').click();
    await expect(card.textContent()).resolves.toContain("Vandelay Industries (7002): annualrevenue 'a lot' is not a number");
    await expect(card.textContent()).resolves.toMatch(/ok\s*1 created/);
    expect((await seriousA11yViolations(page)).map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
