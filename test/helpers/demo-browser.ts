import type { Browser } from 'playwright-core';
import { loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ensureWebBuilt, launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface DemoInBrowser {
  server: TestServer;
  browser: Browser;
}

/** The web app built, a server on SQLite with the demo data, and Chromium: what most e2e files start from. */
export async function startDemoInBrowser(): Promise<DemoInBrowser> {
  ensureWebBuilt();
  const server = await startTestServer('sqlite');
  await loadDemoData(server.deps, LOCAL_OPERATOR);
  return { server, browser: await launchBrowser() };
}

/** Closes what startDemoInBrowser started, the browser first (an open page keeps the server's close waiting). */
export async function stopDemoInBrowser(demo: Partial<DemoInBrowser>): Promise<void> {
  await demo.browser?.close();
  await demo.server?.close();
}
