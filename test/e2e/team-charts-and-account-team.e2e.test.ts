import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR, addUser, createApiToken } from '../../src/services/users/users.ts';
import { findUserByEmail } from '../../src/store/users.repo.ts';
import { ARTIFACTS, browserAvailable, expectAccessible, screenshotsAtBothSizes } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/test-server.ts';
import type { TeamDashboardView } from '../../src/server/routes/dashboards.schema.ts';
import type { RenewalForecastView } from '../../src/server/routes/forecast.schema.ts';
import type { RiskRegisterView } from '../../src/server/routes/risks.schema.ts';
import { startDemoInBrowser, stopDemoInBrowser } from '../helpers/demo-browser.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const VIEWER_LOGIN = 'victor.viewer@cadence.demo';

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const pct = (f: Figure) => `${f.rate === null ? '—' : `${Math.round(f.rate * 100)}%`} (${f.numerator}/${f.denominator})`;

type Figure = TeamDashboardView['figures']['cadenceAdherence']['all'];

/** A chart's figures as its table says them, label → figure, in order. */
async function tableOf(chart: Locator): Promise<[string, string][]> {
  const labels = await chart.locator('table tbody th').allTextContents();
  const figures = await chart.locator('table tbody td').allTextContents();
  return labels.map((l, i) => [l, figures[i] ?? '']);
}

/** The names the chart's bars give themselves ("Follow-up SLA: 67% (4/6)"), in order. */
async function barNamesOf(chart: Locator): Promise<string[]> {
  await chart.locator('.recharts-surface').waitFor();
  return chart.locator('svg [role=button], svg [role=img]').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
}

const sorted = (team: { userId: string; role: string }[]) => team.map((m) => `${m.role}:${m.userId}`).sort();

run('the team charts and the account team, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => void ({ server, browser } = await startDemoInBrowser()), 120_000);
  afterAll(() => stopDemoInBrowser({ server, browser }));

  /** A signed-in page, and the JavaScript files it has asked for so far. */
  async function signedIn(email: string): Promise<{ page: Page; scripts: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.js')) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    return { page, scripts };
  }

  it('draws the dashboard, risk register and forecast with the chart library, and every bar opens what is behind it by mouse or keyboard', async () => {
    const { page, scripts } = await signedIn(DEMO_LOGIN);
    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).waitFor();
    // The first screen does not load the chart library: it comes with the first chart.
    expect(scripts.filter((s) => /BarChartPlot|HealthChartPlot/.test(s))).toEqual([]);

    await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Health distribution' }).waitFor();
    const rates = page.getByRole('figure', { name: 'Team rates' });
    await rates.locator('.recharts-surface').waitFor();
    expect(scripts.some((s) => s.includes('BarChartPlot'))).toBe(true);

    // The figures are the API's, for the period on screen, in the bars' names and in the table beside them.
    const [from, to] = await page.locator('form[aria-label=Period] input[type=date]').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    const dash = (await (await page.request.get(`${server.url}/api/dashboards/team?from=${from}&to=${to}`)).json()) as TeamDashboardView;
    const f = dash.figures;
    const expectedRates: [string, string][] = [
      ['Cadence adherence', pct(f.cadenceAdherence.all)],
      ['Agenda sent on time', pct(f.agendaLeadTime.onTime.all)],
      ['Follow-up SLA', pct(f.followUpWithinOneBusinessDay.all)],
      ['Complete engagements', pct(f.completeEngagements.all)],
      ['Not effective', pct(f.notEffective.all)],
      ['Customer action items done', pct(f.customerActionItemCompletion.all)],
      ['Not touched in 30 days', pct(f.notTouchedIn30Days.all)],
    ];
    // The demo gives the manager's team something to count.
    expect(f.notTouchedIn30Days.all.denominator).toBe(dash.accounts);
    expect(f.followUpWithinOneBusinessDay.all.denominator).toBeGreaterThan(0);
    await expect(tableOf(rates)).resolves.toEqual(expectedRates);
    // Seven rates, each a bar that is a button named by its figure.
    await expect(rates.getByRole('button').count()).resolves.toBe(7);
    await expect(barNamesOf(rates)).resolves.toEqual(expectedRates.map(([l, v]) => `${l}: ${v}`));

    const people = (await (await page.request.get(`${server.url}/api/users`)).json()) as { items: { id: string; name: string }[] };
    const nameOf = (id: string) => people.items.find((u) => u.id === id)?.name;
    const arrAtRisk = Object.entries(f.arrAtRisk.byCsm).map(([csm, arr]): [string, string] => [nameOf(csm) ?? '?', money.format(arr)]);
    expect(arrAtRisk.length).toBeGreaterThan(0);
    const arrChart = page.getByRole('figure', { name: 'ARR at risk by CSM' });
    await expect(tableOf(arrChart)).resolves.toEqual(arrAtRisk);
    await expect(barNamesOf(arrChart)).resolves.toEqual(arrAtRisk.map(([l, v]) => `${l}: ${v}`));

    // The keyboard: Tab reaches a bar, Enter opens its misses.
    const sla = rates.getByRole('button', { name: /^Follow-up SLA: / });
    await sla.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Follow-up SLA: the misses' }).waitFor();

    // The mouse: a CSM's bar opens that CSM's records. Which CSMs had a follow-up due in the last 30 days
    // depends on the day the demo is loaded, so the bar is one the API counts, not a fixed name.
    const byCsm = page.getByRole('figure', { name: 'Follow-up SLA by CSM' });
    const slaCsms = Object.keys(f.followUpWithinOneBusinessDay.byCsm).map((id) => nameOf(id) ?? '?');
    expect(slaCsms.length).toBeGreaterThan(0);
    const slaCsm = slaCsms[0]!;
    await byCsm.getByRole('button', { name: new RegExp(`^${slaCsm}: `) }).click();
    await page.getByRole('heading', { name: `Follow-up SLA for ${slaCsm}` }).waitFor();

    // The health bar: a part of it (mouse) or its legend (keyboard) lists those accounts.
    const colours = f.health.byColour;
    const stacked = page.getByRole('img', { name: `Accounts by health: ${colours.green.length} green, ${colours.yellow.length} yellow, ${colours.red.length} red, ${colours.unscored.length} unscored` });
    await stacked.locator('.stack-part path, .stack-part .recharts-rectangle').first().click();
    await page.getByRole('heading', { name: /^Accounts in (green|yellow|red|unscored)$/ }).waitFor();
    await page.locator('.drill-list a').first().waitFor();
    await page.getByRole('figure', { name: 'Team rates' }).getByText('Show the figures as a table').click();
    await expectAccessible(page, 'team dashboard charts');
    await screenshotsAtBothSizes(page, 'team-charts-dashboard');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, 'team dashboard charts, dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The risk register: the live risks' count and ARR by type; a type's bar filters the register to that type, an owner's bar to that owner.
    await page.getByRole('link', { name: 'Risk register' }).click();
    const byType = page.getByRole('figure', { name: 'Risks by type' });
    const register = (await (await page.request.get(`${server.url}/api/risks?status=open%2Cmitigating`)).json()) as RiskRegisterView;
    const expectedTypes = Object.entries(register.register.byType)
      .filter(([, b]) => b.count > 0)
      .map(([t, b]): [string, string] => [t.replace(/_/g, ' '), `${b.count} · ${money.format(b.arrAtRisk)}`]);
    expect(expectedTypes.length).toBeGreaterThan(1);
    await expect.poll(() => tableOf(byType)).toEqual(expectedTypes);
    await expect(barNamesOf(byType)).resolves.toEqual(expectedTypes.map(([l, v]) => `${l}: ${v}`));
    const typeBar = byType.getByRole('button').first();
    await typeBar.waitFor();
    const typeName = (await typeBar.getAttribute('aria-label'))!.split(':')[0]!;
    await typeBar.click();
    await expect.poll(() => page.getByRole('combobox', { name: /^Type\b/ }).inputValue()).not.toBe('');
    await expect.poll(async () => new Set(await page.locator('table.data tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set([typeName]));
    await page.getByRole('combobox', { name: /^Type\b/ }).selectOption('');
    const ownerBar = page.getByRole('figure', { name: 'Risks by owner' }).getByRole('button').first();
    await ownerBar.waitFor();
    const ownerName = (await ownerBar.getAttribute('aria-label'))!.split(':')[0]!;
    await ownerBar.press('Enter');
    await expect.poll(async () => new Set(await page.locator('table.data tbody tr td:nth-child(6)').allTextContents())).toEqual(new Set([ownerName]));
    await expectAccessible(page, 'risk register charts');
    await screenshotsAtBothSizes(page, 'team-charts-risk-register');

    // The forecast: a quarter's bar takes the keyboard to that quarter's renewals.
    await page.getByRole('link', { name: 'Forecast' }).click();
    const forecast = page.getByRole('figure', { name: 'Renewing ARR by quarter' });
    await expect.poll(() => forecast.getByRole('button').count()).toBe(4);
    const renewals = (await (await page.request.get(`${server.url}/api/forecast`)).json()) as RenewalForecastView;
    expect(renewals.current.arr + renewals.next.arr).toBeGreaterThan(0);
    await expect(barNamesOf(forecast)).resolves.toEqual([renewals.current, renewals.next].flatMap((q) => [`${q.quarter.label} renewing: ${money.format(q.arr)}`, `${q.quarter.label} risk-adjusted: ${money.format(q.riskAdjustedArr)}`]));
    const next = forecast.getByRole('button').nth(2);
    const quarter = (await next.getAttribute('aria-label'))!.split(' renewing')[0]!;
    await next.press('Enter');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent ?? '')).toContain(quarter);
    await expectAccessible(page, 'forecast charts');
    await screenshotsAtBothSizes(page, 'team-charts-forecast');
    await page.context().close();
  }, 120_000);

  it("a manager adds an AE to an existing account's team from its header; the header shows them after a reload and the API returns them", async () => {
    const maria = (await findUserByEmail(server.deps.store.db, DEMO_LOGIN))!;
    const theo = await addUser(server.deps, LOCAL_OPERATOR, { email: 'theo.ae@cadence.demo', name: 'Theo Brandt', role: 'csm', timezone: 'Europe/London', managerId: maria.id });
    const { page } = await signedIn(DEMO_LOGIN);
    const listed = (await (await page.request.get(`${server.url}/api/accounts?limit=5`)).json()) as { items: { id: string; name: string; team: { userId: string; role: string }[] }[] };
    const account = listed.items[0]!;
    expect(account.team.some((m) => m.userId === theo.id)).toBe(false);

    await page.goto(`${server.url}/accounts/${account.id}`);
    const header = page.locator('header.account-header');
    await header.getByRole('heading', { level: 1, name: account.name }).waitFor();
    await header.getByRole('button', { name: 'Edit team' }).click();
    const form = page.getByRole('form', { name: `Team of ${account.name}` });
    await form.waitFor();
    const rows = account.team.length;
    await expect(form.getByRole('combobox', { name: /^Team member \d+$/ }).count()).resolves.toBe(rows);

    // A row left empty is said, by the row, and nothing is saved.
    await form.getByRole('button', { name: 'Add a team member' }).click();
    await form.getByRole('button', { name: 'Save team' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: `Choose a colleague for team member ${rows + 1}` })
      .waitFor();
    await expect(form.getByLabel(`Team member ${rows + 1}`, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'account team editor with an error');
    await page.screenshot({ path: `${ARTIFACTS}/account-team-editor.png` });

    await form.getByLabel(`Team member ${rows + 1}`, { exact: true }).selectOption({ label: 'Theo Brandt' });
    await form.getByLabel(`Role of team member ${rows + 1}`).selectOption('ae');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/accounts/${account.id}`) && r.request().method() === 'PATCH' && r.ok()), form.getByRole('button', { name: 'Save team' }).click()]);
    await header.getByRole('status').filter({ hasText: 'Team saved.' }).waitFor();
    await expect(form.count()).resolves.toBe(0);
    // The keyboard is back on the button that opened the form.
    await expect.poll(() => header.getByRole('button', { name: 'Edit team' }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await expect(header.getByTestId('fact-team').textContent()).resolves.toMatch(/Theo Brandt\s*AE/);

    await page.reload();
    await header.getByRole('heading', { level: 1, name: account.name }).waitFor();
    await header.getByTestId('fact-team').getByText('Theo Brandt').waitFor();
    await expect(header.getByTestId('fact-team').textContent()).resolves.toMatch(/Theo Brandt\s*AE/);
    await page.screenshot({ path: `${ARTIFACTS}/account-team-edited.png` });

    const stored = (await (await page.request.get(`${server.url}/api/accounts/${account.id}`)).json()) as { team: { userId: string; role: string }[] };
    // The API keeps the team in its own order; who is on it, in which role, is what counts.
    expect(sorted(stored.team)).toEqual(sorted([...account.team, { userId: theo.id, role: 'ae' }]));

    // Removing him takes him off again.
    await header.getByRole('button', { name: 'Edit team' }).click();
    await form.getByRole('button', { name: 'Remove Theo Brandt from the team' }).click();
    await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/api/accounts/${account.id}`) && r.request().method() === 'PATCH' && r.ok()), form.getByRole('button', { name: 'Save team' }).click()]);
    await header.getByRole('status').filter({ hasText: 'Team saved.' }).waitFor();
    const after = (await (await page.request.get(`${server.url}/api/accounts/${account.id}`)).json()) as { team: { userId: string; role: string }[] };
    expect(sorted(after.team)).toEqual(sorted(account.team));
    await page.context().close();

    // A viewer, whom the API does not let edit the account, is not offered the control.
    const { page: viewer } = await signedIn(VIEWER_LOGIN);
    await viewer.goto(`${server.url}/accounts/${account.id}`);
    await viewer.locator('header.account-header').getByRole('heading', { level: 1, name: account.name }).waitFor();
    await expect(viewer.getByRole('button', { name: 'Edit team' }).count()).resolves.toBe(0);
    await viewer.context().close();
    const victor = (await findUserByEmail(server.deps.store.db, VIEWER_LOGIN))!;
    const { token } = await createApiToken(server.deps, LOCAL_OPERATOR, victor.id, { name: 'e2e' });
    const denied = await server.call('PATCH', `/api/accounts/${account.id}`, { token, body: { team: [] } });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toBe('you may not edit this account');

    // A CSM edits the team of an account they own; an account outside their book is not there for them at all.
    const sam = (await findUserByEmail(server.deps.store.db, DEMO_CSM_LOGIN))!;
    const { page: csm } = await signedIn(DEMO_CSM_LOGIN);
    const everyone = (await server.call('GET', '/api/accounts?limit=100', { token })).body as typeof listed;
    const own = (await (await csm.request.get(`${server.url}/api/accounts?limit=100`)).json()) as typeof listed;
    const his = own.items.find((a) => a.team.some((m) => m.userId === sam.id && m.role === 'csm'))!;
    const notHis = everyone.items.find((a) => !own.items.some((o) => o.id === a.id))!;
    expect(his).toBeDefined();
    expect(notHis).toBeDefined();
    await csm.goto(`${server.url}/accounts/${his.id}`);
    await csm.locator('header.account-header').getByRole('heading', { level: 1, name: his.name }).waitFor();
    await expect(csm.getByRole('button', { name: 'Edit team' }).count()).resolves.toBe(1);
    await csm.goto(`${server.url}/accounts/${notHis.id}`);
    await csm.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
    await expect(csm.getByRole('button', { name: 'Edit team' }).count()).resolves.toBe(0);
    await csm.context().close();
  }, 120_000);
});
