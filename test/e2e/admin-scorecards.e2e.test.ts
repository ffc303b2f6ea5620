import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible, screenshotsAtBothSizes } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

interface Health {
  current: { score: number | null; groups: { key: string; label: string; score: number | null }[] } | null;
}

run('Settings → Health scorecards and the fiscal year in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin = '';

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    admin = (await server.userWithToken('admin')).token;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill('ada.admin@cadence.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  it("moves a group's weight to a group the account scores better in: a sum off 100 is refused beside it; saved, the account's health rises", async () => {
    // An account scored in at least two groups that differ: weight moved from the weaker to the stronger must raise it.
    const accounts = (await server.call('GET', '/api/accounts?limit=100', { token: admin })).body.items as { id: string; name: string }[];
    let chosen: { id: string; before: number; hi: { label: string }; lo: { label: string } } | null = null;
    for (const a of accounts) {
      const h = (await server.call('POST', `/api/accounts/${a.id}/health/recompute`, { token: admin })).body as Health;
      const scored = (h.current?.groups ?? []).filter((g) => g.score !== null).sort((x, y) => y.score! - x.score!);
      if (h.current?.score != null && scored.length >= 2 && scored[0]!.score! > scored[scored.length - 1]!.score!) {
        chosen = { id: a.id, before: h.current.score, hi: scored[0]!, lo: scored[scored.length - 1]! };
        break;
      }
    }
    expect(chosen, 'a demo account scored in two groups that differ').not.toBeNull();
    const { id, before, hi, lo } = chosen!;
    const cards = (await server.call('GET', '/api/settings/scorecards', { token: admin })).body as { scorecards: { groups: { label: string; weight: number }[] }[] };
    const weightOf = (label: string) => cards.scorecards[0]!.groups.find((g) => g.label === label)!.weight;

    const page = await signedIn();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Health scorecards' }).click();
    const loWeight = page.getByLabel(lo.label, { exact: true });
    const hiWeight = page.getByLabel(hi.label, { exact: true });
    await loWeight.fill('0');
    await page.getByText(`${100 - weightOf(lo.label)}% (must be 100)`).waitFor();
    await page.getByRole('button', { name: 'Save scorecards' }).click();
    await page.getByRole('alert').first().waitFor();
    await expect(page.getByRole('alert').first().textContent()).resolves.toMatch(/100/);
    // Nothing was saved.
    expect(((await server.call('GET', '/api/settings/scorecards', { token: admin })).body as { isDefault: boolean }).isDefault).toBe(true);

    await hiWeight.fill(String(weightOf(hi.label) + weightOf(lo.label)));
    await page.getByRole('button', { name: 'Save scorecards' }).click();
    await page.getByRole('status').filter({ hasText: 'Scorecards saved.' }).waitFor();
    const saved = (await server.call('GET', '/api/settings/scorecards', { token: admin })).body as { isDefault: boolean; scorecards: { groups: { label: string; weight: number }[] }[] };
    expect(saved.isDefault).toBe(false);
    expect(saved.scorecards[0]!.groups.find((g) => g.label === lo.label)!.weight).toBe(0);

    const after = (await server.call('POST', `/api/accounts/${id}/health/recompute`, { token: admin })).body as Health;
    expect(after.current!.score!).toBeGreaterThan(before);
    await expectAccessible(page, 'scorecards');
    await screenshotsAtBothSizes(page, 'settings-scorecards');
    await page.context().close();
  }, 180_000);

  it('an admin sets the fiscal year to start in February', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Starts in').selectOption({ label: 'February' });
    await page.getByRole('button', { name: 'Save the fiscal year' }).click();
    await page.getByRole('status').filter({ hasText: 'The fiscal year starts in February' }).waitFor();
    expect((await server.call('GET', '/api/settings/fiscal-year', { token: admin })).body).toEqual({ startMonth: 2 });
    await expectAccessible(page, 'cadence and fiscal year');
    await page.context().close();
  }, 60_000);
});
