import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserCreateSchema } from '../../src/domain/users.ts';
import { LOCAL_OPERATOR, addUser } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { editorText, focusEnd, openMeetingAs, selectAgendaItem, waitForSameText, waitUntilLive, type Screen } from '../helpers/live-notes-browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** What typing on one screen may take to show on another while CI runs three browsers on two busy cores; the 1 s budget is asserted in its own test. */
const SLOW_MACHINE = { timeout: 15_000 };

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const PASSWORD = 'correct horse battery';
const ITEM = 'Renewal';
const LABEL = `Notes for ${ITEM}`;

/*
 * Each person types from their own alphabet (lower-case words, digits, capitals), so whatever way
 * the three streams interleave in the shared text, each person's keystrokes can be read back out
 * of it, in order, and counted: nothing lost, nothing doubled.
 */
const ALPHABETS: Record<string, RegExp> = { Priya: /[a-z]/g, Ana: /[0-9]/g, Sam: /[A-Z]/g };
const only = (text: string, alphabet: RegExp) => (text.match(alphabet) ?? []).join('');
const spaces = (text: string) => (text.match(/ /g) ?? []).length;

/** Every keystroke typed so far, by whom, checked against a text. */
class Typed {
  private readonly by: Record<string, string> = { Priya: '', Ana: '', Sam: '' };
  add(name: string, text: string) {
    this.by[name] += text;
  }
  allIn(text: string): boolean {
    return Object.entries(this.by).every(([name, typed]) => only(text, ALPHABETS[name]!) === only(typed, ALPHABETS[name]!)) && spaces(text) === Object.values(this.by).reduce((n, t) => n + spaces(t), 0);
  }
  describe(text: string): string {
    return Object.entries(this.by)
      .map(([name, typed]) => `${name}: typed ${only(typed, ALPHABETS[name]!).length}, shown ${only(text, ALPHABETS[name]!).length}`)
      .join('; ');
  }
}

/** The accessible name of the editor that has the keyboard (CodeMirror sits in a shadow root). */
const focusedEditor = (page: Page) => page.evaluate(() => (document.activeElement?.shadowRoot?.activeElement ?? document.activeElement)?.getAttribute('aria-label'));

/** A loaded machine (8 people testing on 2 cores) gets more time; the figure is reported either way. */
const budgetMs = () => (os.loadavg()[0]! > os.cpus().length * 1.5 ? 5000 : 1000);

run('live notes: the account team types into the same agenda item at once, in real browsers', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: string;
  let meetingId: string;
  const people: Record<string, { name: string; email: string; password: string }> = {};
  const screens: Screen[] = [];
  let viewer: Screen;
  const typed = new Typed();
  const measured: Record<string, number | string> = {};

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    admin = (await server.userWithToken('admin')).token;
    const ids: Record<string, string> = {};
    for (const [first, full, role] of [
      ['Priya', 'Priya Shah', 'csm'],
      ['Ana', 'Ana Silva', 'csm'],
      ['Sam', 'Sam Okafor', 'csm'],
      ['Vic', 'Vic Chen', 'viewer'],
    ] as const) {
      const email = `${first.toLowerCase()}@example.com`;
      const user = await addUser(server.deps, LOCAL_OPERATOR, UserCreateSchema.parse({ email, name: full, role, managerId: null, password: PASSWORD }));
      ids[first] = user.id;
      people[first] = { name: first, email, password: PASSWORD };
    }
    const account = await makeAccount(server.deps, {
      name: 'Globex',
      ownerId: ids.Priya,
      team: [
        { userId: ids.Ana, role: 'ae' },
        { userId: ids.Sam, role: 'sa' },
      ],
    });
    const startsAt = new Date(server.deps.now().getTime() + 2 * 86_400_000).toISOString();
    const meeting = await server.call('POST', '/api/meetings', { token: admin, body: { accountId: account.id, startsAt, title: 'Globex renewal call', acknowledgeOutOfHours: true, acknowledgeBackToBack: true } });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
    const added = await server.call('POST', `/api/meetings/${meetingId}/agenda/edits`, { token: admin, body: { op: 'add', text: ITEM } });
    expect(added.status).toBe(200);
    browser = await launchBrowser();
    for (const name of ['Priya', 'Ana', 'Sam']) screens.push(await openMeetingAs(browser, server.url, meetingId, people[name]!));
    viewer = await openMeetingAs(browser, server.url, meetingId, people.Vic!);
    for (const s of [...screens, viewer]) await selectAgendaItem(s.page, ITEM);
  }, 180_000);

  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/live-notes-latency.json`, JSON.stringify({ ...measured, loadavg: os.loadavg(), cores: os.cpus().length }, null, 2));
    console.log('live notes convergence', measured);
    await browser?.close();
    await server?.close();
  });

  it('shows every keystroke of all three on every screen, the viewer read-only, with who is where', async () => {
    const [priya, ana, sam] = screens as [Screen, Screen, Screen];
    const words: Record<string, string> = { Priya: 'renewal budget approved by finance ', Ana: '2027 2028 90 120 ', Sam: 'SSO SCIM AUDIT LOGS ' };
    for (const s of screens) await focusEnd(s.page, LABEL);

    // Presence: Ana sees Priya in the notes, editing this item, and her cursor with her name.
    await ana.page.getByText('Priya is editing ‘Renewal’').waitFor();
    await ana.page.getByRole('list', { name: 'In the notes now' }).getByText('Priya Shah').waitFor({ state: 'attached' });

    await Promise.all(
      screens.map(async (s) => {
        await s.page.keyboard.type(words[s.name]!, { delay: 25 });
        typed.add(s.name, words[s.name]!);
      }),
    );
    const all = [...screens, viewer];
    const converged = await waitForSameText(all, LABEL, (t) => typed.allIn(t));
    if ('failed' in converged) throw new Error(`the screens never agreed: ${JSON.stringify(converged.failed)}`);
    measured.allOnlineMs = Math.round(converged.ms);
    expect(converged.ms, `every screen had every keystroke ${Math.round(converged.ms)} ms after the last one`).toBeLessThan(budgetMs());
    await ana.page.locator('.cm-live-caret[data-name="Priya Shah"]').waitFor({ state: 'attached' });

    // The viewer watches live but cannot type: the editor says read-only and the text stays.
    const viewerEditor = viewer.page.getByLabel(LABEL, { exact: true });
    await expect(viewerEditor.getAttribute('aria-readonly')).resolves.toBe('true');
    await expect(viewerEditor.getAttribute('contenteditable')).resolves.toBe('false');
    await viewerEditor.click();
    await viewer.page.keyboard.type('viewer was here');
    expect(await editorText(viewer.page, LABEL)).toBe(converged.text);
    await viewer.page.getByTestId('live-status').filter({ hasText: 'read-only' }).waitFor();

    // The server's text follows the document: the agenda item's notes, as search and exports read them.
    await expect.poll(async () => (await server.call('GET', `/api/meetings/${meetingId}/agenda`, { token: admin })).body.items.find((i: { text: string }) => i.text === ITEM)?.notes, { timeout: 15_000 }).toBe(converged.text);

    await priya.page.screenshot({ path: `${ARTIFACTS}/live-notes.png` });
    const violations = await seriousA11yViolations(sam.page);
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }, 120_000);

  it('keeps what one person typed during 10 s offline, merges it on reconnect, and a reload keeps it all', async () => {
    const [priya, ana, sam] = screens as [Screen, Screen, Screen];
    for (const s of screens) await focusEnd(s.page, LABEL);
    await sam.context.setOffline(true);
    const offlineAt = performance.now();
    await sam.page.getByTestId('live-status').filter({ hasText: 'Offline – kept on this device' }).waitFor();

    // All three keep typing; Sam's keystrokes stay on Sam's device for now.
    const more: Record<string, string[]> = { Priya: ['champion moves ', 'to the platform team '], Ana: ['15 30 45 ', '60 75 '], Sam: ['OFFLINE NOTE ', 'KEPT LOCALLY '] };
    for (let round = 0; round < 2; round += 1) {
      await Promise.all(
        screens.map(async (s) => {
          await s.page.keyboard.type(more[s.name]![round]!, { delay: 25 });
          typed.add(s.name, more[s.name]![round]!);
        }),
      );
    }
    const online = await waitForSameText([priya, ana, viewer], LABEL, (t) => only(t, /[a-z]/g) === only('renewal budget approved by finance champion moves to the platform team', /[a-z]/g) && only(t, /[0-9]/g).endsWith('1530456075'));
    expect('failed' in online ? online.failed : 'agreed').toBe('agreed');
    const whileOffline = await editorText(priya.page, LABEL);
    expect(whileOffline).not.toContain('OFFLINE');
    expect(await editorText(sam.page, LABEL)).toContain('KEPT LOCALLY');
    const waited = performance.now() - offlineAt;
    if (waited < 10_000) await sam.page.waitForTimeout(10_000 - waited);

    await sam.context.setOffline(false);
    const reconnectedAt = performance.now();
    await waitUntilLive(sam.page);
    const merged = await waitForSameText([...screens, viewer], LABEL, (t) => typed.allIn(t));
    if ('failed' in merged) throw new Error(`after reconnecting the screens never agreed: ${JSON.stringify(merged.failed)}`);
    measured.afterReconnectMs = Math.round(performance.now() - reconnectedAt);
    console.log('after reconnecting:', typed.describe(merged.text));

    // A reload keeps every keystroke (the device's copy and the server's agree).
    await sam.page.reload();
    await waitUntilLive(sam.page);
    await selectAgendaItem(sam.page, ITEM);
    await expect.poll(() => editorText(sam.page, LABEL), { timeout: 15_000 }).toBe(merged.text);
  }, 120_000);

  it('keeps keystrokes typed offline in the browser when the tab is closed before the network comes back', async () => {
    const [priya, , sam] = screens as [Screen, Screen, Screen];
    await focusEnd(sam.page, LABEL);
    await sam.context.setOffline(true);
    await sam.page.getByTestId('live-status').filter({ hasText: 'Offline' }).waitFor();
    await sam.page.keyboard.type('TYPED THEN CLOSED ', { delay: 10 });
    typed.add('Sam', 'TYPED THEN CLOSED ');
    await expect.poll(() => editorText(sam.page, LABEL), SLOW_MACHINE).toContain('TYPED THEN CLOSED');
    // Closed while offline: the only copy is in this browser's IndexedDB.
    await sam.page.close();
    await sam.context.setOffline(false);
    const page = await sam.context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.url}/meetings/${meetingId}`);
    await waitUntilLive(page);
    await selectAgendaItem(page, ITEM);
    sam.page = page;
    const merged = await waitForSameText(screens, LABEL, (t) => typed.allIn(t) && t.includes('TYPED THEN CLOSED'));
    if ('failed' in merged) throw new Error(`the closed tab's typing never arrived: ${JSON.stringify(merged.failed)}`);
    expect(await editorText(priya.page, LABEL)).toContain('TYPED THEN CLOSED');
  }, 90_000);

  it('undoes only your own typing with Ctrl+Z, and shows who wrote what', async () => {
    const [priya, ana] = screens as [Screen, Screen, Screen];
    // What a person waits for before typing: both screens say Live again after the last test's
    // reconnects, and the cursor blinks in the call notes (not still in the item's notes).
    for (const s of [priya, ana]) await waitUntilLive(s.page);
    // As a person would, she clicks again when the first click did not put the cursor there (the page was
    // still settling after the reconnects, and the click went to the item's notes).
    await expect
      .poll(async () => {
        if ((await focusedEditor(priya.page)) !== 'Call notes') await focusEnd(priya.page, 'Call notes');
        return focusedEditor(priya.page);
      }, SLOW_MACHINE)
      .toBe('Call notes');
    await priya.page.keyboard.type('first draft of the summary');
    // Her own screen first: a failure then says whether the typing was lost here or on the way.
    await expect.poll(() => editorText(priya.page, 'Call notes'), SLOW_MACHINE).toBe('first draft of the summary');
    await expect.poll(() => editorText(ana.page, 'Call notes'), SLOW_MACHINE).toBe('first draft of the summary');
    await focusEnd(ana.page, 'Call notes');
    await expect.poll(() => focusedEditor(ana.page), SLOW_MACHINE).toBe('Call notes');
    await ana.page.keyboard.type(' 42 seats');
    await expect.poll(() => editorText(priya.page, 'Call notes'), SLOW_MACHINE).toBe('first draft of the summary 42 seats');
    // Priya takes back her draft; Ana's words stay, on both screens.
    await priya.page.getByLabel('Call notes', { exact: true }).focus();
    await priya.page.keyboard.press('Control+z');
    for (const s of [priya, ana]) await expect.poll(() => editorText(s.page, 'Call notes'), SLOW_MACHINE).toBe(' 42 seats');
    await priya.page.keyboard.press('Control+Shift+KeyZ');
    for (const s of [priya, ana]) await expect.poll(() => editorText(s.page, 'Call notes'), SLOW_MACHINE).toBe('first draft of the summary 42 seats');

    // Alt+M puts the cursor in the call notes from anywhere in the workspace.
    await priya.page.getByRole('heading', { name: 'Agenda', exact: true }).click();
    await priya.page.keyboard.press('Alt+m');
    await expect.poll(() => focusedEditor(priya.page), SLOW_MACHINE).toBe('Call notes');

    // Who wrote what: the item's notes, part by part, as typed.
    await priya.page.getByRole('button', { name: 'Show who wrote what' }).click();
    const view = priya.page.getByRole('region', { name: 'Who wrote what' });
    const item = view.getByRole('region', { name: `${LABEL}, by who wrote it` });
    await item.waitFor();
    const shown = ((await item.locator('.authorship-text').textContent()) ?? '').replace(/(Priya Shah|Ana Silva|Sam Okafor|Not recorded): /g, '');
    expect(shown.trimEnd()).toBe((await editorText(priya.page, LABEL)).trimEnd());
    const violations = await seriousA11yViolations(priya.page);
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await priya.page.screenshot({ path: `${ARTIFACTS}/live-notes-authorship.png`, fullPage: true });
    // The same in the dark theme: the editors, cursors and parts stay readable.
    await priya.page.emulateMedia({ colorScheme: 'dark' });
    const dark = await seriousA11yViolations(priya.page);
    expect(dark.map((v) => `dark: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await priya.page.screenshot({ path: `${ARTIFACTS}/live-notes-dark.png` });
    await priya.page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('tells a person who signed out in another tab that the notes are no longer live, at once', async () => {
    const ana = screens[1]!;
    const other = await ana.context.newPage();
    other.setDefaultTimeout(20_000);
    await other.goto(`${server.url}/meetings/${meetingId}`);
    await waitUntilLive(other);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await ana.page.getByTestId('live-status').filter({ hasText: 'Not live: your session ended' }).waitFor();
    await other.close();
  }, 60_000);
});
