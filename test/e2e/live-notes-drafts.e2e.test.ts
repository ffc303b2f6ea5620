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
const ITEM = 'Renewal';
const DRAFT_NOTES = 'Budget owner is Dana, not Raj';
const DRAFT_ITEM = 'Renewal signed in March if SSO ships';

const count = (text: string, part: string) => text.split(part).length - 1;
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

/*
 * Someone typed into the old notes editor (it kept unsaved text in localStorage) and then the app
 * was upgraded to live notes: opening the meeting again brings that text into the shared document.
 * The same first opening deletes the browser's copies of meetings the person may no longer see.
 */
run('live notes: drafts left by the old editor and copies of meetings no longer seen', () => {
  let server: TestServer;
  let browser: Browser;
  const ids: Record<string, string> = {};
  let meetingId = '';
  let itemId = '';
  let otherMeetingId = '';
  let hiddenMeetingId = '';
  let ana: Screen;
  let priya: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    const admin = (await server.userWithToken('admin')).token;
    for (const [first, full] of [
      ['Priya', 'Priya Shah'],
      ['Ana', 'Ana Silva'],
      ['Lee', 'Lee Wong'],
    ] as const) {
      const user = await addUser(server.deps, LOCAL_OPERATOR, UserCreateSchema.parse({ email: `${first.toLowerCase()}@example.com`, name: full, role: 'csm', managerId: null, password: PASSWORD }));
      ids[first] = user.id;
    }
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: ids.Priya, team: [{ userId: ids.Ana, role: 'ae' }] });
    // Lee's account: Priya is not on its team and may not see its meetings.
    const initech = await makeAccount(server.deps, { name: 'Initech', ownerId: ids.Lee });
    const meeting = async (accountId: string, title: string, days: number) => {
      const startsAt = new Date(server.deps.now().getTime() + days * 86_400_000).toISOString();
      const res = await server.call('POST', '/api/meetings', { token: admin, body: { accountId, startsAt, title, acknowledgeOutOfHours: true, acknowledgeBackToBack: true } });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    meetingId = await meeting(globex.id, 'Globex renewal call', 2);
    otherMeetingId = await meeting(globex.id, 'Globex QBR', 9);
    hiddenMeetingId = await meeting(initech.id, 'Initech onboarding', 3);
    const added = await server.call('POST', `/api/meetings/${meetingId}/agenda/edits`, { token: admin, body: { op: 'add', text: ITEM } });
    expect(added.status).toBe(200);
    itemId = (await server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: admin })).body.items.find((i: { text: string }) => i.text === ITEM).id;

    browser = await launchBrowser();
    ana = await openMeetingAs(browser, server.url, meetingId, { name: 'Ana', email: 'ana@example.com', password: PASSWORD });
    await selectAgendaItem(ana.page, ITEM);

    // Priya signs in on a browser the old version left a draft in, with copies of two meetings' notes.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    priya = await context.newPage();
    priya.setDefaultTimeout(45_000);
    await priya.goto(server.url);
    await priya.getByLabel('Email').fill('priya@example.com');
    await priya.getByLabel('Password').fill(PASSWORD);
    await priya.getByRole('button', { name: 'Sign in' }).click();
    await priya.getByRole('heading', { name: /My day/ }).waitFor();
    await priya.evaluate(
      async ({ meetingId, itemId, notes, item, names }) => {
        // The old editor's shape: one key per meeting and tab.
        localStorage.setItem(`cadence.notes.${meetingId}.k3x9q2ab`, JSON.stringify({ baseVersion: 1, notes, itemNotes: { [itemId]: item }, updatedAt: Date.now() - 3 * 86_400_000 }));
        for (const name of names)
          await new Promise<void>((resolve, reject) => {
            const req = indexedDB.open(name, 1);
            req.onupgradeneeded = () => req.result.createObjectStore('updates', { autoIncrement: true });
            req.onsuccess = () => {
              req.result.close();
              resolve();
            };
            req.onerror = () => reject(req.error);
          });
      },
      { meetingId, itemId, notes: DRAFT_NOTES, item: DRAFT_ITEM, names: [`cadence.live-notes.${ids.Priya}.${hiddenMeetingId}`, `cadence.live-notes.${ids.Priya}.${otherMeetingId}`] },
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('merges the old draft once, marked as recovered, in the right fields, and forgets it on the device', async () => {
    await priya.goto(`${server.url}/meetings/${meetingId}`);
    await waitUntilLive(priya);

    // Ana, on her own screen, sees Priya's recovered text: the free notes in the call notes, the item's under the item.
    await expect.poll(() => editorText(ana.page, 'Call notes'), { timeout: 15_000 }).toContain(DRAFT_NOTES);
    const notes = await editorText(ana.page, 'Call notes');
    expect(notes).toMatch(/Recovered draft/);
    expect(notes).not.toContain(DRAFT_ITEM);
    await expect.poll(() => editorText(ana.page, `Notes for ${ITEM}`), { timeout: 15_000 }).toContain(DRAFT_ITEM);
    expect(await editorText(ana.page, `Notes for ${ITEM}`)).toMatch(/Recovered draft/);
    expect(await priya.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith(`cadence.notes.${id}.`)), meetingId)).toEqual([]);

    // A reload brings nothing in twice, even with a second old tab's copy of the same text left behind
    // (it is already in the document). Whatever the reload added would reach Ana before what Priya types after it.
    await priya.evaluate(({ meetingId, itemId, notes, item }) => localStorage.setItem(`cadence.notes.${meetingId}.p0tab777`, JSON.stringify({ baseVersion: 1, notes, itemNotes: { [itemId]: item }, updatedAt: Date.now() - 86_400_000 })), {
      meetingId,
      itemId,
      notes: DRAFT_NOTES,
      item: DRAFT_ITEM,
    });
    await priya.reload();
    await waitUntilLive(priya);
    await focusEnd(priya, 'Call notes');
    await priya.keyboard.type(' after reload');
    await expect.poll(() => editorText(ana.page, 'Call notes'), { timeout: 15_000 }).toContain('after reload');
    const after = await editorText(ana.page, 'Call notes');
    expect(count(after, DRAFT_NOTES)).toBe(1);
    expect(count(after, 'Recovered draft')).toBe(1);
    expect(await priya.evaluate((id) => Object.keys(localStorage).filter((k) => k.startsWith(`cadence.notes.${id}.`)), meetingId)).toEqual([]);
    await selectAgendaItem(priya, ITEM);
    expect(count(await editorText(priya, `Notes for ${ITEM}`), DRAFT_ITEM)).toBe(1);
    // The server's text, which search and exports read, holds it once too.
    await expect.poll(async () => count((await server.call('GET', `/api/meetings/${meetingId}`, { token: (await server.userWithToken('admin')).token })).body.notes ?? '', DRAFT_NOTES), { timeout: 15_000 }).toBe(1);
  });

  it('deletes the copy of a meeting Priya may not see, and keeps the one of a meeting she may', async () => {
    const hidden = `cadence.live-notes.${ids.Priya}.${hiddenMeetingId}`;
    await expect.poll(() => databases(priya), { timeout: 15_000 }).not.toContain(hidden);
    const left = await databases(priya);
    expect(left).toContain(`cadence.live-notes.${ids.Priya}.${otherMeetingId}`);
    expect(left).toContain(`cadence.live-notes.${ids.Priya}.${meetingId}`);
  });
});
