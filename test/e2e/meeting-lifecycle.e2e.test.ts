import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible } from '../helpers/browser.ts';
import { editorText, focusEnd, waitUntilLive } from '../helpers/live-notes-browser.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('a CSM runs a call end to end in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtpServer();
    server = await startTestServer('sqlite', [], { smtpUrl: smtp.url });
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    admin = (await server.userWithToken('admin')).token;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  async function signIn(page: Page) {
    page.setDefaultTimeout(10_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_LOGIN);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
  }

  it('schedules a call, sends the agenda, takes notes, captures, wraps up and sends the follow-up', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page);
    await page.screenshot({ path: `${ARTIFACTS}/my-day.png` });
    await expectAccessible(page, 'my day');

    // The account: schedule a call from it.
    await page.getByRole('link', { name: 'Book of business' }).click();
    await page.getByLabel('Search accounts').fill('globex');
    await page.waitForURL(/q=globex/);
    await expect.poll(() => page.locator('[role=row]').count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('tab', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await page.getByRole('button', { name: 'Schedule a call' }).click();
    // The server's day (its clock is fixed): the wrap-up below moves the clock to just after the call, within the session's idle limit.
    await page.getByLabel('Date', { exact: true }).fill('2026-11-20');
    await page.getByLabel('Time', { exact: true }).fill('11:30');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    // 11:30 here may fall outside working hours where the customer is: the form says so and books only when asked again.
    const bookAnyway = page.getByRole('button', { name: 'Book anyway' });
    await Promise.race([page.waitForURL(/\/meetings\//), bookAnyway.waitFor()]);
    if (!page.url().includes('/meetings/')) {
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(/working hours|\d{1,2}:\d{2}/i);
      await bookAnyway.click();
    }
    await page.waitForURL(/\/meetings\//);
    const meetingId = page.url().split('/meetings/')[1]!;
    await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
    const scheduled = await server.call('GET', `/api/meetings/${meetingId}`, { token: admin });
    expect(scheduled.body.title).toContain('Globex');
    // 11:30 in the manager's zone (New York), whatever the zone of the machine running the browser.
    expect(new Date(scheduled.body.startsAt).toLocaleTimeString('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: '2-digit' })).toBe('11:30 AM');

    // Send the agenda: a preview shows what the customers get, and its Send button mails it.
    await page.getByRole('button', { name: 'Send agenda' }).click();
    const agendaPreview = page.getByRole('dialog', { name: /Preview/ });
    await agendaPreview.getByText(/^Agenda: .*Globex/).waitFor();
    expect(smtp.received.length).toBe(0);
    await agendaPreview.getByRole('button', { name: /^Send to \d+ recipients/ }).click();
    await page
      .getByText(/Agenda sent to/)
      .first()
      .waitFor();
    await expect.poll(() => smtp.received.length).toBe(1);
    expect(smtp.received[0]!.parsed.subject).toContain('Globex');

    // Notes are live: the server has them as they are typed, and they survive a reload.
    await waitUntilLive(page);
    await page.getByLabel('Call notes').fill('Internal: the champion is leaving in March');
    const notesOnServer = async () => (await server.call('GET', `/api/meetings/${meetingId}`, { token: admin })).body.notes as string;
    await expect.poll(notesOnServer, { timeout: 15_000 }).toBe('Internal: the champion is leaving in March');
    await page.reload();
    await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
    await expect.poll(() => editorText(page, 'Call notes')).toBe('Internal: the champion is leaving in March');

    // Add an agenda item from the keyboard and move it up with Alt+↑.
    await page.keyboard.press('Alt+n');
    await page.keyboard.type('Roadmap questions from the platform team');
    await page.keyboard.press('Enter');
    const added = page.getByRole('button', { name: /^Roadmap questions from the platform team/ });
    await added.waitFor();
    const order = async () => (await server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: admin })).body.items.map((i: { text: string }) => i.text) as string[];
    await expect.poll(async () => (await order()).includes('Roadmap questions from the platform team')).toBe(true);
    const before = (await order()).indexOf('Roadmap questions from the platform team');
    await added.focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(async () => (await order()).indexOf('Roadmap questions from the platform team')).toBe(before - 1);
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toContain('Roadmap questions');
    // And back down by dragging it onto its neighbour.
    await page
      .locator('li.agenda-item', { hasText: 'Roadmap questions' })
      .locator('.handle')
      .dragTo(page.locator('li.agenda-item', { hasText: 'Anything else you would like' }));
    await expect.poll(async () => (await order()).indexOf('Roadmap questions from the platform team')).toBe(before);

    // Notes on one item, with a Markdown preview that renders markup but nothing that runs.
    await added.click();
    const itemNotes = page.getByLabel('Notes for Roadmap questions from the platform team');
    await itemNotes.fill('**Q1 roadmap** [deck](https://example.com/deck) [bad](javascript:alert(1)) <img src=x onerror="window.pwned=1"> <script>window.pwned=1</script>');
    await page.getByRole('button', { name: 'Preview' }).first().click();
    const preview = page.getByRole('region', { name: /preview/ }).first();
    await expect(preview.locator('strong').textContent()).resolves.toBe('Q1 roadmap');
    await expect(preview.locator('a[href="https://example.com/deck"]').count()).resolves.toBe(1);
    await expect(preview.locator('img, script, a[href^="javascript"]').count()).resolves.toBe(0);
    await expect(page.evaluate('window.pwned')).resolves.toBeUndefined();
    await page.getByRole('button', { name: 'Write' }).first().click();
    const itemNotesOnServer = async () =>
      ((await server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: admin })).body.items.find((i: { text: string }) => i.text === 'Roadmap questions from the platform team').notes as string) ?? '';
    await expect.poll(itemNotesOnServer, { timeout: 15_000 }).toContain('**Q1 roadmap**');

    // Capture an action item and a risk with the shortcuts.
    await page.keyboard.press('Alt+a');
    await page.keyboard.type('Send the SSO set-up guide');
    await page.getByRole('button', { name: 'Add action item' }).click();
    await page.keyboard.press('Alt+r');
    await page.getByLabel('Type (Alt+R)').selectOption('champion_leaving');
    await page.getByLabel('Evidence').fill('Champion moves to another team in March');
    await page.getByRole('button', { name: 'Add risk' }).click();
    await page.getByLabel('Relationship').selectOption('yellow');
    await page.getByText('Send the SSO set-up guide').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/meeting-workspace.png` });
    await expectAccessible(page, 'meeting workspace');

    // The customer's page, in a fresh browser with no session, on a phone.
    await page.getByRole('button', { name: 'Copy share link' }).click();
    const shareUrl = new URL(await page.getByLabel('Customer link').inputValue());
    const customer = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await customer.newPage();
    phone.setDefaultTimeout(10_000);
    await phone.goto(`${server.url}${shareUrl.pathname}`);
    await phone.getByRole('heading', { name: 'Agenda' }).waitFor();
    await phone.getByText('Roadmap questions from the platform team').waitFor();
    const shown = await phone.locator('body').innerText();
    expect(shown).not.toContain('champion is leaving');
    expect(shown).not.toContain('Champion moves to another team');
    expect(shown).not.toContain('Internal prep');
    expect(shown).not.toContain('ARR');
    await phone.getByRole('button', { name: 'Add to the agenda' }).click();
    await phone.getByRole('alert').filter({ hasText: 'at least 3 characters' }).waitFor();
    await phone.getByLabel('Your topic', { exact: true }).fill('Pricing for the extra seats');
    await phone.getByRole('button', { name: 'Add to the agenda' }).click();
    await phone.getByText('Pricing for the extra seats').first().waitFor();
    await phone.screenshot({ path: `${ARTIFACTS}/share-page.png`, fullPage: true });
    await expectAccessible(phone, 'share page');
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await customer.close();

    // Wrap up once the call has been held (a call cannot be wrapped up before it starts): everything captured goes in one request and the follow-up is drafted.
    server.deps.setNow(new Date(Date.parse(scheduled.body.startsAt) + 40 * 60_000));
    await page.getByRole('button', { name: 'Wrap up the call' }).click();
    await page.getByRole('heading', { name: 'Follow-up', exact: true }).waitFor();
    const items = await server.call('GET', `/api/action-items?accountId=${scheduled.body.accountId}`, { token: admin });
    expect(items.body.items.some((a: { text: string; meetingId: string }) => a.text === 'Send the SSO set-up guide' && a.meetingId === meetingId)).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/follow-up.png`, fullPage: true });
    // The preview shows what the customer gets and the items not addressed; sending them anyway is ticked on purpose.
    await page.getByRole('button', { name: 'Preview and send' }).click();
    const followUpPreview = page.getByRole('dialog', { name: /follow-up as each recipient gets it/ });
    await followUpPreview.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/follow-up-preview.png`, fullPage: true });
    const anyway = followUpPreview.getByLabel('Send anyway');
    if (await anyway.count()) await anyway.check();
    await followUpPreview.getByRole('button', { name: 'Send the follow-up' }).click();
    await page.getByText(/^sent /).waitFor();
    await expect.poll(() => smtp.received.length).toBe(2);
    expect(smtp.received[1]!.parsed.text).toContain('Send the SSO set-up guide');

    // The account's timeline tells the story.
    await page.getByRole('link', { name: 'Globex' }).click();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page
      .getByText(/held: 1 action item, 1 risk/)
      .first()
      .waitFor();
    await page.getByText('Send the SSO set-up guide').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/account-after-call.png`, fullPage: true });
    await expectAccessible(page, 'account');

    // Notes search in the top bar finds the call.
    await page.getByLabel('Search meeting notes').fill('champion');
    await page.getByRole('region', { name: 'Notes search results' }).getByRole('link').first().waitFor();
    await context.close();
  }, 60_000);

  it('keeps the JavaScript of the first screen under 300 kB gzipped', () => {
    const index = readFileSync(path.resolve('web/dist/index.html'), 'utf8');
    const scripts = [...index.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.resolve('web/dist', file))).length, 0);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  it('merges two tabs typing the same notes, never a conflict, and keeps what is typed offline or just before a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await context.newPage();
    await signIn(first);
    const planned = await server.call('GET', '/api/meetings?state=planned&limit=1', { token: admin });
    const meetingId = planned.body.items[0].id as string;
    const notesOnServer = async () => (await server.call('GET', `/api/meetings/${meetingId}`, { token: admin })).body.notes as string;
    await first.goto(`${server.url}/meetings/${meetingId}`);
    const second = await context.newPage();
    second.setDefaultTimeout(10_000);
    await second.goto(`${server.url}/meetings/${meetingId}`);
    await waitUntilLive(first);
    await waitUntilLive(second);

    await first.getByLabel('Call notes').fill('Written in the first tab.');
    await expect.poll(() => editorText(second, 'Call notes')).toBe('Written in the first tab.');
    // Both type at the same time: both sentences are kept, on both screens and on the server.
    await focusEnd(first, 'Call notes');
    await focusEnd(second, 'Call notes');
    await Promise.all([first.keyboard.type(' More from the first.', { delay: 20 }), second.keyboard.type(' And from the second.', { delay: 20 })]);
    const both = (t: string) => t.includes('More from the first.') && t.includes('And from the second.') && t.startsWith('Written in the first tab.');
    await expect.poll(async () => both(await editorText(first, 'Call notes')) && (await editorText(first, 'Call notes')) === (await editorText(second, 'Call notes'))).toBe(true);
    await expect.poll(async () => both(await notesOnServer()), { timeout: 15_000 }).toBe(true);
    await expect(second.getByRole('heading', { name: /changed in another tab/ }).count()).resolves.toBe(0);
    await second.screenshot({ path: `${ARTIFACTS}/notes-two-tabs.png` });

    // A lost connection keeps the text on the device and sends it once the network is back.
    await context.setOffline(true);
    await second.getByTestId('live-status').filter({ hasText: 'Offline – kept on this device' }).waitFor();
    await focusEnd(second, 'Call notes');
    await second.keyboard.type(' Typed while the Wi-Fi was down.');
    await expect.poll(() => editorText(second, 'Call notes')).toContain('Typed while the Wi-Fi was down.');
    expect(await notesOnServer()).not.toContain('Wi-Fi');
    await context.setOffline(false);
    await waitUntilLive(second);
    await expect.poll(notesOnServer, { timeout: 15_000 }).toContain('Typed while the Wi-Fi was down.');

    // Text typed just before a reload is still there after it.
    await focusEnd(second, 'Call notes');
    await second.keyboard.type(' Typed a moment before the reload.');
    await second.reload();
    await waitUntilLive(second);
    await expect.poll(() => editorText(second, 'Call notes')).toContain('Typed a moment before the reload.');
    await expect.poll(notesOnServer, { timeout: 15_000 }).toContain('Typed a moment before the reload.');
    await context.close();
  });
});
