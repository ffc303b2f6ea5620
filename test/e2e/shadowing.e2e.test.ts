import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible, screenshotsAtBothSizes } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;
const PASSWORD = 'shadowing-e2e-pass';

/** The screen at both sizes and in both themes, into test/artifacts/. */
run('shadowing in a real browser: pair, record a call, both write notes, the debrief', () => {
  let server: TestServer;
  let browser: Browser;
  const ids = { manager: '', senior: '', newbie: '', meeting: '' };

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    const admin = (await server.userWithToken('admin')).token;
    const add = async (email: string, name: string, role: string, managerId: string | null = null) => {
      const made = await server.call('POST', '/api/users', { token: admin, body: { email, name, role, timezone: 'UTC', managerId, password: PASSWORD } });
      expect(made.status).toBe(201);
      return made.body.id as string;
    };
    ids.manager = await add('mona.manager@example.com', 'Mona Manager', 'manager');
    ids.senior = await add('sara.senior@example.com', 'Sara Senior', 'csm', ids.manager);
    ids.newbie = await add('nico.new@example.com', 'Nico New', 'csm', ids.manager);
    const account = await makeAccount(server.deps, { name: 'Northwind Traders', ownerId: ids.senior });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const meeting = await server.call('POST', '/api/meetings', {
      token: admin,
      body: { accountId: account.id, startsAt: `${tomorrow}T15:00:00.000Z`, title: 'Northwind monthly cadence', acknowledgeOutOfHours: true, acknowledgeBackToBack: true },
    });
    expect(meeting.status).toBe(201);
    ids.meeting = meeting.body.id as string;
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  }

  const apiGet = async (page: Page, url: string) => {
    const res = await page.request.get(`${server.url}${url}`);
    expect(res.status(), url).toBe(200);
    return res.json();
  };

  it('a manager pairs a new CSM, records a shadowed call; each side writes notes apart; the debrief shows what both noted', async () => {
    // The manager pairs Nico with Sara for four weeks.
    const manager = await signedIn('mona.manager@example.com');
    await manager.getByRole('link', { name: 'Team' }).click();
    await manager.getByRole('link', { name: 'Shadowing' }).click();
    await manager.getByText('No one is shadowing yet').waitFor();
    await expectAccessible(manager, 'shadowing, empty');
    await manager.getByLabel('New CSM', { exact: true }).selectOption({ label: 'Nico New' });
    await manager.getByLabel('Shadows (senior CSM)', { exact: true }).selectOption({ label: 'Nico New' });
    await manager.getByRole('button', { name: 'Start shadowing' }).click();
    // The same CSM on both sides is refused beside the field.
    await expect(manager.locator('#sh-senior-error').textContent()).resolves.toContain('cannot shadow themselves');
    await manager.getByLabel('Shadows (senior CSM)', { exact: true }).selectOption({ label: 'Sara Senior' });
    await manager.getByRole('button', { name: 'Start shadowing' }).click();
    await manager.getByRole('heading', { name: 'Nico New shadows Sara Senior' }).waitFor();
    const pairings = (await apiGet(manager, '/api/shadowing')) as { items: { id: string; newCsmId: string; seniorCsmId: string; sessions: unknown[] }[] };
    expect(pairings.items).toHaveLength(1);
    expect(pairings.items[0]).toMatchObject({ newCsmId: ids.newbie, seniorCsmId: ids.senior, sessions: [] });
    const pairingId = pairings.items[0]!.id;

    // The manager records the call Nico will shadow.
    await manager.getByLabel('What was shadowed', { exact: true }).selectOption('cadence_call');
    await manager.getByLabel('The call (optional)', { exact: true }).selectOption(ids.meeting);
    await manager.getByRole('button', { name: 'Record session' }).click();
    await manager.getByRole('status').filter({ hasText: 'Cadence call recorded.' }).waitFor();
    await manager.getByRole('heading', { name: /^Cadence call · / }).waitFor();
    const afterSession = (await apiGet(manager, `/api/shadowing/${pairingId}`)) as { sessions: { id: string; meetingId: string | null; activity: string }[]; progress: { items: { activity: string; done: number }[] } };
    expect(afterSession.sessions).toEqual([expect.objectContaining({ meetingId: ids.meeting, activity: 'cadence_call' })]);
    expect(afterSession.progress.items.find((i) => i.activity === 'cadence_call')?.done).toBe(1);
    await expectAccessible(manager, 'shadowing pairing');
    await manager.context().close();

    // Sara writes her notes; the debrief waits for Nico's.
    const senior = await signedIn('sara.senior@example.com');
    await senior.getByRole('link', { name: 'Shadowing' }).click();
    await senior.getByRole('link', { name: 'Nico New' }).click();
    await senior.getByLabel("Sara Senior's action items (one a line)").fill('Send the runner pricing to Dana\nBook the quarterly business review');
    await senior.getByRole('button', { name: "Save Sara Senior's notes" }).click();
    await senior.getByRole('status').filter({ hasText: 'The debrief opens once the other side' }).waitFor();
    await senior.context().close();

    // Nico does not see Sara's notes before writing his own.
    const newbie = await signedIn('nico.new@example.com');
    await newbie.goto(`${server.url}/team/shadowing/${pairingId}`);
    await newbie.getByText('Sara Senior has written their notes: you see them once you wrote yours.').waitFor();
    expect(await newbie.getByText('Send the runner pricing to Dana').count()).toBe(0);
    await newbie.getByLabel("Nico New's action items (one a line)").fill('Send runner pricing to Dana\nAsk about the SSO rollout');
    await newbie.getByRole('button', { name: "Save Nico New's notes" }).click();
    await newbie.getByRole('status').filter({ hasText: 'the debrief is ready' }).waitFor();
    const debrief = newbie.getByRole('region', { name: 'Debrief' });
    await debrief.waitFor();

    // What the page shows is what the API answers another reader.
    const answer = (await apiGet(newbie, `/api/shadowing/${pairingId}/sessions/${afterSession.sessions[0]!.id}/debrief`)) as {
      debrief: { agreement: number; actionItems: { both: { senior: string; new: string }[]; seniorOnly: string[]; newOnly: string[] } };
    };
    expect(answer.debrief.actionItems.both).toEqual([{ senior: 'Send the runner pricing to Dana', new: 'Send runner pricing to Dana' }]);
    expect(answer.debrief.actionItems.seniorOnly).toEqual(['Book the quarterly business review']);
    expect(answer.debrief.actionItems.newOnly).toEqual(['Ask about the SSO rollout']);
    const shown = await debrief.textContent();
    expect(shown).toContain(`${answer.debrief.agreement}%`);
    await expect(debrief.getByRole('list', { name: 'Only Sara Senior noted' }).textContent()).resolves.toContain('Book the quarterly business review');
    await expect(debrief.getByRole('list', { name: 'Only Nico New noted' }).textContent()).resolves.toContain('Ask about the SSO rollout');
    // Both sides' notes are shown now that both wrote.
    await newbie.getByRole('region', { name: "Sara Senior's notes" }).getByText('Book the quarterly business review').waitFor();
    await expectAccessible(newbie, 'shadowing debrief');
    await screenshotsAtBothSizes(newbie, 'shadowing-debrief');
    await newbie.context().close();
  }, 180_000);
});
