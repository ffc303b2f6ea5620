import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserCreateSchema } from '../../src/domain/users.ts';
import { LOCAL_OPERATOR, addUser } from '../../src/services/users/users.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { editorText, focusEnd, openMeetingAs, selectAgendaItem, waitUntilLive, type Screen } from '../helpers/live-notes-browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const PASSWORD = 'correct horse battery';
const HEADING = 'Notes on a removed agenda item:';
const DRAFT = 'Legacy SSO contract ends in June';
const OFFLINE = 'Pricing: they want the 3 year deal';

const count = (text: string, part: string) => text.split(part).length - 1;
const lines = (page: Page) => page.getByLabel('Call notes', { exact: true }).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (line) => line.textContent));

/*
 * Text that ends up under an agenda item nobody can open any more would be lost for the team: an
 * old draft of an item dropped since, or what someone typed offline into an item a colleague
 * dropped meanwhile. Both show up in the call notes, on everyone's screen.
 */
run('live notes: text of an agenda item that is no longer on the agenda', () => {
  let server: TestServer;
  let browser: Browser;
  let admin = '';
  let meetingId = '';
  let ana: Screen;
  let priya: Page;
  const ids: Record<string, string> = {};

  const addItem = async (text: string) => {
    const res = await server.call('POST', `/api/meetings/${meetingId}/agenda/edits`, { token: admin, body: { op: 'add', text } });
    expect(res.status).toBe(200);
    return (res.body.items as { id: string; text: string }[]).find((i) => i.text === text)!.id;
  };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    admin = (await server.userWithToken('admin')).token;
    for (const [first, full] of [
      ['Priya', 'Priya Shah'],
      ['Ana', 'Ana Silva'],
    ] as const) {
      const user = await addUser(server.deps, LOCAL_OPERATOR, UserCreateSchema.parse({ email: `${first.toLowerCase()}@example.com`, name: full, role: 'csm', managerId: null, password: PASSWORD }));
      ids[first] = user.id;
    }
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: ids.Priya, team: [{ userId: ids.Ana, role: 'ae' }] });
    const startsAt = new Date(server.deps.now().getTime() + 2 * 86_400_000).toISOString();
    const created = await server.call('POST', '/api/meetings', { token: admin, body: { accountId: globex.id, startsAt, title: 'Globex renewal call', acknowledgeOutOfHours: true, acknowledgeBackToBack: true } });
    expect(created.status).toBe(201);
    meetingId = created.body.id as string;
    await addItem('Pricing');
    // An item Priya wrote about in the old editor, dropped from the agenda since.
    const legacyId = await addItem('Legacy contract');
    expect((await server.call('POST', `/api/meetings/${meetingId}/agenda/edits`, { token: admin, body: { op: 'drop', itemId: legacyId } })).status).toBe(200);

    browser = await launchBrowser();
    ana = await openMeetingAs(browser, server.url, meetingId, { name: 'Ana', email: 'ana@example.com', password: PASSWORD });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    priya = await context.newPage();
    priya.setDefaultTimeout(45_000);
    await priya.goto(server.url);
    await priya.getByLabel('Email').fill('priya@example.com');
    await priya.getByLabel('Password').fill(PASSWORD);
    await priya.getByRole('button', { name: 'Sign in' }).click();
    await priya.getByRole('heading', { name: /My day/ }).waitFor();
    // The old editor's shape: one key per meeting and tab.
    await priya.evaluate(({ meetingId, legacyId, text }) => localStorage.setItem(`cadence.notes.${meetingId}.k3x9q2ab`, JSON.stringify({ baseVersion: 1, notes: '', itemNotes: { [legacyId]: text }, updatedAt: Date.now() - 86_400_000 })), {
      meetingId,
      legacyId,
      text: DRAFT,
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an old draft of an item dropped since shows in the call notes, marked as recovered, on every screen', async () => {
    await priya.goto(`${server.url}/meetings/${meetingId}`);
    await waitUntilLive(priya);
    await expect.poll(() => editorText(ana.page, 'Call notes'), { timeout: 15_000 }).toContain(DRAFT);
    const notes = await editorText(ana.page, 'Call notes');
    expect(notes).toContain(HEADING);
    expect(notes).toMatch(/Recovered draft/);
    expect(count(notes, DRAFT)).toBe(1);
    await expect.poll(() => lines(priya), { timeout: 15_000 }).toEqual(await lines(ana.page));
    // What search and exports read has it too.
    await expect.poll(async () => (await server.call('GET', `/api/meetings/${meetingId}`, { token: admin })).body.notes as string, { timeout: 15_000 }).toContain(DRAFT);
  });

  it('what Priya typed offline into an item Ana dropped meanwhile reaches the call notes once she is back', async () => {
    await selectAgendaItem(priya, 'Pricing');
    await focusEnd(priya, 'Notes for Pricing');
    await priya.context().setOffline(true);
    await priya.getByTestId('live-status').filter({ hasText: 'Offline – kept on this device' }).waitFor();
    await priya.keyboard.type(OFFLINE, { delay: 10 });

    // The item's buttons show on hover, as for a person with a mouse.
    await ana.page.getByRole('button', { name: /^Pricing\. Notes/ }).hover();
    await ana.page.getByRole('button', { name: 'Drop "Pricing"' }).click();
    await ana.page.getByRole('button', { name: 'Drop "Pricing"' }).waitFor({ state: 'detached' });

    await priya.context().setOffline(false);
    await waitUntilLive(priya);
    // Still in the item's editor, her text stays under her cursor; it moves once she is in the call notes.
    await focusEnd(priya, 'Call notes');
    await priya.keyboard.type(' Back online.');
    await expect.poll(() => editorText(ana.page, 'Call notes'), { timeout: 15_000 }).toContain(OFFLINE);
    const notes = await editorText(ana.page, 'Call notes');
    expect(count(notes, OFFLINE)).toBe(1);
    expect(count(notes, HEADING)).toBe(2);
    expect(notes).toContain('Back online.');

    // Line by line: an empty line holding someone else's (hidden) caret reads as no line in innerText.
    await expect.poll(() => lines(priya), { timeout: 15_000 }).toEqual(await lines(ana.page));
    await expect.poll(async () => (await server.call('GET', `/api/meetings/${meetingId}`, { token: admin })).body.notes as string, { timeout: 15_000 }).toContain(OFFLINE);
  }, 120_000);
});
