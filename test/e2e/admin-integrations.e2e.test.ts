import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible, screenshotsAtBothSizes } from '../helpers/browser.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PASSWORD = 'integrations-e2e-pass';

run('Settings → Integrations in a real browser: connect against a Zendesk stand-in, test, fix, sync; the CRM mapping', () => {
  let server: TestServer;
  let zendesk: FakeZendesk;
  let browser: Browser;
  let admin = '';

  beforeAll(async () => {
    ensureWebBuilt();
    zendesk = await startFakeZendesk();
    zendesk.put({ id: 101, subject: 'Exports time out', status: 'open', organization_id: 9001 });
    zendesk.put({ id: 102, subject: 'Add SAML groups', status: 'pending', type: 'task', organization_id: 9001 });
    server = await startTestServer('sqlite');
    admin = (await server.userWithToken('admin')).token;
    const made = await server.call('POST', '/api/users', { token: admin, body: { email: 'ines.admin@example.com', name: 'Ines Admin', role: 'admin', timezone: 'UTC', password: PASSWORD } });
    expect(made.status).toBe(201);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await zendesk?.close();
  });

  async function signedIn(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill('ines.admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  it('connects Zendesk, says in words why the test fails, takes a new token (never shown back), then tests and syncs', async () => {
    const page = await signedIn();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Integrations' }).click();
    await page.getByText('No integration connected yet').waitFor();
    await page.getByRole('button', { name: 'Connect an integration' }).click();
    await page.getByLabel('Kind', { exact: true }).selectOption('zendesk');
    await page.getByLabel('Name', { exact: true }).fill('support desk');
    await page.getByLabel('Zendesk address', { exact: true }).fill('not a web address');
    await page.getByLabel('Agent email (optional)', { exact: true }).fill('ann@acme.example');
    await page.getByLabel('API token (optional)', { exact: true }).fill('bad-token');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    // The server's refusal sits beside the field it names.
    await page.locator('#int-baseUrl-error').waitFor();
    await page.getByLabel('Zendesk address', { exact: true }).fill(zendesk.url);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const row = page.getByRole('listitem', { name: 'support desk (Zendesk)' });
    await row.waitFor();

    await row.getByRole('button', { name: 'Test support desk' }).click();
    await expect(row.getByRole('status').textContent()).resolves.toMatch(/^Connection fails: /);

    await row.getByRole('button', { name: 'Edit support desk' }).click();
    const token = page.getByLabel('API token (optional)', { exact: true });
    await expect(token.inputValue()).resolves.toBe('');
    await expect(token.getAttribute('placeholder')).resolves.toBe('stored: leave blank to keep it');
    await token.fill('good-token');
    await page.getByRole('button', { name: 'Save support desk' }).click();
    await page.getByRole('heading', { name: 'Edit support desk' }).waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Test support desk' }).click();
    await expect(row.getByRole('status').textContent()).resolves.toContain('Connection works:');
    await expect(row.getByRole('status').textContent()).resolves.toContain('Ann Agent');
    await row.getByRole('button', { name: 'Sync now: support desk' }).click();
    await expect(row.getByRole('status').textContent()).resolves.toMatch(/^Synced: 2 read/);
    await row.getByText(/Last sync: .* ok/).waitFor();
    await row.getByText('Sync history of support desk').click();
    await row.getByRole('table', { name: 'Sync runs of support desk' }).getByRole('row').nth(1).waitFor();

    // What another admin sees through the API: the run, and the secret redacted.
    const list = await server.call('GET', '/api/integrations', { token: admin });
    const stored = list.body.items.find((i: { name: string }) => i.name === 'support desk');
    expect(stored).toMatchObject({ kind: 'zendesk', enabled: true, settings: { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: '[redacted]' }, lastRun: { status: 'ok', fetched: 2 } });
    expect(await page.content()).not.toContain('good-token');
    await expectAccessible(page, 'integrations');
    await screenshotsAtBothSizes(page, 'settings-integrations');

    // Removing asks once more; then the integration is gone for everyone.
    await row.getByRole('button', { name: 'Remove support desk' }).click();
    await row.getByRole('button', { name: 'Yes, remove support desk' }).click();
    await page.getByText('No integration connected yet').waitFor();
    expect((await server.call('GET', '/api/integrations', { token: admin })).body.items).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('edits a CRM connection’s mapping: a CRM field to segment, a value map, who wins the stage', async () => {
    const made = await server.call('POST', '/api/integrations', { token: admin, body: { name: 'hubspot', kind: 'hubspot', settings: { baseUrl: zendesk.url, accessToken: 'pat-e2e', http: { maxAttempts: 1 } } } });
    expect(made.status).toBe(201);
    const page = await signedIn();
    await page.goto(`${server.url}/settings/integrations`);
    await page.getByRole('button', { name: 'Map fields of hubspot' }).click();
    const form = page.getByRole('form', { name: 'hubspot: CRM fields → Cadence' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Add a CRM field' }).click();
    const rows = await form.getByRole('textbox', { name: /^CRM field \d+$/ }).count();
    await form.getByRole('textbox', { name: `CRM field ${rows}` }).fill('cs_tier');
    await form.getByRole('combobox', { name: 'Cadence field for cs_tier' }).selectOption('segment');
    await form.getByRole('button', { name: 'Add a value map' }).click();
    await form.getByRole('combobox', { name: 'Field of value map 1' }).selectOption('segment');
    await form.getByRole('textbox', { name: 'CRM value 1' }).fill('Tier 1');
    await form.getByRole('combobox', { name: 'Cadence segment for Tier 1' }).selectOption('enterprise');
    await form.getByLabel('stage', { exact: true }).selectOption('crm_wins');
    await form.getByLabel('Every (minutes)').fill('2');
    await form.getByRole('button', { name: 'Save the mapping' }).click();
    await form.locator('#crm-every-error').waitFor();
    await form.getByLabel('Every (minutes)').fill('30');
    await form.getByRole('button', { name: 'Save the mapping' }).click();
    await form.getByRole('status').filter({ hasText: "hubspot's mapping saved: pulled every 30 minutes." }).waitFor();

    const saved = await server.call('GET', `/api/integrations/${made.body.id}/crm-mapping`, { token: admin });
    expect(saved.body.saved).toBe(true);
    expect(saved.body.mapping).toMatchObject({ fields: expect.objectContaining({ cs_tier: 'segment', name: 'name' }), values: { segment: { 'Tier 1': 'enterprise' } }, conflicts: { stage: 'crm_wins' }, scheduled: true, everyMinutes: 30 });
    await expectAccessible(page, 'crm mapping');
    await screenshotsAtBothSizes(page, 'settings-crm-mapping');
    await page.context().close();
  }, 120_000);
});
