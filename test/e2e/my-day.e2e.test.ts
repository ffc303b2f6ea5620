import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_LOGIN, DEMO_PASSWORD } from '../../src/services/setup/demo-data.ts';
import { ARTIFACTS, browserAvailable, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startDemoInBrowser, stopDemoInBrowser } from '../helpers/demo-browser.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const TRANSCRIPT = readFileSync(path.resolve('src/domain/notes-extraction/fixtures/renewal-risk-call.vtt'));

interface CockpitItem {
  kind: string;
  accountName: string;
  title: string;
  reason: string;
  target: { type: string; id: string; panel?: string };
}

/** WCAG contrast ratio of two CSS colours as getComputedStyle reports them (rgb/rgba). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

run('My day as a cockpit, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => void ({ server, browser } = await startDemoInBrowser()), 180_000);
  afterAll(() => stopDemoInBrowser({ server, browser }));

  async function signedIn(login: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(login);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.getByRole('list', { name: 'What to do first' }).waitFor();
    return page;
  }
  const cockpitOf = async (page: Page) => ((await (await page.request.get(`${server.url}/api/my-day`)).json()) as { cockpit: CockpitItem[] }).cockpit;
  const shownReasons = (page: Page) => page.locator('.cockpit-item .cockpit-reason').allTextContents();

  it('the demo CSM sees what to do first, each with its own reason, and a follow-up opens its panel', async () => {
    const page = await signedIn(DEMO_CSM_LOGIN);
    const cockpit = await cockpitOf(page);
    // In the order the server gave, with the reason on each.
    expect(await shownReasons(page)).toEqual(cockpit.map((i) => i.reason));
    // What the README promises the demo CSM: calls, agendas to send, follow-ups owed and playbook tasks.
    const kinds = new Set(cockpit.map((i) => i.kind));
    for (const kind of ['follow_up', 'wrap_up', 'agenda', 'cadence', 'renewal', 'task']) expect(kinds, kind).toContain(kind);
    // Late things lead; the call that ended is a wrap-up, never "planned".
    expect(cockpit[0]!.reason).toMatch(/late|ended/);
    expect(cockpit.find((i) => i.kind === 'wrap_up')!.reason).toMatch(/^ended \d+ h ago — wrap up$/);
    await expect(page.locator('.cockpit-item', { hasText: /\bplanned\b/ }).count()).resolves.toBe(0);
    // Reasons in words that differ, not one "overdue" pill after another.
    const reasons = await shownReasons(page);
    const repeats = Math.max(...[...new Set(reasons)].map((r) => reasons.filter((x) => x === r).length));
    expect(repeats).toBeLessThanOrEqual(2);
    expect(new Set(reasons).size).toBeGreaterThan(reasons.length * 0.8);
    expect(reasons.filter((r) => r.trim() === 'overdue')).toEqual([]);
    // Overdue cadences are weighed by ARR × days late.
    const cadences = cockpit.filter((i) => i.kind === 'cadence').map((i) => /overdue (\d+) days? · \$([\d.]+)(k|M)/.exec(i.reason)!);
    const weights = cadences.map(([, days, arr, unit]) => Number(days) * Number(arr) * (unit === 'M' ? 1000 : 1));
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    await page.screenshot({ path: `${ARTIFACTS}/my-day-cockpit-csm.png`, fullPage: true });
    const violations = await seriousA11yViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // Defect: "Done" buttons wrapped. Each is one line of text.
    const doneLines = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.cockpit-item button')).map((b) => {
        const range = document.createRange();
        range.selectNodeContents(b);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      }),
    );
    expect(doneLines.length).toBeGreaterThan(0);
    expect(doneLines.every((n) => n === 1)).toBe(true);

    // The follow-up owed opens the meeting at its follow-up panel, with the keyboard there.
    const followUp = cockpit.find((i) => i.kind === 'follow_up')!;
    await page.locator('.cockpit-item', { hasText: followUp.reason }).getByRole('link', { name: followUp.title }).click();
    await page.waitForURL(new RegExp(`/meetings/${followUp.target.id}#follow-up$`));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('fu-h');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Follow-up');
    await page.context().close();
  }, 90_000);

  it('the manager the README prints first lands on a My day with work on it, and an agenda opens the agenda panel', async () => {
    const page = await signedIn(DEMO_LOGIN);
    const cockpit = await cockpitOf(page);
    expect(cockpit.length).toBeGreaterThan(3);
    expect(await shownReasons(page)).toEqual(cockpit.map((i) => i.reason));
    expect(cockpit.some((i) => i.kind === 'call' && / — agenda (not )?sent/.test(i.reason))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/my-day-cockpit-manager.png`, fullPage: true });
    const agenda = cockpit.find((i) => i.target.type === 'meeting' && i.target.panel === 'agenda')!;
    await page.locator('.cockpit-item', { hasText: agenda.reason }).getByRole('link', { name: agenda.title }).click();
    await page.waitForURL(/#agenda$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('agenda-h');

    // Defect: hover toolbars covered the item's text. Hovered, the toolbar sits beside the text.
    const item = page.locator('li.agenda-item').first();
    await item.hover();
    await item.locator('.item-actions').waitFor({ state: 'visible' });
    const [text, actions] = await Promise.all([item.locator('.item-text').boundingBox(), item.locator('.item-actions').boundingBox()]);
    const overlap = Math.min(text!.x + text!.width, actions!.x + actions!.width) - Math.max(text!.x, actions!.x) > 0 && Math.min(text!.y + text!.height, actions!.y + actions!.height) - Math.max(text!.y, actions!.y) > 0;
    expect(overlap).toBe(false);

    // Defect: the Record button of "Record a touch" was white on white.
    await page.locator('.crumbs a').nth(1).click();
    await page.getByRole('button', { name: 'Record a touch' }).click();
    const record = page.getByRole('button', { name: 'Record', exact: true });
    const colours = await record.evaluate((b) => {
      const style = getComputedStyle(b);
      return { fg: style.color, bg: style.backgroundColor };
    });
    expect(contrast(colours.fg, colours.bg)).toBeGreaterThanOrEqual(4.5);
    await page.context().close();
  }, 90_000);

  it('keeps keyboard focus inside the suggestion review after every accept and reject, then on its heading', async () => {
    const page = await signedIn(DEMO_CSM_LOGIN);
    const cockpit = await cockpitOf(page);
    const call = cockpit.find((i) => i.kind === 'agenda' || i.kind === 'call')!;
    await page.goto(`${server.url}/meetings/${call.target.id}`);
    await page.getByRole('heading', { name: 'Transcript and suggestions' }).waitFor();
    await page.getByLabel(/Import a transcript/).setInputFiles({ name: 'call.vtt', mimeType: 'text/vtt', buffer: TRANSCRIPT });
    const list = page.getByRole('list', { name: 'Suggestions to review' });
    await list.waitFor();
    const total = await list.locator('li.suggestion').count();
    expect(total).toBeGreaterThan(3);
    const inReview = () => page.evaluate(() => Boolean(document.activeElement?.closest('section.transcript, [aria-labelledby="transcript-h"]')) && document.activeElement !== document.body);
    for (let n = 0; n < total; n += 1) {
      const remaining = await list.locator('li.suggestion').count();
      if (remaining === 0) break;
      // Alternate: a click on Accept, a click on Reject.
      const row = list.locator('li.suggestion').first();
      await row
        .getByRole('button', { name: n % 2 === 0 ? /^Accept / : /^Reject / })
        .first()
        .click();
      await expect
        .poll(() =>
          list
            .locator('li.suggestion')
            .count()
            .catch(() => 0),
        )
        .toBeLessThan(remaining);
      await expect.poll(inReview, { message: `focus after decision ${n + 1} of ${total}` }).toBe(true);
    }
    await page
      .getByText(/Every suggestion has been decided|Show \d+ more/)
      .first()
      .waitFor();
    await expect.poll(inReview).toBe(true);
    await page.context().close();
  }, 120_000);
});
