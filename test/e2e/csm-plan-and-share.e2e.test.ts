import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('the success plan, expansion and the share page in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let accountId = '';
  let csrf = '';

  async function get<T>(path: string): Promise<T> {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  }
  async function post<T>(path: string, data: unknown): Promise<T> {
    const res = await page.request.post(`${server.url}${path}`, { headers: { 'x-csrf-token': csrf }, data });
    expect(res.status(), path).toBeLessThan(300);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_CSM_LOGIN);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    csrf = (await get<{ csrfToken: string }>('/api/session')).csrfToken;
    accountId = (await get<{ items: { id: string; name: string }[] }>('/api/accounts?q=globex')).items.find((a) => a.name === 'Globex')!.id;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('flags an expansion on the Overview, then clears it; the timeline says both', async () => {
    await page.goto(`${server.url}/accounts/${accountId}`);
    await page
      .getByRole('region', { name: 'CRM sync' })
      .getByText(/No call logged in a CRM yet/)
      .waitFor();
    const card = page.getByRole('region', { name: 'Expansion' });
    await card.getByRole('button', { name: 'Flag an opportunity' }).click();
    await card.getByRole('button', { name: 'Save' }).click();
    // Read again until the page shows it: the answer to a Save arrives after the click returns.
    const shown = (locator: Locator) => expect.poll(() => locator.textContent(), { timeout: 15_000 });
    await shown(card.locator('#exp-note-error')).toMatch(/opportunity/);
    await card.getByLabel('What is the opportunity').fill('Second business unit wants 300 seats');
    await card.getByLabel('Amount (ARR, optional)').fill('-10');
    await card.getByRole('button', { name: 'Save' }).click();
    await shown(card.locator('#exp-amount-error')).toMatch(/negative/);
    await card.getByLabel('Amount (ARR, optional)').fill('90000');
    await card.getByRole('button', { name: 'Save' }).click();
    const since = /^Second business unit wants 300 seats \(\$90,000\) · since \w{3} \d{1,2}, \d{4}$/;
    await shown(card.getByTestId('expansion-state')).toMatch(since);
    await expectAccessible(page, 'expansion');
    // A reload reads the flag from the account, not from what this page remembers of the Save.
    await page.reload();
    await shown(card.getByTestId('expansion-state')).toMatch(since);
    await card.getByRole('button', { name: 'Change' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/csm-expansion-1280-light.png`, fullPage: true });
    const timeline = async () => (await get<{ items: { kind: string; summary: string }[] }>(`/api/accounts/${accountId}/timeline?limit=20`)).items;
    expect((await timeline()).find((t) => t.kind === 'account.expansion_flagged')?.summary).toBe('Expansion opportunity: Second business unit wants 300 seats');

    await card.getByRole('button', { name: 'Clear the flag' }).click();
    await shown(card.getByTestId('expansion-state')).toBe('No expansion opportunity flagged.');
    expect((await timeline())[0]?.kind).toBe('account.expansion_cleared');
  }, 120_000);

  it('deletes an objective after asking; the customer’s share page shows only the shared objectives', async () => {
    const shared = await post<{ id: string }>(`/api/accounts/${accountId}/objectives`, { title: 'Every team ships weekly', description: 'From monthly releases today', progress: 40, targetDate: '2027-06-30' });
    await post(`/api/accounts/${accountId}/objectives`, { title: 'Internal: win back the VP', customerVisible: false, internalNotes: 'VP is sceptical of the renewal' });
    const doomed = await post<{ id: string }>(`/api/accounts/${accountId}/objectives`, { title: 'Pilot the mobile app' });

    await page.goto(`${server.url}/accounts/${accountId}/success-plan`);
    await page.getByRole('button', { name: 'Delete objective: Pilot the mobile app' }).click();
    await page.getByRole('group', { name: 'Confirm deleting Pilot the mobile app' }).getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('button', { name: 'Delete objective: Pilot the mobile app' }).waitFor({ state: 'detached' });
    const left = (await get<{ items: { id: string }[] }>(`/api/accounts/${accountId}/objectives`)).items.map((o) => o.id);
    expect(left).not.toContain(doomed.id);
    expect(left).toContain(shared.id);

    const meetings = (await get<{ items: { id: string; state: string }[] }>(`/api/meetings?accountId=${accountId}&limit=200`)).items;
    const upcoming = meetings.find((m) => m.state === 'planned' || m.state === 'agenda_sent')!;
    const link = await post<{ url: string }>(`/api/meetings/${upcoming.id}/share-links`, {});
    const customer = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    await customer.goto(link.url.replace(/^https?:\/\/[^/]+/, server.url));
    const plan = customer.getByRole('region', { name: 'Your success plan' });
    await plan.getByText('Every team ships weekly').waitFor();
    const text = (await plan.textContent()) ?? '';
    expect(text).toContain('From monthly releases today');
    expect(text).toContain('40%');
    expect(text).not.toContain('win back the VP');
    expect(text).not.toContain('Pilot the mobile app');
    expect(await customer.locator('body').textContent()).not.toContain('sceptical');
    await expectAccessible(customer, 'share page success plan');
    await customer.screenshot({ path: `${ARTIFACTS}/csm-share-success-plan-390.png`, fullPage: true });
    await customer.close();
  }, 120_000);

  it("names the integration the meeting's tools cannot use beside its field, and nothing is posted or imported", async () => {
    const meetings = (await get<{ items: { id: string; state: string }[] }>(`/api/meetings?accountId=${accountId}&limit=200`)).items;
    const held = meetings.find((m) => m.state === 'held' || m.state === 'followed_up' || m.state === 'complete')!;
    const before = (await get<{ items: unknown[] }>(`/api/accounts/${accountId}/timeline?limit=100`)).items.length;
    await page.goto(`${server.url}/meetings/${held.id}`);
    await page.getByText('Slack, recording and tracker').click();
    const slack = page.getByRole('form', { name: 'Post the recap to Slack' });
    await slack.getByLabel('Slack integration').fill('no-such-slack');
    await slack.getByRole('button', { name: 'Post to Slack' }).click();
    await expect(slack.locator('#slack-integration-error').textContent()).resolves.toMatch(/no-such-slack.*not a configured integration/);
    const recording = page.getByRole('form', { name: "Fetch the recording's transcript" });
    await recording.getByLabel('Gong or Zoom integration').fill('no-such-gong');
    await recording.getByRole('button', { name: 'Fetch transcript' }).click();
    await expect(recording.locator('#rec-ref-error').textContent()).resolves.toMatch(/recording/);
    await recording.getByLabel('Recording (Gong call id, Zoom meeting id)').fill('7782342274025937');
    await recording.getByRole('button', { name: 'Fetch transcript' }).click();
    await expect(recording.locator('#rec-integration-error').textContent()).resolves.toMatch(/no-such-gong.*not a configured integration/);
    await expectAccessible(page, 'meeting tools');
    await page.screenshot({ path: `${ARTIFACTS}/csm-meeting-tools-1280-light.png`, fullPage: true });
    expect((await get<{ items: unknown[] }>(`/api/accounts/${accountId}/timeline?limit=100`)).items.length).toBe(before);
  }, 120_000);
});
