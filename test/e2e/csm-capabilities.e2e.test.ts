import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CSM_LOGIN, DEMO_PASSWORD, loadDemoData } from '../../src/services/setup/demo-data.ts';
import { requestPasswordReset } from '../../src/services/users/password-reset.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, launchBrowser, expectAccessible } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const NEW_PASSWORD = 'a-new-longer-password-2026';

interface Contact {
  id: string;
  name: string;
  email: string | null;
  title: string | null;
  role: string;
  status: string;
  archivedAt: string | null;
}
interface Meeting {
  id: string;
  startsAt: string;
  seriesId: string | null;
  state: string;
  attendees: { kind: string; id: string; side: string }[];
}

/** The screen at both sizes and in both themes, into test/artifacts/ (made by the test, never committed). */
async function shoot(page: Page, name: string) {
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${ARTIFACTS}/csm-${name}-${size.width}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(before);
}

/**
 * Books or moves past the warnings the server may raise (out of hours for one side, back to back with
 * another call), each a button, until the action is done.
 */
async function pastWarnings(button: ReturnType<Page['getByRole']>, done: () => Promise<boolean>, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('the call was neither booked nor warned about');
    if (await button.isVisible()) await button.click();
    // 25 ms: a 200 ms poll waited 100 ms on average past each answer.
    else await new Promise((r) => setTimeout(r, 25));
  }
}

/** Polls until the check holds (other helpers' tests load the machine: no fixed waits). */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
    last = await read();
  }
  return last;
}

run("the CSM's own capabilities in a real browser", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let accountId = '';

  /** What another user would see: the API, read through the signed-in browser's cookie. */
  async function get<T>(path: string): Promise<T> {
    const res = await page.request.get(`${server.url}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  }

  async function signIn(p: Page, password = DEMO_PASSWORD) {
    await p.goto(server.url);
    await p.getByLabel('Email').fill(DEMO_CSM_LOGIN);
    await p.getByLabel('Password').fill(password);
    await Promise.all([p.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), p.getByRole('button', { name: 'Sign in' }).click()]);
  }

  beforeAll(async () => {
    ensureWebBuilt();
    server = await startTestServer('sqlite');
    await loadDemoData(server.deps, LOCAL_OPERATOR);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 120_000);

  it('creates an account from the book: a bad ARR is named beside its field and nothing is made; then every field is saved', async () => {
    await page.goto(`${server.url}/accounts`);
    await page.getByRole('button', { name: 'New account' }).click();
    const form = page.getByRole('form', { name: 'New account' });
    await form.getByLabel('Name', { exact: true }).fill('Northwind Robotics');
    await form.getByLabel('Segment').selectOption('enterprise');
    await form.getByLabel('Lifecycle stage').selectOption('adoption');
    await form.getByLabel('Deployment').selectOption('self_managed');
    await form.getByLabel('Product version').fill('17.4');
    await form.getByLabel('ARR').fill('-5');
    await form.getByLabel('Renewal date').fill('2027-09-30');
    await form.getByLabel('Contract start').fill('2026-10-01');
    await form.getByLabel('Licences bought').fill('400');
    await form.getByLabel('Licences in use').fill('310');
    await form.getByLabel("Customer's time zone").fill('Europe/Berlin');
    await form.getByLabel('opted in to security alerts').check();
    await form.getByLabel('CRM id').fill('SF-0042');
    await form.getByLabel('Tags').fill('EMEA, robotics');
    await form.getByRole('button', { name: 'Add a team member' }).click();
    const maria = (await get<{ items: { id: string; name: string; email: string }[] }>('/api/users')).items.find((u) => u.email === 'maria.manager@cadence.demo')!;
    await form.getByLabel('Team member 1', { exact: true }).selectOption(maria.id);
    await form.getByLabel('Role of team member 1').selectOption('ae');
    await expectAccessible(page, 'new account form');
    await shoot(page, 'new-account');

    await form.getByRole('button', { name: 'Create account' }).click();
    // The server's complaint sits beside the ARR field, and no account was written.
    await expect(form.locator('#na-arr-error').textContent()).resolves.toMatch(/negative/);
    await expect(form.getByLabel('ARR').getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await get<{ items: unknown[] }>('/api/accounts?q=Northwind')).items).toEqual([]);

    await form.getByLabel('ARR').fill('120000');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Northwind Robotics' }).waitFor();
    accountId = /\/accounts\/([^/]+)$/.exec(new URL(page.url()).pathname)![1]!;
    const saved = await get<Record<string, unknown>>(`/api/accounts/${accountId}`);
    const me = await get<{ user: { id: string } }>('/api/session');
    expect(saved).toMatchObject({
      name: 'Northwind Robotics',
      segment: 'enterprise',
      stage: 'adoption',
      deployment: 'self_managed',
      productVersion: '17.4',
      arr: 120000,
      renewalDate: '2027-09-30',
      contractStartDate: '2026-10-01',
      licencesBought: 400,
      licencesUsed: 310,
      ownerId: me.user.id,
      timezone: 'Europe/Berlin',
      securityAlertsOptIn: true,
      crmId: 'SF-0042',
      tags: ['emea', 'robotics'],
      team: [{ userId: maria.id, role: 'ae' }],
    });
  }, 120_000);

  it('adds contacts on the Contacts tab, edits one and archives another, as the API then says', async () => {
    await page.goto(`${server.url}/accounts/${accountId}/contacts`);
    const people = [
      { name: 'Ines Duarte', email: 'ines@northwind.example', title: 'Head of Automation', role: 'champion' },
      { name: 'Tom Becker', email: 'tom@northwind.example', title: 'CFO', role: 'economic_buyer' },
      { name: 'Lena Vogt', email: 'lena@northwind.example', title: 'Platform admin', role: 'admin' },
    ];
    for (const p of people) {
      await page.getByRole('button', { name: 'Add a contact' }).click();
      const form = page.getByRole('form', { name: 'Add a contact' });
      await form.getByLabel('Name').fill(p.name);
      await form.getByLabel('Email').fill(p.email);
      await form.getByLabel('Job title').fill(p.title);
      await form.getByLabel('Role').selectOption(p.role);
      await form.getByRole('button', { name: 'Add contact' }).click();
      await form.waitFor({ state: 'detached' });
      await page.locator('.contact-cards li', { hasText: p.name }).waitFor();
    }
    // A bad email is named beside the email field.
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const bad = page.getByRole('form', { name: 'Add a contact' });
    await bad.getByLabel('Name').fill('Nobody');
    await bad.getByLabel('Email').fill('not-an-email');
    await bad.getByRole('button', { name: 'Add contact' }).click();
    await expect(bad.locator('#new-contact-email-error').textContent()).resolves.toMatch(/email/);
    await bad.getByRole('button', { name: 'Cancel' }).click();
    await expectAccessible(page, 'contacts tab');
    await shoot(page, 'contacts');

    const list = async () => (await get<{ items: Contact[] }>(`/api/contacts?accountId=${accountId}&limit=200`)).items;
    expect((await list()).map((c) => c.name).sort()).toEqual(['Ines Duarte', 'Lena Vogt', 'Tom Becker']);

    await page.getByRole('button', { name: 'Edit Tom Becker' }).click();
    const edit = page.getByRole('form', { name: 'Edit Tom Becker' });
    await edit.getByLabel('Job title').fill('Chief Financial Officer');
    await edit.getByLabel('Phone').fill('+49 30 1234567');
    await edit.getByRole('button', { name: 'Save contact' }).click();
    await edit.waitFor({ state: 'detached' });
    const tom = (await list()).find((c) => c.name === 'Tom Becker')!;
    expect(await get<Contact>(`/api/contacts/${tom.id}`)).toMatchObject({ title: 'Chief Financial Officer', phone: '+49 30 1234567', role: 'economic_buyer' });

    await page.getByRole('button', { name: 'Archive Lena Vogt' }).click();
    await page.getByRole('group', { name: 'Confirm archiving Lena Vogt' }).getByRole('button', { name: 'Yes, archive' }).click();
    await page.locator('.contact-cards li', { hasText: 'Lena Vogt' }).waitFor({ state: 'detached' });
    const remaining = await list();
    expect(remaining.map((c) => c.name).sort()).toEqual(['Ines Duarte', 'Tom Becker']);
    const all = (await get<{ items: Contact[] }>(`/api/contacts?accountId=${accountId}&includeArchived=true&limit=200`)).items;
    expect(all.find((c) => c.name === 'Lena Vogt')?.archivedAt).not.toBeNull();
  }, 120_000);

  it('schedules a weekly series with the attendees picked, then moves one call of it alone', async () => {
    await page.goto(`${server.url}/accounts/${accountId}/meetings`);
    await page.getByRole('button', { name: 'Schedule a call' }).click();
    const form = page.getByRole('form', { name: 'Schedule a call' });
    // Far from the demo's calls, on a Tuesday at 10:00 (working hours on both sides: Berlin and the CSM's zone are both shown).
    const day = new Date(Date.now() + 70 * 86_400_000);
    day.setUTCDate(day.getUTCDate() + ((9 - day.getUTCDay()) % 7));
    const date = day.toISOString().slice(0, 10);
    await form.getByLabel('Date').fill(date);
    await form.getByLabel('Time').fill('10:00');
    await form.getByLabel('Repeats').selectOption('weekly');
    await form.getByLabel('Number of calls').fill('4');
    // The picker starts from the server's default (champion and buyer with an email); the buyer is left out this time.
    const tom = page.getByRole('checkbox', { name: /Tom Becker/ });
    await expect(tom.isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: /Ines Duarte/ }).isChecked()).resolves.toBe(true);
    await tom.uncheck();
    await expectAccessible(page, 'schedule a series');
    await shoot(page, 'schedule-series');
    await form.getByRole('button', { name: 'Schedule' }).click();
    // Out of hours for one side, or back to back with another call: the CSM books past the warning.
    await pastWarnings(form.getByRole('button', { name: 'Book anyway' }), async () => new URL(page.url()).pathname.startsWith('/meetings/'));

    const contacts = (await get<{ items: Contact[] }>(`/api/contacts?accountId=${accountId}`)).items;
    const ines = contacts.find((c) => c.name === 'Ines Duarte')!;
    const meetings = (await get<{ items: Meeting[] }>(`/api/meetings?accountId=${accountId}&limit=200`)).items.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    expect(meetings).toHaveLength(4);
    expect(new Set(meetings.map((m) => m.seriesId)).size).toBe(1);
    expect(meetings[0]!.seriesId).not.toBeNull();
    for (let i = 1; i < 4; i += 1) expect(Date.parse(meetings[i]!.startsAt) - Date.parse(meetings[i - 1]!.startsAt)).toBeGreaterThanOrEqual(6.9 * 86_400_000);
    expect(meetings[0]!.attendees.filter((a) => a.side === 'customer').map((a) => a.id)).toEqual([ines.id]);

    // Reschedule the second call alone: an hour later on the same day.
    const second = meetings[1]!;
    await page.goto(`${server.url}/accounts/${accountId}/meetings`);
    const row = page.locator('.meeting-list li', { has: page.locator(`a[href="/meetings/${second.id}"]`) });
    await row.getByRole('button', { name: /^Move call on/ }).click();
    const move = row.getByRole('form');
    await expect(move.getByRole('radio', { name: 'only this call' }).isChecked()).resolves.toBe(true);
    await move.getByLabel('New time').fill('11:00');
    await shoot(page, 'reschedule');
    await move.getByRole('button', { name: 'Move and tell the attendees' }).click();
    await pastWarnings(move.getByRole('button', { name: 'Move anyway' }), async () => (await move.count()) === 0);

    const after = await eventually(
      async () => (await get<{ items: Meeting[] }>(`/api/meetings?accountId=${accountId}&limit=200`)).items,
      (items) => items.find((m) => m.id === second.id)!.startsAt !== second.startsAt,
      'the second call moved',
    );
    expect(Date.parse(after.find((m) => m.id === second.id)!.startsAt) - Date.parse(second.startsAt)).toBe(3_600_000);
    for (const m of meetings.filter((x) => x.id !== second.id)) expect(after.find((x) => x.id === m.id)!.startsAt).toBe(m.startsAt);
  }, 120_000);

  it('overrides the health with a reason (a score that contradicts the colour is named), then clears it', async () => {
    await page.goto(`${server.url}/accounts/${accountId}`);
    await page.getByRole('button', { name: 'Override…' }).click();
    const form = page.getByRole('form', { name: 'Override the health' });
    await form.getByLabel('Colour').selectOption('red');
    await form.getByLabel('Score (optional)').fill('95');
    await form.getByLabel('Reason').fill('Exec sponsor left last week; the new VP is reviewing tools');
    await form.getByRole('button', { name: 'Override health' }).click();
    await expect(form.locator('#ho-score-error').textContent()).resolves.toMatch(/reads green|not red/);
    expect((await get<{ override: unknown }>(`/api/accounts/${accountId}/health`)).override).toBeNull();
    await form.getByLabel('Score (optional)').fill('');
    await expectAccessible(page, 'health override');
    await shoot(page, 'health-override');
    await form.getByRole('button', { name: 'Override health' }).click();
    await page.getByTestId('health-override').waitFor();
    const overridden = await get<{ override: { colour: string; reason: string } | null }>(`/api/accounts/${accountId}/health`);
    expect(overridden.override).toMatchObject({ colour: 'red', reason: 'Exec sponsor left last week; the new VP is reviewing tools' });
    expect((await get<{ healthColour: string | null }>(`/api/accounts/${accountId}`)).healthColour).toBe('red');

    await page.getByRole('button', { name: 'Clear override' }).click();
    await page.getByTestId('health-override').waitFor({ state: 'detached' });
    expect((await get<{ override: unknown }>(`/api/accounts/${accountId}/health`)).override).toBeNull();
  }, 120_000);

  it('edits a risk from its details: what the API answers for it afterwards is what was typed', async () => {
    const csrf = (await get<{ csrfToken: string }>('/api/session')).csrfToken;
    const raised = await page.request.post(`${server.url}/api/risks`, {
      headers: { 'x-csrf-token': csrf },
      data: { accountId, type: 'champion_leaving', severity: 'medium', evidence: 'Ines mentioned a reorg', arrAtRisk: 30000 },
    });
    expect(raised.status()).toBe(201);
    const risk = (await raised.json()) as { id: string };
    await page.goto(`${server.url}/accounts/${accountId}/risks`);
    await page.getByRole('button', { name: /^Details of risk/ }).click();
    await page.waitForURL(new RegExp(`risk=${risk.id}`));
    const detail = page.getByRole('region', { name: /^Risk:/ });
    await expect(detail.textContent()).resolves.toContain('Ines mentioned a reorg');
    await detail.getByRole('button', { name: 'Edit risk' }).click();
    const form = detail.getByRole('form');
    await form.getByLabel('Severity').selectOption('high');
    await form.getByLabel('Status').selectOption('mitigating');
    await form.getByLabel('ARR at risk').fill('500000');
    await form.getByLabel('Evidence').fill('Ines confirmed she moves to another team in January');
    await form.getByRole('button', { name: 'Save risk' }).click();
    // More ARR at risk than the account has: refused, named beside the field, nothing saved.
    await expect(form.locator(`#risk-${risk.id}-arr-error`).textContent()).resolves.toMatch(/exceed/);
    expect(await get<{ severity: string }>(`/api/risks/${risk.id}`)).toMatchObject({ severity: 'medium' });
    await form.getByLabel('ARR at risk').fill('60000');
    await expectAccessible(page, 'risk edit');
    await shoot(page, 'risk-edit');
    await form.getByRole('button', { name: 'Save risk' }).click();
    await detail.getByRole('button', { name: 'Edit risk' }).waitFor();
    expect(await get<Record<string, unknown>>(`/api/risks/${risk.id}`)).toMatchObject({ severity: 'high', status: 'mitigating', arrAtRisk: 60000, evidence: 'Ines confirmed she moves to another team in January' });
  }, 120_000);

  it('signs out another device from the profile, then changes the password (the old one stops working)', async () => {
    const other = await browser.newContext({ locale: 'en-US', userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0' });
    const phone = await other.newPage();
    await signIn(phone);
    expect((await phone.request.get(`${server.url}/api/session`)).status()).toBe(200);

    await page.goto(`${server.url}/me`);
    const devices = page.getByRole('list', { name: 'Your sessions' });
    await devices.getByText('Firefox on Windows').waitFor();
    await expect(devices.getByTestId('session').filter({ hasText: 'this browser' }).textContent()).resolves.toContain('Chrome on Linux');
    await expectAccessible(page, 'profile');
    await shoot(page, 'profile');
    await devices.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    await devices.getByText('Firefox on Windows').waitFor({ state: 'detached' });
    expect((await phone.request.get(`${server.url}/api/session`)).status()).toBe(401);
    await other.close();

    const form = page.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('New password again').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.locator('#pw-current-error').textContent()).resolves.toBeTruthy();
    await form.getByLabel('Current password').fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText(/^Password changed/).waitFor();
    // This browser stays signed in; a fresh sign-in takes the new password and not the old one.
    expect((await page.request.get(`${server.url}/api/session`)).status()).toBe(200);
    const fresh = await browser.newContext();
    const tryPassword = async (password: string) => (await fresh.request.post(`${server.url}/api/session`, { data: { email: DEMO_CSM_LOGIN, password } })).status();
    expect(await tryPassword(DEMO_PASSWORD)).toBeGreaterThanOrEqual(400);
    expect(await tryPassword(NEW_PASSWORD)).toBe(200);
    await fresh.close();
  }, 120_000);

  it('sets a new password from a reset link, opened signed out', async () => {
    const users = await get<{ items: { id: string; email: string }[] }>('/api/users');
    const maria = users.items.find((u) => u.email === 'maria.manager@cadence.demo')!;
    const reset = await requestPasswordReset(server.deps, LOCAL_OPERATOR, maria.id);
    const out = await browser.newContext({ locale: 'en-US' });
    const p = await out.newPage();
    await p.goto(`${server.url}/`);
    await p.getByRole('button', { name: 'Forgot your password?' }).click();
    await p.getByText(/Ask your Cadence admin/).waitFor();
    await p.goto(reset.link!.replace(/^https?:\/\/[^/]+/, server.url));
    await p.getByLabel('New password', { exact: true }).fill('maria-fresh-password-2026');
    await p.getByLabel('New password again').fill('maria-fresh-password-2026');
    await expectAccessible(p, 'set password');
    await p.getByRole('button', { name: 'Set password' }).click();
    await p.getByRole('heading', { name: 'Your password is set' }).waitFor();
    expect(new URL(p.url()).hash).toBe('');
    expect((await out.request.post(`${server.url}/api/session`, { data: { email: maria.email, password: 'maria-fresh-password-2026' } })).status()).toBe(200);
    await out.close();
  }, 120_000);
});
