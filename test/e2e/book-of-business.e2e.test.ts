import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_PASSWORD } from '../../src/services/setup/demo-data.ts';
import { ARTIFACTS, browserAvailable } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startDemoInBrowser, stopDemoInBrowser } from '../helpers/demo-browser.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('a CSM manager in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => void ({ server, browser } = await startDemoInBrowser()), 120_000);
  afterAll(() => stopDemoInBrowser({ server, browser }));

  it('signs in, finds an account in the book of business and opens it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_LOGIN);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('email or password is wrong');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.getByRole('link', { name: 'Book of business' }).click();
    await page.getByRole('heading', { name: 'Book of business' }).waitFor();
    await page.getByRole('link', { name: 'Globex' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/book-of-business.png` });

    // Sorted by when the next call is due, soonest first, then latest first.
    const dueDates = () => page.evaluate("[...document.querySelectorAll('[role=row] [data-col=next_call] time')].map((t) => t.getAttribute('datetime'))") as Promise<string[]>;
    await page.getByRole('button', { name: /Next call due/ }).click();
    await page.waitForURL(/sort=next_call/);
    await page.locator('[role=columnheader][aria-sort=ascending]', { hasText: 'Next call due' }).waitFor();
    await expect.poll(() => page.locator('[role=row] [data-col=next_call] time').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const ascending = await dueDates();
    expect(ascending).toEqual([...ascending].sort());
    await page.getByRole('button', { name: /Next call due/ }).click();
    await page.waitForURL(/sort=-next_call/);
    await page.locator('[role=columnheader][aria-sort=descending]', { hasText: 'Next call due' }).waitFor();
    // The list is virtualised: the latest due date of the whole book is at least the latest one on screen before.
    await expect.poll(async () => ((await page.locator('[role=row] [data-col=next_call] time').first().getAttribute('datetime')) ?? '') >= (ascending.at(-1) ?? ''), { timeout: 10_000 }).toBe(true);
    const descending = await dueDates();
    expect(descending).toEqual([...descending].sort().reverse());
    expect(descending[0]).not.toBe(ascending[0]);

    await page.getByLabel('Search accounts').fill('globex');
    await page.waitForURL(/q=globex/);
    // The header row and Globex alone once the search has answered.
    await expect.poll(() => page.locator('[role=row]').count(), { timeout: 10_000 }).toBe(2);
    await expect(page.getByRole('row').nth(1).textContent()).resolves.toContain('Globex');

    await page.getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('heading', { name: 'Globex' }).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await expect(page.getByText('Account Globex created (demo data)').count()).resolves.toBe(1);
    // What the customer is waiting on, from the trackers.
    await page.getByRole('tab', { name: 'Tickets & requests' }).click();
    await page.getByRole('heading', { name: 'Tickets, requests and findings' }).waitFor();
    const requests = page.getByRole('list', { name: 'Open feature requests' });
    await requests.waitFor();
    await expect(requests.getByRole('listitem').first().textContent()).resolves.toMatch(/^PROD-\d+: /);
    await expect(page.getByRole('heading', { name: 'Open support tickets' }).count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/account.png`, fullPage: true });

    // An upcoming call: its invite downloads, and cancelling it asks first.
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('region', { name: 'Meetings' }).waitFor();
    const invite = await page.request.get(
      new URL(
        (await page
          .getByRole('link', { name: /^Calendar invite/ })
          .first()
          .getAttribute('href'))!,
        server.url,
      ).href,
    );
    expect(invite.headers()['content-type']).toContain('text/calendar');
    expect(await invite.text()).toContain('BEGIN:VEVENT');
    const upcoming = page.getByRole('region', { name: 'Meetings' });
    await upcoming
      .getByRole('button', { name: /^Cancel call on/ })
      .first()
      .click();
    await upcoming.getByRole('button', { name: 'Keep it' }).click();
    await upcoming
      .getByRole('button', { name: /^Cancel call on/ })
      .first()
      .click();
    await upcoming.getByRole('button', { name: 'Yes, cancel it' }).click();
    await upcoming.locator('.badge.state-cancelled').first().waitFor();

    await page.goto(`${server.url}/accounts/no-such-account`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.close();
  });
});
