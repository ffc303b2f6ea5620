import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { expect } from 'vitest';

export const ARTIFACTS = path.resolve('test/artifacts');
const CHROMIUM = process.env.CADENCE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const BUILD_LOCK = path.resolve('web/.build-lock');

/**
 * Builds the web app when its sources are newer than the last build. Two test files starting together
 * both found it stale and both built, and one build emptied web/dist under the other's running server:
 * one builds while the others wait, then find it fresh.
 */
export function ensureWebBuilt(): void {
  const index = path.resolve('web/dist/index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newestMtime(path.resolve('web/src'));
  if (fresh()) return;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // A lock left by a killed run (a build takes well under two minutes) is taken over.
      const age = Date.now() - (statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
      else Atomics.wait(wait, 0, 0, 250);
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core in the page and answers the serious and critical violations. */
export async function seriousA11yViolations(page: import('playwright-core').Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe !== 'undefined'");
  // Evaluated over the DevTools protocol, which the page's CSP (script-src 'self', no inline) does not
  // govern: a script tag would be blocked, and the CSP stays on for everything the app itself runs.
  if (!loaded) await page.evaluate(readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    // Runs in the page: the browser's globals, typed here without the DOM library.
    const win = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } };
    const result = await win.axe.run(win.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails the test with each serious or critical axe violation on the screen, named with where it is. */
export async function expectAccessible(page: import('playwright-core').Page, screen: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Full-page screenshots at 1280×800 and 1920×1080, light and dark, into test/artifacts; the page is left at 1280×800, light. */
export async function screenshotsAtBothSizes(page: import('playwright-core').Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}x${height}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}
