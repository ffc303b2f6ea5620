/**
 * Settings → Calendar & mail's capture mailbox in Debian's Chromium against a real Dovecot: an admin
 * connects it (a wrong password refused in words beside the field), syncs it now and follows the
 * account it names to the customer's mail on its timeline, then disconnects; a manager sees no such
 * section. axe-clean on each state.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, ensureWebBuilt, expectAccessible, launchBrowser } from '../helpers/browser.ts';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const missing = dovecotMissing();
if (missing && process.env.CI === 'true') throw new Error(`the IMAP browser test needs Dovecot under CI=true: ${missing}`);
const run = (browserAvailable() || process.env.CI === 'true') && missing === null ? describe : describe.skip;
const FOLDER = 'Customers';

function customerMail(to: string): Buffer {
  return Buffer.from(
    ['From: Peter Gibbons <peter@initech.example>', `To: ${to}`, 'Subject: TPS reports', 'Message-ID: <tps-1@initech.example>', 'Date: Thu, 03 Dec 2026 09:00:00 +0000', '', 'Did you get the memo about the new cover sheets?', ''].join(
      '\r\n',
    ),
  );
}

run('the capture mailbox over IMAP in Settings, in a real browser against Dovecot', () => {
  let dovecot: Dovecot;
  let server: TestServer;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let manager: Awaited<ReturnType<typeof makeUser>>;
  let accountId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    dovecot = await startDovecot();
    await dovecot.recreate(FOLDER);
    server = await startTestServer('sqlite', [], { mailCapture: { address: 'log@cadence.vendor.example', smtp: null, maxBytes: 25 * 1024 * 1024 } });
    server.deps.setNow(new Date());
    admin = await makeUser(server.deps, 'admin', { email: 'ines.admin@vendor.example' });
    manager = await makeUser(server.deps, 'manager', { email: 'mo.manager@vendor.example' });
    const csm = await makeUser(server.deps, 'csm', { email: 'sam@vendor.example' });
    accountId = (await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id })).id;
    await makeContact(server.deps, accountId, { name: 'Peter Gibbons', role: 'champion', email: 'peter@initech.example' });
    await dovecot.deliver(customerMail(csm.user.email), FOLDER);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dovecot?.stop();
  });

  async function signIn(who: { user: { email: string }; password: string }): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(who.user.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings pages' }).getByRole('link', { name: 'Calendar & mail' }).click();
    await page.getByRole('heading', { name: 'Mail capture' }).waitFor();
    return page;
  }

  it('an admin connects the mailbox (a wrong password refused in words), syncs it, finds the mail on the account it names, and disconnects', async () => {
    const page = await signIn(admin);
    const section = page.getByRole('region', { name: 'Capture mailbox (IMAP)' });
    await section.getByText('No mailbox connected.').waitFor();
    await expectAccessible(page, 'capture mailbox, nothing connected');

    // Nothing filled in: the first missing field is named, beside it.
    await section.getByRole('button', { name: 'Test and connect' }).click();
    await section.locator('#imap-host-error').waitFor();
    await expect(section.getByLabel('IMAP server').getAttribute('aria-invalid')).resolves.toBe('true');

    await section.getByLabel('IMAP server').fill(dovecot.host);
    await section.getByLabel(/Use TLS/).uncheck();
    await expect(section.getByLabel('Port', { exact: true }).inputValue()).resolves.toBe('143');
    await section.getByLabel('Port', { exact: true }).fill(String(dovecot.port));
    await section.getByLabel('Mailbox user name').fill(dovecot.user);
    await section.getByLabel('Mailbox password').fill('not-the-password');
    await section.getByLabel('Folder').fill(FOLDER);
    await section.getByRole('button', { name: 'Test and connect' }).click();
    const refusal = section.locator('#imap-password-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/refused the login of capture.*Check the user name and the password/);
    expect(await refusal.textContent()).not.toMatch(/^password:|not-the-password|stack|Error:/);
    await expect(section.getByLabel('Mailbox password').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'capture mailbox, a refused password');

    await section.getByLabel('Mailbox password').fill(dovecot.password);
    await section.getByRole('button', { name: 'Test and connect' }).click();
    const card = section.getByRole('heading', { name: new RegExp(`${dovecot.user} on ${dovecot.host}`) });
    await card.waitFor();
    await section.getByText('Not polled yet.').waitFor();
    expect(await section.textContent()).not.toContain(dovecot.password);

    await section.getByRole('button', { name: /^Sync now/ }).click();
    const outcome = section.getByRole('status').filter({ hasText: 'Filed to:' });
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/1 mail read: 1 captured, 0 skipped\.\s*Filed to: Initech \(1 mail\)/);
    await section.getByText('Last poll: 1 read, 1 logged, 0 skipped.').waitFor();
    await expectAccessible(page, 'capture mailbox, synced');

    await outcome.getByRole('link', { name: 'Initech' }).click();
    await page.waitForURL(new RegExp(`/accounts/${accountId}/timeline$`));
    await page.getByText('Email "TPS reports" from Peter Gibbons').waitFor();

    await page.goBack();
    await section.getByRole('button', { name: new RegExp(`^Disconnect ${dovecot.user}`) }).click();
    await section.getByRole('button', { name: 'Yes, disconnect' }).click();
    await section.getByText('No mailbox connected.').waitFor();
    await expectAccessible(page, 'capture mailbox, disconnected');
    await page.context().close();
  }, 120_000);

  it('a manager sees the mail capture address but no capture mailbox section', async () => {
    const page = await signIn(manager);
    await page.locator('#capture-address').waitFor();
    await expect(page.getByRole('heading', { name: 'Capture mailbox (IMAP)' }).count()).resolves.toBe(0);
    await page.context().close();
  }, 60_000);
});
