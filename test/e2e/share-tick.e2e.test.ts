import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

run('a customer ticks off their item on the share page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Mark done with a comment shows the item done, and the CSM reads it on the timeline and in the next agenda', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    const hana = await makeContact(server.deps, account.id, { name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' });
    const item = await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Upload the architecture diagram', side: 'customer', owner: { contactId: hana.id } });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).body;
    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = String(link.url).split('/share/')[1]!;

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/share/${token}`);
    await page.getByRole('heading', { name: 'Your action items' }).waitFor();
    await page.getByRole('button', { name: 'Mark done: Upload the architecture diagram' }).click();
    await page.getByLabel('Comment (optional)').fill('Uploaded to the project');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByText(/· done/).waitFor();
    expect(await page.getByRole('button', { name: /Mark done/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'share-tick.png') });

    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items[0].summary).toBe('The customer marked done: Upload the architecture diagram: Uploaded to the project');
    const agenda = await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token });
    expect(agenda.body.items.map((i: { text: string }) => i.text)).toContain('Done by the customer: Upload the architecture diagram (“Uploaded to the project”)');
    expect(item.id).toBeTruthy();
  });
});
