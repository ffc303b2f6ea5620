import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureMail } from '../../src/services/mail-capture/capture-mail.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { calendarApp, eventIcs, radicaleMissing, startRadicale, type Radicale } from '../helpers/radicale.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const missing = radicaleMissing();
const run = (browserAvailable() || process.env.CI === 'true') && missing === null ? describe : describe.skip;
const CAPTURE = 'log@cadence.vendor.example';

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** An automatic reply as Outlook sends one (Auto-Submitted: auto-replied, RFC 3834). */
function outOfOffice(to: string): Buffer {
  return Buffer.from(
    [
      `From: Hana <hana@globex.example>`,
      `To: ${to}`,
      `Bcc: ${CAPTURE}`,
      'Subject: Automatic reply: QBR',
      'Auto-Submitted: auto-replied',
      'Message-ID: <ooo-1@globex.example>',
      'Date: Thu, 03 Dec 2026 09:00:00 +0000',
      '',
      'I am out of the office until Monday.',
      '',
    ].join('\r\n'),
  );
}

run('Settings → Calendar & mail and My day’s unmatched events, in a real browser against Radicale', () => {
  let radicale: Radicale;
  let server: TestServer;
  let browser: Browser;
  let csm: Awaited<ReturnType<typeof makeUser>>;
  let umbrellaId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    radicale = await startRadicale({ users: { sam: 'calendar-password' } });
    server = await startTestServer('sqlite', [], { mailCapture: { address: CAPTURE, smtp: null, maxBytes: 25 * 1024 * 1024 } });
    // The browser reads "silent for N hours" against its own clock: the server's clock is today's too.
    server.deps.setNow(new Date());
    csm = await makeUser(server.deps, 'csm', { email: 'sam@vendor.example' });
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    await makeContact(server.deps, globex.id, { name: 'Hana', role: 'champion', email: 'hana@globex.example' });
    umbrellaId = (await makeAccount(server.deps, { name: 'Umbrella Corp', ownerId: csm.user.id })).id;
    await captureMail(server.deps, { raw: outOfOffice(csm.user.email), envelopeFrom: 'hana@globex.example', envelopeTo: [CAPTURE] });

    const app = calendarApp(radicale, 'sam', 'calendar-password');
    await app.makeCalendar('work');
    const day = (n: number, hour: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + n, hour)).toISOString();
    await app.put('work', 'qbr.ics', eventIcs({ uid: 'qbr@app', start: day(2, 14), end: day(2, 15), summary: 'Globex QBR', attendees: [csm.user.email, 'hana@globex.example'] }));
    await app.put('work', 'intro.ics', eventIcs({ uid: 'intro@app', start: day(3, 14), end: day(3, 15), summary: 'Intro with the Umbrella team', attendees: [csm.user.email, 'alice@umbrella.example'] }));
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await radicale?.stop();
  });

  it('a CSM connects CalDAV (a wrong password refused in words), syncs, reads the status, assigns the unmatched event on My day and finds its call on the account', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(csm.user.email);
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();

    await page.getByRole('link', { name: 'Calendar & mail' }).click();
    await page.getByRole('heading', { name: 'Calendars' }).waitFor();
    await page.getByText('No calendar connected yet.').waitFor();
    // The mail capture address, and the out-of-office it dropped.
    await page.locator('#capture-address', { hasText: CAPTURE }).waitFor();
    await page.getByRole('row', { name: /automatic replies/ }).waitFor();
    await expect(
      page
        .getByRole('row', { name: /automatic replies/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).resolves.toBe('1');
    // Google without its app set up on this server: said in words, nothing breaks.
    await page.getByRole('button', { name: 'Connect Google' }).click();
    await expect(page.locator('.oauth-start .field-error').first().textContent()).resolves.toMatch(/Google/);
    await expectAccessible(page, 'calendar & mail, nothing connected');

    // Empty form: the field is named. Wrong password: the server's refusal, next to the password.
    await page.getByRole('button', { name: 'Connect calendar' }).click();
    await page.locator('#caldav-url-error').waitFor();
    await expect(page.getByLabel('Server URL').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Server URL').fill(radicale.url);
    await page.getByLabel('User name').fill('sam');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Connect calendar' }).click();
    await page.locator('#caldav-password-error').waitFor();
    await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await page.locator('#caldav-password-error').textContent()).not.toMatch(/stack|Error:|at /);
    await expectAccessible(page, 'calendar & mail, a refused password');

    await page.getByLabel('Password').fill('calendar-password');
    await page.getByRole('button', { name: 'Connect calendar' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Connected sam: 1 calendar found/ })
      .waitFor();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /CalDAV · sam/ }) });
    await card.getByText('Not synced yet.').waitFor();
    await expect(card.getByText('Last successful sync').locator('xpath=following-sibling::dd').textContent()).resolves.toBe('never');

    await card.getByRole('button', { name: /^Sync now/ }).click();
    await card
      .getByRole('status')
      .filter({ hasText: /Synced: 2 seen, 1 created/ })
      // A first sync against Radicale on a loaded machine can take a while: the wait is long, the check exact.
      .waitFor({ timeout: 60_000 });
    // The status fills in: last success, the counts, next run.
    await expect(card.getByText('Last successful sync').locator('xpath=following-sibling::dd').textContent()).resolves.not.toBe('never');
    await expect(card.getByText('Created', { exact: true }).locator('xpath=following-sibling::dd').textContent()).resolves.toBe('1');
    await expect(card.getByText('Not matched', { exact: true }).locator('xpath=following-sibling::dd').textContent()).resolves.toBe('1');
    await page.screenshot({ path: `${ARTIFACTS}/calendar-mail-settings.png`, fullPage: true });
    await expectAccessible(page, 'calendar & mail, synced');

    // My day: the event with nobody Cadence knows, assigned to Umbrella through the picker.
    await page.getByRole('link', { name: 'My day' }).click();
    const panel = page.getByRole('region', { name: 'Calendar events with no account' });
    await panel.getByText('Intro with the Umbrella team').waitFor();
    await panel.getByRole('button', { name: /^Assign Intro with the Umbrella team to account/ }).click();
    await panel.getByLabel(/Account for/).fill('Umbr');
    await panel.getByRole('button', { name: 'Assign to Umbrella Corp' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: /assigned to Umbrella Corp; its call is on the account now/ })
      .waitFor();
    await expect(panel.getByRole('listitem').count()).resolves.toBe(0);
    await expectAccessible(page, 'my day with the unmatched events panel');

    await panel.getByRole('link', { name: 'Open its Meetings tab' }).click();
    await page.waitForURL(new RegExp(`/accounts/${umbrellaId}`));
    // The call the sync made from it is on the Meetings tab (listed by its time, opening the meeting).
    const meetings = (await (await page.request.get(`${server.url}/api/meetings?accountId=${umbrellaId}`)).json()) as { items: { id: string; title: string }[] };
    expect(meetings.items.map((m) => m.title)).toEqual(['Intro with the Umbrella team']);
    await page.locator(`main a[href="/meetings/${meetings.items[0]!.id}"]`).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/unmatched-assigned-meetings.png`, fullPage: true });

    // Decided: the event is not asked about again.
    expect((await (await page.request.get(`${server.url}/api/calendar/unmatched`)).json()).items).toEqual([]);

    // The password changed on the server: the next sync marks it, the banner asks to connect again, and My day says so too.
    await page.getByRole('link', { name: 'Calendar & mail' }).click();
    radicale.setPassword('sam', 'changed-password');
    await card.getByRole('button', { name: /^Sync now/ }).click();
    await card
      .getByRole('alert')
      .filter({ hasText: /no longer accepts Cadence’s sign-in for sam/ })
      .waitFor();
    await expect(card.getByRole('button', { name: /^Sync now/ }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'calendar & mail, needs connecting again');
    await page.getByRole('link', { name: 'My day' }).click();
    const trouble = page.getByRole('list', { name: 'Calendar connections to fix' });
    await trouble.getByText(/CalDAV \(sam\) needs connecting again/).waitFor();
    await trouble.getByRole('link', { name: 'Connect again' }).click();
    await card.getByRole('button', { name: 'Connect again' }).click();
    const again = page.getByRole('form', { name: 'Connect sam again' });
    await expect(again.getByLabel('Server URL').inputValue()).resolves.toBe(radicale.url);
    await again.getByLabel('Password').fill('changed-password');
    await again.getByRole('button', { name: 'Connect again' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Connected sam/ })
      .waitFor();
    await expect(card.getByRole('alert').count()).resolves.toBe(0);
    await card.getByRole('button', { name: /^Sync now/ }).click();
    await card
      .getByRole('status')
      .filter({ hasText: /^Synced:/ })
      .waitFor();

    // Disconnect asks first.
    await page.getByRole('button', { name: 'Disconnect CalDAV · sam' }).click();
    await page
      .getByRole('group', { name: /Disconnect CalDAV · sam\?/ })
      .getByRole('button', { name: 'Yes, disconnect' })
      .click();
    await page.getByText('No calendar connected yet.').waitFor();
    await context.close();
  }, 120_000);
});
