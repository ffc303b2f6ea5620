import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD } from '../../src/services/setup/demo-data.ts';
import { ARTIFACTS, browserAvailable, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startDemoInBrowser, stopDemoInBrowser } from '../helpers/demo-browser.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PRIYA = 'priya.csm@cadence.demo';

run('the book of business as a working table, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => void ({ server, browser } = await startDemoInBrowser()), 180_000);
  afterAll(() => stopDemoInBrowser({ server, browser }));

  async function signedIn(login: string, path = '/accounts'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { name: 'Book of business' }).waitFor();
    return page;
  }
  const expectAccessible = async (page: Page, what: string) => expect(await seriousA11yViolations(page), what).toEqual([]);
  const shownNames = (page: Page) => page.locator('[role=row] [data-col=name] a').allTextContents();
  const apiNames = async (page: Page, query: string) => ((await (await page.request.get(`${server.url}/api/accounts?${query}&limit=500`)).json()) as { items: { name: string }[] }).items.map((a) => a.name);

  it('the manager sorts, filters and chooses columns, saves the view for the team, and a teammate opens it', async () => {
    const maria = await signedIn(DEMO_LOGIN);
    await maria.getByRole('combobox', { name: 'Segment' }).selectOption('enterprise');
    await maria.waitForURL(/segment=enterprise/);
    await maria.getByRole('button', { name: /^Health/ }).click();
    await maria.waitForURL(/sort=health/);
    await maria.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'Health' }).waitFor();
    // The server sorted: the table shows what the API answers for the same filters and sort, in its order.
    const expected = await apiNames(maria, 'segment=enterprise&sort=health');
    expect(expected.length).toBeGreaterThan(1);
    await expect.poll(() => shownNames(maria), { timeout: 10_000 }).toEqual(expected.slice(0, (await shownNames(maria)).length));

    await maria.getByText('Columns', { exact: true }).click();
    // The columns live in the address bar: each tick is checked once the page has moved to it.
    await maria.getByRole('checkbox', { name: 'Days overdue' }).click();
    await maria.waitForURL(/cols=.*overdue/);
    await maria.getByRole('checkbox', { name: 'Segment' }).click();
    await expect.poll(() => maria.getByRole('checkbox', { name: 'Segment' }).isChecked()).toBe(false);
    await maria.getByRole('columnheader', { name: 'Days overdue' }).waitFor();
    await expect(maria.getByRole('columnheader', { name: /^Segment/ }).count()).resolves.toBe(0);
    await maria.getByText('Columns', { exact: true }).click();

    await maria.getByRole('button', { name: 'Save view' }).click();
    await maria.getByLabel('Name of the view').fill('Enterprise by health');
    await maria.getByLabel('Share with my team').check();
    await maria.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => maria.getByRole('combobox', { name: 'View', exact: true }).inputValue(), { timeout: 10_000 }).not.toBe('');
    await maria.screenshot({ path: `${ARTIFACTS}/book-table-view.png` });
    await expectAccessible(maria, 'the book with a saved view');

    // Sam reports to Maria: the team's view is in his list; it opens his own accounts with the same filters, columns and sort.
    const sam = await signedIn(DEMO_CSM_LOGIN);
    await sam.getByRole('combobox', { name: 'View', exact: true }).selectOption({ label: 'Enterprise by health (team)' });
    await sam.waitForURL(/segment=enterprise/);
    expect(sam.url()).toMatch(/sort=health/);
    await sam.getByRole('columnheader', { name: 'Days overdue' }).waitFor();
    await expect(sam.getByRole('columnheader', { name: /^Segment/ }).count()).resolves.toBe(0);
    // Only Maria (and an admin) change it.
    await expect(sam.getByRole('button', { name: /Delete view/ }).count()).resolves.toBe(0);
    const samExpected = await apiNames(sam, 'segment=enterprise&sort=health');
    await expect.poll(() => shownNames(sam), { timeout: 10_000 }).toEqual(samExpected.slice(0, (await shownNames(sam)).length));

    // The keyboard: down moves, enter opens the account under the cursor.
    await sam.getByRole('grid', { name: 'Accounts' }).focus();
    await sam.keyboard.press('ArrowDown');
    await sam.keyboard.press('Enter');
    await sam.getByRole('heading', { level: 1, name: samExpected[1] }).waitFor();
    await sam.context().close();
    await maria.context().close();
  });

  it('the manager selects two of Sam’s accounts with the keyboard and hands them to Priya, who then finds them in her book', async () => {
    const maria = await signedIn(DEMO_LOGIN);
    const users = ((await (await maria.request.get(`${server.url}/api/users`)).json()) as { items: { id: string; email: string; name: string }[] }).items;
    const samId = users.find((u) => u.email === DEMO_CSM_LOGIN)!.id;
    await maria.goto(`${server.url}/accounts?owner=${samId}&sort=name`);
    await maria.locator('[role=row] [data-col=name] a').first().waitFor();
    const chosen = (await shownNames(maria)).slice(0, 2);

    await maria.getByRole('grid', { name: 'Accounts' }).focus();
    await maria.keyboard.press('Space');
    await maria.keyboard.press('ArrowDown');
    await maria.keyboard.press('Space');
    await expect.poll(() => maria.locator('[role=row][aria-selected=true]').count()).toBe(2);
    const bar = maria.getByRole('region', { name: 'Selected accounts' });
    await expect(bar.textContent()).resolves.toContain('2 accounts selected');
    await bar.getByRole('button', { name: 'Change owner' }).click();
    await bar.getByLabel('New owner').selectOption({ label: 'Priya Raman' });
    await bar.getByLabel('Reason').fill('territory rebalance');
    await expectAccessible(maria, 'the bulk bar');
    await maria.screenshot({ path: `${ARTIFACTS}/book-table-bulk.png` });
    await bar.getByRole('button', { name: 'Hand over 2 accounts' }).click();
    await maria.getByRole('status').filter({ hasText: '2 accounts handed to Priya Raman' }).waitFor();
    // Sam's list no longer holds them.
    await expect.poll(() => shownNames(maria), { timeout: 10_000 }).not.toContain(chosen[0]);

    const priya = await signedIn(PRIYA, '/accounts?owner=me&sort=name');
    for (const name of chosen) await priya.locator('[role=row] [data-col=name] a', { hasText: name }).first().waitFor();
    const handoffs = ((await (await priya.request.get(`${server.url}/api/handoffs?for=me`)).json()) as { items: unknown[] }).items;
    expect(handoffs.length).toBeGreaterThanOrEqual(2);
    await priya.context().close();
    await maria.context().close();
  });

  it('tags two selected accounts at once, and the tag filter then finds exactly those two', async () => {
    const maria = await signedIn(DEMO_LOGIN, '/accounts?sort=-arr');
    await maria.locator('[role=row] [data-col=name] a').first().waitFor();
    const chosen = (await shownNames(maria)).slice(0, 2);
    await maria.getByRole('checkbox', { name: `Select ${chosen[0]}` }).check();
    await maria.getByRole('checkbox', { name: `Select ${chosen[1]}` }).check();
    const bar = maria.getByRole('region', { name: 'Selected accounts' });
    await bar.getByRole('button', { name: 'Add a tag' }).click();
    await bar.getByRole('textbox', { name: 'Tag' }).fill('q4-push');
    await bar.getByRole('button', { name: 'Tag 2 accounts' }).click();
    await maria.getByRole('status').filter({ hasText: 'Tag “q4-push” added to 2 accounts' }).waitFor();
    await maria.getByRole('group', { name: 'Filters' }).getByRole('textbox', { name: 'Tag' }).fill('q4-push');
    await maria.waitForURL(/tag=q4-push/);
    await expect.poll(() => shownNames(maria), { timeout: 10_000 }).toEqual(chosen);
    await maria.context().close();
  });

  it('archives an account from its page, after asking; the book no longer lists it, and it can be restored', async () => {
    const maria = await signedIn(DEMO_LOGIN, '/accounts?sort=name');
    // The rows come after the page: read a name only once one is there.
    await maria.locator('[role=row] [data-col=name] a').first().waitFor();
    const name = (await shownNames(maria))[0]!;
    expect(name).toBeTruthy();
    await maria.locator('[role=row] [data-col=name] a', { hasText: name }).first().click();
    await maria.getByRole('heading', { level: 1, name }).waitFor();
    await maria.getByRole('button', { name: 'Archive account' }).click();
    await maria.getByRole('button', { name: 'Keep it' }).click();
    await maria.getByRole('button', { name: 'Archive account' }).click();
    await maria.getByRole('button', { name: 'Yes, archive it' }).click();
    await maria.getByRole('button', { name: 'Restore account' }).waitFor();
    expect(await apiNames(maria, 'sort=name')).not.toContain(name);
    await maria.getByRole('button', { name: 'Restore account' }).click();
    await maria.getByRole('button', { name: 'Archive account' }).waitFor();
    expect(await apiNames(maria, 'sort=name')).toContain(name);
    await maria.context().close();
  });

  it('exports the view on screen: its columns in order, its filters and sort, as CSV', async () => {
    const maria = await signedIn(DEMO_LOGIN, '/accounts?stage=renewal,adoption&sort=-arr&cols=name,arr,owner,risks');
    await maria.locator('[role=row] [data-col=name] a').first().waitFor();
    const download = maria.waitForEvent('download');
    await maria.getByRole('link', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const rows = parse(await import('node:fs').then((fs) => fs.readFileSync(file!, 'utf8'))) as string[][];
    expect(rows[0]).toEqual(['Account', 'ARR', 'Owner', 'Open risks']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(await apiNames(maria, 'stage=renewal,adoption&sort=-arr'));
    const arrs = rows.slice(1).map((r) => Number(r[1] || 0));
    expect(arrs).toEqual([...arrs].sort((a, b) => b - a));
    await maria.context().close();
  });
});
