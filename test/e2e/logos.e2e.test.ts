import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DEMO_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { saveAccountDomainsBatch } from '../../src/store/import-batch.repo.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#1d4ed8"/></svg>';

describe('the logo URL pattern setting', () => {
  it('takes an http(s) URL or a path holding {domain} or {name}, and refuses anything else naming CADENCE_LOGO_URL', () => {
    expect(loadConfig({ CADENCE_LOGO_URL: 'https://logo.example/{domain}' }).logoUrl).toBe('https://logo.example/{domain}');
    expect(loadConfig({ CADENCE_LOGO_URL: '/logos/{name}.svg' }).logoUrl).toBe('/logos/{name}.svg');
    expect(loadConfig({}).logoUrl).toBeNull();
    for (const bad of ['javascript:alert(1)//{domain}', 'https://logo.example/static.png', 'data:image/svg+xml,{domain}']) {
      expect(() => loadConfig({ CADENCE_LOGO_URL: bad }), bad).toThrow(/CADENCE_LOGO_URL/);
    }
  });
});

run('company logos from the configured pattern, in a real browser', () => {
  let logos: Server;
  let origin: string;
  const asked: string[] = [];
  let server: TestServer;
  let plain: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    logos = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end(SVG);
    });
    await new Promise<void>((resolve) => logos.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(logos.address() as AddressInfo).port}`;
    server = await startTestServer('sqlite', [], { logoUrl: `${origin}/{domain}.svg` });
    plain = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await plain?.close();
    await new Promise((resolve) => logos?.close(resolve));
  });

  it('the CSP allows images from the pattern’s origin only; without a pattern, none from outside', async () => {
    const csp = (await server.call('GET', '/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`img-src 'self' data: ${origin};`);
    const plainCsp = (await plain.call('GET', '/')).headers.get('content-security-policy') ?? '';
    expect(plainCsp).toContain("img-src 'self' data:;");
  });

  it('draws Globex’s logo in the book’s name column and the account header, initials where an account has no domain', async () => {
    const admin = await server.userWithToken('admin');
    const globex = (await server.call('GET', '/api/accounts?q=globex', { token: admin.token })).body.items[0] as { id: string };
    await saveAccountDomainsBatch(server.deps.store.db, [{ accountId: globex.id, domain: 'globex.example' }]);
    expect((await server.call('GET', '/api/session', { token: admin.token })).body.logoUrlPattern).toBe(`${origin}/{domain}.svg`);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const blocked: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && blocked.push(m.text()));
    await page.goto(server.url);
    await page.getByLabel('Email').fill(DEMO_LOGIN);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/accounts?sort=name`);
    const row = page.locator('[role=row]', { hasText: 'Globex' });
    await row.locator('img.avatar').waitFor();
    await expect.poll(() => row.locator('img.avatar').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    // Another account, no domain: its initials.
    await expect(page.locator('[role=row]', { hasText: 'Aperture Labs' }).locator('span.avatar').count()).resolves.toBe(1);
    expect(asked).toContain('/globex.example.svg');
    // The header: the domain most of Globex's contacts write from.
    await row.getByRole('link', { name: 'Globex' }).click();
    await page.locator('header.account-header img.avatar').waitFor();
    expect(blocked).toEqual([]);
    await page.close();
  });
});
