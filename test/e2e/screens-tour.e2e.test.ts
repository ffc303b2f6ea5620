import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const THEMES = ['light', 'dark'] as const;

// One browser page per login, reused for every screen, size and theme: the tour stays well under 90 s.
run('a screenshot tour of the main screens, light and dark', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(login: string): Promise<Page> {
    const page = await browser.newPage({ viewport: SIZES[0]!, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  async function tour(page: Page, who: string, screens: [string, string][]): Promise<string[]> {
    const problems: string[] = [];
    for (const [name, path] of screens) {
      await page.setViewportSize(SIZES[0]!);
      await page.goto(`${server.url}${path}`);
      await page.locator('main#main').waitFor();
      await page.waitForLoadState('networkidle');
      for (const colorScheme of THEMES) {
        await page.emulateMedia({ colorScheme });
        // The dark tokens must really apply: the page background is dark, not white.
        const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        if ((colorScheme === 'dark') !== (bg !== 'rgb(255, 255, 255)')) problems.push(`${who} ${name} ${colorScheme}: background ${bg}`);
        for (const v of await seriousA11yViolations(page)) problems.push(`${who} ${name} ${colorScheme}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          if (size.width === 1280) {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 1) problems.push(`${who} ${name}: ${overflow}px of horizontal overflow at 1280`);
          }
          await page.screenshot({ path: `${ARTIFACTS}/tour-${who}-${name}-${size.width}-${colorScheme}.png`, fullPage: false });
        }
        await page.setViewportSize(SIZES[0]!);
      }
    }
    return problems;
  }

  it('the CSM and the manager see every main screen readable and axe-clean in both themes', async () => {
    const csm = await signIn(DEMO_CSM_LOGIN);
    const accounts = (await (await csm.request.get(`${server.url}/api/accounts`)).json()) as { items: { id: string }[] };
    const account = accounts.items[0]!.id;
    const csmProblems = await tour(csm, 'csm', [
      ['my-day', '/'],
      ['book', '/accounts'],
      ['account-overview', `/accounts/${account}`],
      ['account-meetings', `/accounts/${account}/meetings`],
      ['account-risks', `/accounts/${account}/risks`],
    ]);
    await csm.close();
    const manager = await signIn(DEMO_LOGIN);
    const managerProblems = await tour(manager, 'manager', [
      ['team', '/team'],
      ['forecast', '/team/forecast'],
      ['risk-register', '/team/risks'],
      ['shadowing', '/team/shadowing'],
      ['settings', '/settings'],
      ['settings-users', '/settings/users'],
      ['settings-integrations', '/settings/integrations'],
    ]);
    await manager.close();
    expect([...csmProblems, ...managerProblems]).toEqual([]);
  }, 180_000);
});
