import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('a CSM previews the agenda mail before it goes out', () => {
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    ensureWebBuilt();
    smtp = await startSmtpServer();
    server = await startTestServer('sqlite', [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('Send agenda opens a preview of what the customer gets; nothing is sent until its Send button', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone: 'America/New_York' });
    const hana = await makeContact(server.deps, account.id, { name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' });
    const body = { accountId: account.id, startsAt: '2026-12-01T15:00:00Z', attendeeUserIds: [csm.user.id], attendeeContactIds: [hana.id] };
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body })).body;

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(csm.user.email);
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/meetings/${meeting.id}`);
    await page.getByRole('heading', { name: 'Agenda', exact: true }).waitFor();
    // Every item says whether the customer sees it.
    expect(await page.getByText('customer sees this').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Send agenda' }).click();
    const preview = page.getByRole('dialog', { name: /Preview/ });
    await preview.getByText('hana@globex.example').waitFor();
    await preview.getByText(/^Agenda: .*Globex/).waitFor();
    await preview.getByText('invite.ics (text/calendar)').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'agenda-preview.png') });
    expect(smtp.received).toHaveLength(0);

    await preview.getByRole('button', { name: /^Send to 2 recipients/ }).click();
    await page
      .getByText(/Agenda sent to/)
      .first()
      .waitFor();
    await expect.poll(() => smtp.received.length).toBe(1);
    expect(smtp.received[0]!.parsed.text).toContain('Hello Hana,');
    await page.close();
  });
});
