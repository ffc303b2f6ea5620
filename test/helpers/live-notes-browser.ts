import type { Browser, BrowserContext, Page } from 'playwright-core';

/*
 * Driving the live notes editor (web/src/features/meetings/live) from Playwright: sign a person in,
 * open a meeting, read an editor's text as the person sees it, and wait until several screens
 * show the same text. Shared by the e2e tests and the two-node operations test.
 */

export interface Screen {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context signed in as the person, on the meeting, with the notes live. */
export async function openMeetingAs(browser: Browser, baseUrl: string, meetingId: string, person: { name: string; email: string; password: string }): Promise<Screen> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // Eight people test on two cores at once: a sign-in may take a while.
  page.setDefaultTimeout(45_000);
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /My day/ }).waitFor();
  await page.goto(`${baseUrl}/meetings/${meetingId}`);
  await waitUntilLive(page);
  return { name: person.name, context, page };
}

export async function waitUntilLive(page: Page, timeout = 20_000): Promise<void> {
  await page.getByTestId('live-status').filter({ hasText: /^Live/ }).waitFor({ timeout });
}

/**
 * The text of a notes editor as shown: CodeMirror draws one element per line, so innerText gives
 * the lines; the other people's carets are empty, hidden elements and add nothing.
 */
export async function editorText(page: Page, label: string): Promise<string> {
  const text = await page.getByLabel(label, { exact: true }).innerText({ timeout: 10_000 });
  return text.replace(/\u2060/g, '').replace(/\n+$/, '');
}

/** Selects an agenda item by its text, so its notes editor ("Notes for <item>") opens. */
export async function selectAgendaItem(page: Page, itemText: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${itemText.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Notes`) }).click();
  await page.getByLabel(`Notes for ${itemText}`, { exact: true }).waitFor();
}

/** Puts the cursor at the end of an editor's text. */
export async function focusEnd(page: Page, label: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('Control+End');
}

/**
 * Polls every screen until each shows the same text and `done(text)` holds; answers that text and
 * how long it took from the call. Gives up after `timeout`, answering what each screen showed.
 */
export async function waitForSameText(screens: Screen[], label: string, done: (text: string) => boolean, timeout = 30_000): Promise<{ text: string; ms: number } | { failed: Record<string, string> }> {
  const start = performance.now();
  let last: Record<string, string> = {};
  while (performance.now() - start < timeout) {
    const texts = await Promise.all(screens.map((s) => editorText(s.page, label).catch(() => '(no editor)')));
    last = Object.fromEntries(screens.map((s, i) => [s.name, texts[i]!]));
    if (texts.every((t) => t === texts[0]) && done(texts[0]!)) return { text: texts[0]!, ms: performance.now() - start };
    await new Promise((r) => setTimeout(r, 25));
  }
  return { failed: last };
}
