import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, seriousA11yViolations } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

run('advance materials from the meeting page to the share page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a CSM uploads two files to the meeting; the customer sees the shared one on the share page and never the internal one', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-20T15:00:00Z' } })).body;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(csm.user.email);
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();

    await page.goto(`${server.url}/meetings/${meeting.id}`);
    await page.getByRole('heading', { name: 'Advance materials' }).waitFor();
    await page.getByLabel('Add a file').setInputFiles({ name: 'Internal pricing floor.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('link', { name: 'Internal pricing floor.pdf' }).waitFor();
    await page.getByLabel('For the customer (listed on the share page)').check();
    await page.getByLabel('Add a file').setInputFiles({ name: 'Agenda slide.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('link', { name: 'Agenda slide.png' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'advance-materials.png') });
    await context.close();

    const files = (await server.call('GET', `/api/attachments?meetingId=${meeting.id}`, { token: csm.token })).body.items;
    expect(files.map((f: { fileName: string; forCustomer: boolean; contentType: string }) => [f.fileName, f.forCustomer, f.contentType])).toEqual([
      ['Agenda slide.png', true, 'image/png'],
      ['Internal pricing floor.pdf', false, 'application/pdf'],
    ]);

    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const token = String(link.url).split('/share/')[1]!;
    const share = await browser.newPage({ viewport: { width: 390, height: 844 } });
    share.setDefaultTimeout(15_000);
    await share.goto(`${server.url}/share/${token}`);
    await share.getByRole('heading', { name: 'Files for this call' }).waitFor();
    await share.getByRole('link', { name: 'Agenda slide.png' }).waitFor();
    expect(await share.content()).not.toContain('Internal pricing floor');
    expect(await seriousA11yViolations(share)).toEqual([]);
    await share.screenshot({ path: path.join(ARTIFACTS, 'share-files.png') });
    await share.close();
  }, 120_000);

  it('a CSM scores a use case red with a note on the account page and reads why', async () => {
    const admin = await server.userWithToken('admin');
    await server.call('PUT', '/api/settings/use-cases', { token: admin.token, body: { templates: [{ product: 'Secure', name: 'SAST', customerWording: 'Find security bugs at merge time', enablementOffer: 'a guided SAST roll-out' }] } });
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(csm.user.email);
    await page.getByLabel('Password').fill(csm.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/accounts/${account.id}/success-plan`);
    await page.getByRole('heading', { name: 'Use cases' }).waitFor();
    await page.getByLabel('Score for SAST').selectOption('red');
    await page.getByLabel('Note on SAST').fill('security team refuses the merge gate');
    await page.getByRole('button', { name: 'Save the score of SAST' }).click();
    await page.getByText(/scored red by hand on .*: security team refuses the merge gate/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'use-cases.png') });
    await page.close();
  }, 120_000);

  it('a manager adds a use case in Settings, and the same one twice is refused naming it', async () => {
    const manager = await server.userWithToken('manager');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(manager.user.email);
    await page.getByLabel('Password').fill(manager.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /My day/ }).waitFor();
    await page.goto(`${server.url}/settings/use-cases`);
    await page.getByRole('heading', { name: 'Use cases' }).waitFor();
    const before = (await server.call('GET', '/api/settings/use-cases', { token: manager.token })).body.templates.length;
    await page.getByRole('button', { name: 'Add a use case' }).click();
    const last = before;
    await page.locator(`#use-case-${last}-product`).fill('Plan');
    await page.locator(`#use-case-${last}-name`).fill('Roadmaps');
    await page.locator(`#use-case-${last}-customerWording`).fill('Plan quarters across teams in one place');
    await page.locator(`#use-case-${last}-enablementOffer`).fill('a roadmap template session');
    await page.getByRole('button', { name: 'Save use cases' }).click();
    await page.getByRole('status').getByText('Use cases saved').waitFor();
    expect((await server.call('GET', '/api/settings/use-cases', { token: manager.token })).body.templates.map((t: { name: string }) => t.name)).toContain('Roadmaps');

    await page.getByRole('button', { name: 'Add a use case' }).click();
    await page.locator(`#use-case-${last + 1}-product`).fill('plan');
    await page.locator(`#use-case-${last + 1}-name`).fill('roadmaps');
    await page.locator(`#use-case-${last + 1}-customerWording`).fill('Again');
    await page.locator(`#use-case-${last + 1}-enablementOffer`).fill('Again');
    await page.getByRole('button', { name: 'Save use cases' }).click();
    await page
      .getByRole('alert')
      .getByText(`templates.${last + 1}.name`)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);
});
