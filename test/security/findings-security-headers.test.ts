import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

// Security review finding (low): no Content-Security-Policy, frame-ancestors, nosniff or Referrer-Policy.
run('security headers, and a web app that runs under its CSP in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let shareUrl: string;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    const admin = await server.userWithToken('admin');
    const meetings = await server.call('GET', '/api/meetings?limit=5', { token: admin.token });
    const meetingId = meetings.body.items[0].id as string;
    const created = (await server.call('POST', `/api/meetings/${meetingId}/share-links`, { token: admin.token, body: {} })).body.url as string;
    // The link names the configured base URL; the test server listens on a port of its own.
    shareUrl = `${server.url}/share/${created.split('/share/')[1]}`;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('every answer carries CSP with frame-ancestors none, nosniff and no-referrer; the app itself has no inline script', async () => {
    for (const path of ['/', '/accounts', new URL(shareUrl).pathname, '/api/session', '/healthz']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp, path).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    // Swagger UI gets its own, still unframeable, policy.
    const docs = await fetch(`${server.url}/docs/static/index.html`);
    expect(docs.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  async function watch(page: Page): Promise<string[]> {
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Refused to|Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.addInitScript(() => {
      // Runs in the page; the violations are kept where the test can read them.
      const win = globalThis as unknown as { __csp: string[]; addEventListener(type: string, cb: (e: { violatedDirective: string; blockedURI: string }) => void): void };
      win.__csp = [];
      win.addEventListener('securitypolicyviolation', (e) => win.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return refused;
  }

  it('signs in and walks the app, the share page and the API docs with no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const refused = await watch(page);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_LOGIN);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    const visited: string[] = [];
    for (const path of ['/accounts', '/team', '/settings', '/me']) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      visited.push(path);
      expect(await page.evaluate('globalThis.__csp'), path).toEqual([]);
    }
    await page.getByRole('link', { name: 'Book of business' }).click();
    await page.getByRole('link', { name: 'Globex' }).click();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate('globalThis.__csp')).toEqual([]);

    const customer = await browser.newPage();
    const customerRefused = await watch(customer);
    await customer.goto(shareUrl);
    await customer.waitForLoadState('networkidle');
    expect(await customer.evaluate('document.body.innerText')).not.toBe('');
    expect(await customer.evaluate('globalThis.__csp')).toEqual([]);

    const docs = await browser.newPage();
    const docsRefused = await watch(docs);
    await docs.goto(`${server.url}/docs`);
    await docs.locator('.swagger-ui .info').waitFor();
    expect(await docs.evaluate('globalThis.__csp')).toEqual([]);

    expect([...refused, ...customerRefused, ...docsRefused]).toEqual([]);
    expect(visited).toHaveLength(4);
  });

  it('a page that frames the share page is refused by the browser', async () => {
    const page = await browser.newPage();
    const refused = await watch(page);
    await page.goto(`${server.url}/healthz`);
    await page.evaluate(`(() => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(shareUrl)}; document.documentElement.appendChild(f); })()`);
    await expect.poll(() => refused.some((line) => /frame-ancestors/.test(line)), { timeout: 10_000 }).toBe(true);
  });
});
