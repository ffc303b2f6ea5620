import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { insertSyncRun } from '../../src/store/integrations.repo.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const TRANSCRIPT = readFileSync(path.resolve('src/domain/notes-extraction/fixtures/renewal-risk-call.vtt'));

run('transcripts, suggestions and team settings in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    admin = (await server.userWithToken('admin')).token;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(login: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    return page;
  }

  it('imports a transcript, maps a speaker, accepts a suggestion from the keyboard and finds it among the account’s action items', async () => {
    const planned = await server.call('GET', '/api/meetings?state=planned&limit=1', { token: admin });
    const meeting = planned.body.items[0] as { id: string; accountId: string; attendees: { name: string; side: string }[] };
    const csm = meeting.attendees.find((a) => a.side === 'vendor')!;
    const page = await signedIn(DEMO_LOGIN);
    await page.goto(`${server.url}/meetings/${meeting.id}`);
    await page.getByRole('heading', { name: 'Transcript and suggestions' }).waitFor();

    // A broken file is refused, naming its line.
    await page.getByLabel(/Import a transcript/).setInputFiles({ name: 'broken.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n1\n00:00:01.000 --> 00:61:00.000\n<v Dana>Hello\n') });
    await page
      .getByRole('alert')
      .filter({ hasText: /broken\.vtt: line \d+/ })
      .waitFor();

    await page.getByLabel(/Import a transcript/).setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: TRANSCRIPT });
    await page.getByText('2 speakers not matched').waitFor();
    await page.getByRole('list', { name: 'Suggestions to review' }).waitFor();
    // Each suggestion shows what was said and when.
    // By its own text: the recap sentence it quotes hands out a second task too.
    await page
      .getByRole('listitem', { name: /^action item: Send the SSO setup guide/i })
      .getByText(/1:31 “To recap, I'll send the SSO setup guide tomorrow/)
      .waitFor();

    // Dana is our CSM on this call: map her, and the suggestions are drafted again.
    await page.getByLabel("Dana O'Brien").selectOption(csm.name);
    await page.getByRole('button', { name: 'Map speakers and suggest again' }).click();
    await page.getByText('1 speaker not matched').waitFor();
    await page
      .locator('li.suggestion', { hasText: `owner ${csm.name}` })
      .first()
      .waitFor();

    // After a reload the matching is still there, and so is which extractor drafted the suggestions.
    await page.reload();
    await page.getByText('1 speaker not matched').waitFor();
    await page.getByText("Suggestions drafted by Cadence's local extractor.").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/transcript-suggestions.png`, fullPage: true });
    await expectAccessible(page, 'transcript suggestions');

    // Keyboard: reject the decision with R, then accept the SSO guide with A.
    const decision = page.locator('li.suggestion', { hasText: 'value review workshop' });
    await decision.focus();
    await page.keyboard.press('r');
    await decision.waitFor({ state: 'detached' });
    const sso = page.getByRole('listitem', { name: /^action item: Send the SSO setup guide/i });
    await sso.focus();
    await page.keyboard.press('a');
    await sso.waitFor({ state: 'detached' });
    await page.getByText(/2 decided \(1 accepted\)/).waitFor();

    const items = await server.call('GET', `/api/action-items?accountId=${meeting.accountId}`, { token: admin });
    expect(items.body.items.some((a: { text: string; meetingId: string }) => a.text === 'Send the SSO setup guide tomorrow' && a.meetingId === meeting.id)).toBe(true);

    // A customer link handed out by mistake is revoked from the workspace.
    // The browser's clock is today's while the server's stands in November: whether a link still
    // works is the server's answer, or a fresh link would show as expired with nothing to revoke.
    await page.getByRole('button', { name: 'Copy share link' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Share link (copied|ready)/ })
      .waitFor();
    const links = page.getByRole('region', { name: 'Share links' });
    await links.getByText(/works until/).waitFor();
    await links.getByRole('button', { name: /^Revoke the link/ }).click();
    await links.getByText(/^revoked /).waitFor();
    const listed = await server.call('GET', `/api/meetings/${meeting.id}/share-links`, { token: admin });
    expect(listed.body.items.every((l: { revokedAt: string | null }) => l.revokedAt !== null)).toBe(true);

    // The account's page lists it with the other open action items.
    await page.locator('.crumbs a').nth(1).click();
    await page.getByRole('tab', { name: 'Action items' }).click();
    const actionItems = page.getByRole('region', { name: 'Open action items' });
    await actionItems.getByText('Send the SSO setup guide tomorrow').waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: /^Cadence/ }).waitFor();
    await page.getByRole('heading', { name: /^Health/ }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/account-overview.png`, fullPage: true });
    await expectAccessible(page, 'account overview');
    await page.context().close();
  }, 60_000);

  it('shows on the integrations page when each connected tool last synced', async () => {
    const made = await server.call('POST', '/api/integrations', { token: admin, body: { name: 'signed-findings', kind: 'findings', settings: { signingSecret: 'a-signing-secret-of-16+' } } });
    expect(made.status).toBe(201);
    await insertSyncRun(server.deps.store.db, { id: server.deps.newId(), integrationId: made.body.id, scope: 'incremental', at: '2026-11-30T09:15:00.000Z' });
    const page = await signedIn(DEMO_LOGIN);
    await page.goto(`${server.url}/settings/integrations`);
    const row = page.getByRole('listitem', { name: /signed-findings/ });
    await row.waitFor();
    // The page once read `started_at` while the API sends `startedAt`, and showed "Invalid Date".
    await expect(row.textContent()).resolves.toMatch(/2026/);
    await expect(row.textContent()).resolves.not.toContain('Invalid');
    await page.context().close();
    await server.call('DELETE', `/api/integrations/${made.body.id}`, { token: admin });
  }, 60_000);

  it('lets a manager change the touch floor, with errors by the field, and shows a CSM a 403 page', async () => {
    const page = await signedIn(DEMO_LOGIN);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Cadence policy' }).waitFor();
    const floor = page.getByLabel('Touch floor (days)');
    await expect(floor.inputValue()).resolves.toBe('30');

    await floor.fill('0');
    await page.getByRole('button', { name: 'Save policy' }).click();
    const fieldError = page.locator('#p-touch-error');
    await fieldError.waitFor();
    await expect(fieldError.textContent()).resolves.toContain('at least 1 day');
    await expect(floor.getAttribute('aria-invalid')).resolves.toBe('true');

    await floor.fill('21');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('status').filter({ hasText: 'Policy saved.' }).waitFor();
    const stored = await server.call('GET', '/api/settings/cadence', { token: admin });
    expect(stored.body.policy.touchFloorDays).toBe(21);
    expect(stored.body.policy.bySegment.enterprise).toBe('monthly');
    await page.screenshot({ path: `${ARTIFACTS}/settings-cadence.png`, fullPage: true });
    await expectAccessible(page, 'settings');

    // The connected tools; none in the demo.
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByText('No integration connected yet.').waitFor();

    // Their own calendar feed: a secret URL shown once, then revoked.
    await page.getByRole('link', { name: 'Calendar feed' }).click();
    await page.getByRole('button', { name: 'Create or rotate the feed URL' }).click();
    const feedUrl = await page.getByLabel('Calendar feed URL').inputValue();
    expect(feedUrl).toMatch(/\/calendar\/[\w-]+\.ics$/);
    const feed = await fetch(`${server.url}${new URL(feedUrl).pathname}`);
    expect(feed.status).toBe(200);
    await expectAccessible(page, 'calendar feed');
    await page.getByRole('button', { name: 'Revoke the feed' }).click();
    await page.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
    expect((await fetch(`${server.url}${new URL(feedUrl).pathname}`)).status).toBe(404);

    // The team dashboard draws its figures and opens the records behind one.
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Health distribution' }).waitFor();
    await page.getByRole('button', { name: /^Not touched in 30 days/ }).click();
    await page.getByRole('heading', { name: /Not touched in 30 days/ }).waitFor();
    await page.locator('.drill-list a').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/team-dashboard.png`, fullPage: true });
    await expectAccessible(page, 'team dashboard');
    await page.context().close();

    const csm = await signedIn(DEMO_CSM_LOGIN);
    await expect(csm.getByRole('link', { name: 'Settings' }).count()).resolves.toBe(0);
    await csm.goto(`${server.url}/settings`);
    await csm.getByRole('heading', { name: 'Not yours to see' }).waitFor();
    await csm.screenshot({ path: `${ARTIFACTS}/settings-forbidden.png` });
    await expectAccessible(csm, 'settings 403');
    await csm.context().close();
  }, 60_000);
});
