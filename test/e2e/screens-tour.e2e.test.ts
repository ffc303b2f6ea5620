import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD } from '../../src/services/setup/demo-data.ts';
import { ARTIFACTS, browserAvailable, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startDemoInBrowser, stopDemoInBrowser } from '../helpers/demo-browser.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const THEMES = ['light', 'dark'] as const;
const PHONE = { width: 390, height: 844 };

// One browser page per login, reused for every screen, size and theme: the tour stays well under 90 s.
run('a screenshot tour of the main screens, light and dark', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => void ({ server, browser } = await startDemoInBrowser()), 120_000);
  afterAll(() => stopDemoInBrowser({ server, browser }));

  async function signIn(login: string): Promise<Page> {
    const page = await browser.newPage({ viewport: SIZES[0]!, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  /** Visits each screen at both sizes and themes; `ready` waits for what the screen must show first. */
  async function tour(page: Page, who: string, screens: [string, string][], ready?: (page: Page) => Promise<void>): Promise<string[]> {
    const problems: string[] = [];
    for (const [name, path] of screens) {
      await page.setViewportSize(SIZES[0]!);
      await page.goto(`${server.url}${path}`);
      await page.locator('main#main').waitFor();
      await page.waitForLoadState('networkidle');
      await ready?.(page);
      for (const colorScheme of THEMES) {
        await page.emulateMedia({ colorScheme });
        // The dark tokens must really apply: the page background is dark, not white.
        const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        if ((colorScheme === 'dark') !== (bg !== 'rgb(255, 255, 255)')) problems.push(`${who} ${name} ${colorScheme}: background ${bg}`);
        for (const v of await seriousA11yViolations(page)) problems.push(`${who} ${name} ${colorScheme}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          if (size.width === 1280) {
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (overflow > 1) problems.push(`${who} ${name}: ${overflow}px of horizontal overflow at 1280`);
          }
          await page.screenshot({ path: `${ARTIFACTS}/tour-${who}-${name}-${size.width}-${colorScheme}.png`, fullPage: false });
        }
        await page.setViewportSize(SIZES[0]!);
      }
    }
    return problems;
  }

  it('the CSM and the manager see every main screen readable and axe-clean in both themes', async () => {
    const csm = await signIn(DEMO_CSM_LOGIN);
    const accounts = (await (await csm.request.get(`${server.url}/api/accounts`)).json()) as { items: { id: string }[] };
    const account = accounts.items[0]!.id;
    const csmProblems = await tour(csm, 'csm', [
      ['my-day', '/'],
      ['book', '/accounts'],
      ['account-overview', `/accounts/${account}`],
      ['account-meetings', `/accounts/${account}/meetings`],
      ['account-risks', `/accounts/${account}/risks`],
    ]);
    await csm.close();
    const manager = await signIn(DEMO_LOGIN);
    const managerProblems = await tour(manager, 'manager', [
      ['team', '/team'],
      ['forecast', '/team/forecast'],
      ['risk-register', '/team/risks'],
      ['shadowing', '/team/shadowing'],
      ['settings', '/settings'],
      ['settings-users', '/settings/users'],
      ['settings-integrations', '/settings/integrations'],
    ]);
    await manager.close();
    expect([...csmProblems, ...managerProblems]).toEqual([]);
  }, 180_000);

  it("a demo call's workspace has agenda and notes side by side, and the customer's phone page shows only what is shared", async () => {
    const csm = await signIn(DEMO_CSM_LOGIN);
    const csrf = ((await (await csm.request.get(`${server.url}/api/session`)).json()) as { csrfToken: string }).csrfToken;
    const send = async <T>(method: 'POST' | 'PUT', path: string, data: unknown): Promise<T> => {
      const res = await csm.request.fetch(`${server.url}${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
      expect(res.status(), path).toBeLessThan(300);
      return (await res.json()) as T;
    };
    // An upcoming demo call with a real agenda, on an account whose name does not say "health".
    const meetings = ((await (await csm.request.get(`${server.url}/api/meetings?limit=200`)).json()) as { items: { id: string; accountId: string; state: string; notesVersion: number }[] }).items;
    const accounts = new Map(((await (await csm.request.get(`${server.url}/api/accounts?limit=200`)).json()) as { items: { id: string; name: string }[] }).items.map((a) => [a.id, a.name]));
    let meeting: (typeof meetings)[number] | undefined;
    let agenda: { id: string; text: string; visibility: string }[] = [];
    for (const m of meetings.filter((x) => (x.state === 'planned' || x.state === 'agenda_sent') && !/health/i.test(accounts.get(x.accountId) ?? 'health'))) {
      agenda = ((await (await csm.request.get(`${server.url}/api/meetings/${m.id}/agenda`)).json()) as { items: typeof agenda }).items;
      if (agenda.filter((i) => i.visibility === 'shared').length >= 2) {
        meeting = m;
        break;
      }
    }
    expect(meeting, 'an upcoming demo call with an agenda').toBeDefined();
    const call = meeting!;
    const sharedItem = agenda.find((i) => i.visibility === 'shared')!;

    // What the team writes for itself about this call, which the customer must never read.
    const NOTE = 'Internal: their CFO hinted at a 20% budget cut before renewal';
    const ITEM_NOTE = 'Internal: the champion sounded unsure about the rollout';
    const RISK = 'Budget freeze may block the renewal: procurement paused all new spend';
    const INTERNAL_ITEM = 'Internal: ask Finance about the discount ceiling';
    await send('PUT', `/api/meetings/${call.id}/notes`, { version: call.notesVersion, notes: NOTE, itemNotes: { [sharedItem.id]: ITEM_NOTE } });
    await send('POST', '/api/risks', { accountId: call.accountId, type: 'budget', severity: 'high', evidence: RISK, meetingId: call.id });
    await send('POST', `/api/meetings/${call.id}/agenda/edits`, { op: 'add', text: INTERNAL_ITEM, section: 'customer_topics', internal: true });

    const problems = await tour(csm, 'csm', [['meeting-workspace', `/meetings/${call.id}`]], async (page) => {
      await page.locator('section.agenda').getByText(INTERNAL_ITEM).waitFor();
      await page.locator('section.notes').getByText(NOTE).waitFor();
    });
    for (const size of SIZES) {
      await csm.setViewportSize(size);
      const agendaBox = (await csm.locator('section.agenda').boundingBox())!;
      const notesBox = (await csm.locator('section.notes').boundingBox())!;
      // Side by side: the notes start right of the agenda, and both begin in the first screenful.
      if (!(agendaBox.x + agendaBox.width <= notesBox.x && agendaBox.y < size.height && notesBox.y < size.height)) {
        problems.push(`meeting workspace at ${size.width}: agenda ${JSON.stringify(agendaBox)} and notes ${JSON.stringify(notesBox)} are not side by side`);
      }
    }
    const link = (await send<{ url: string }>('POST', `/api/meetings/${call.id}/share-links`, {})).url.replace(/^https?:\/\/[^/]+/, server.url);
    await csm.close();

    // The customer opens the link on a phone, signed out (a fresh browser context).
    const phone = await browser.newPage({ viewport: PHONE, locale: 'en-US' });
    phone.setDefaultTimeout(15_000);
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'Agenda' }).waitFor();
    await phone.getByText(sharedItem.text).first().waitFor();
    await phone.waitForLoadState('networkidle');
    for (const colorScheme of THEMES) {
      await phone.emulateMedia({ colorScheme });
      for (const v of await seriousA11yViolations(phone)) problems.push(`share page ${colorScheme}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      await phone.screenshot({ path: `${ARTIFACTS}/tour-customer-share-page-390-${colorScheme}.png`, fullPage: true });
    }
    const layout = await phone.evaluate(() => {
      const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
      // Body text: the paragraphs and list items a customer reads, not the small print beside them.
      const small = Array.from(document.querySelectorAll('main p, main li, main label, main textarea, main input, main button'))
        .filter((el) => el.closest('small') === null && (el.textContent ?? '').trim().length > 0 && px(el) < 16 && !el.classList.contains('share-account') && !el.classList.contains('hint'))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" ${px(el)}px`);
      // Small print (the account's name above the title, hints, owners and due dates) still at least 14 px.
      const tiny = Array.from(document.querySelectorAll('main *'))
        .filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim()) && px(el) < 14)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}" ${px(el)}px`);
      return { tiny, scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, body: px(document.querySelector('main')!), small };
    });
    if (layout.scrollWidth > layout.innerWidth) problems.push(`share page scrolls sideways at 390: ${layout.scrollWidth}px wide`);
    if (layout.body < 16) problems.push(`share page body text is ${layout.body}px`);
    problems.push(...layout.small.map((s) => `share page text under 16px: ${s}`));
    problems.push(...layout.tiny.map((s) => `share page small print under 14px: ${s}`));
    const text = (await phone.locator('body').innerText()) + (await phone.content());
    // The demo's own internal prep too: the account's health, its open risks, the licence nudge.
    const internalPrep = agenda.filter((i) => i.visibility === 'internal').map((i) => i.text);
    expect(internalPrep.length).toBeGreaterThan(0);
    for (const internal of [NOTE, ITEM_NOTE, RISK, INTERNAL_ITEM, ...internalPrep]) if (text.includes(internal)) problems.push(`share page shows internal text: ${internal}`);
    if (/health/i.test(await phone.locator('body').innerText())) problems.push('share page mentions health');
    await phone.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
