import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { ARTIFACTS, browserAvailable, ensureWebBuilt, expectAccessible, launchBrowser } from '../helpers/browser.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const run = browserAvailable() || process.env.CI === 'true' ? describe : describe.skip;

const fixture = (file: string) => readFileSync(path.resolve(file), 'utf8');
// Zoom's answer for a meeting's cloud recordings, from its API reference (the fixture cites the page).
const ZOOM_RECORDINGS = JSON.parse(fixture('src/integrations/zoom/fixtures/recordings.json')) as { recording_files: { file_type: string; download_url: string }[] };
// The call's audio transcript as Zoom serves it: WebVTT with <v Speaker> cues.
const ZOOM_TRANSCRIPT = fixture('src/domain/notes-extraction/fixtures/renewal-risk-call.vtt');
// Jira's answer to an issue create (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post).
const JIRA_CREATED = JSON.parse(fixture('src/integrations/jira/fixtures/issue-created.json')) as { id: string; key: string };

/** What the team must never read in a customer-facing recap: the internal notes, the risk, the internal summary. */
const INTERNAL = ['CFO is shopping for alternatives', 'Peter moves teams', 'champion', 'Budget squeeze'];

run("the meeting's Slack, recording and tracker tools, against local vendor stand-ins", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let slack: LocalServer;
  let zoom: LocalServer;
  let jira: LocalServer;
  let meetingId = '';
  const slackPosts: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    // Slack incoming webhooks answer 200 with the text "ok" (https://api.slack.com/messaging/webhooks#handling_errors).
    slack = await startLocalServer((req) => {
      if (req.method === 'POST' && req.path === '/services/T0001/B0001/XXXXXXXX') {
        slackPosts.push((JSON.parse(req.body) as { text: string }).text);
        return { body: 'ok', headers: { 'content-type': 'text/html' } };
      }
      return { status: 404, body: 'no_service' };
    });
    // Zoom cloud recordings (https://developers.zoom.us/docs/api/meetings/#tag/cloud-recording/GET/meetings/{meetingId}/recordings):
    // the list names a TRANSCRIPT file, whose download_url serves the VTT to the same bearer token.
    zoom = await startLocalServer((req) => {
      if (req.headers.authorization !== 'Bearer zoom-token') return { status: 401, json: { code: 124, message: 'Invalid access token.' } };
      if (req.path === '/v2/meetings/85746065432/recordings') {
        return { json: { ...ZOOM_RECORDINGS, recording_files: ZOOM_RECORDINGS.recording_files.map((f) => ({ ...f, download_url: `${zoom.url}/rec/download/${f.file_type.toLowerCase()}` })) } };
      }
      if (req.path === '/rec/download/transcript') return { body: ZOOM_TRANSCRIPT, headers: { 'content-type': 'text/vtt' } };
      return { status: 404, json: { code: 3301, message: 'This recording does not exist.' } };
    });
    // Jira Cloud: the JQL search Cadence runs first to find an issue it already opened
    // (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post), then the create.
    jira = await startLocalServer((req) => {
      if (req.method === 'POST' && req.path === '/rest/api/3/search/jql') return { json: { issues: [], isLast: true } };
      if (req.method === 'POST' && req.path === '/rest/api/3/issue') return { status: 201, json: { ...JIRA_CREATED, self: `${jira.url}/rest/api/3/issue/${JIRA_CREATED.id}` } };
      return { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    });

    server = await startTestServer('sqlite', [], { baseUrl: 'https://cadence.acme.example' });
    const admin = await server.userWithToken('admin');
    const csm = await server.userWithToken('csm');
    const http = { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 };
    for (const body of [
      { name: 'cs-team', kind: 'slack', settings: { webhookUrl: `${slack.url}/services/T0001/B0001/XXXXXXXX`, http } },
      { name: 'zoom', kind: 'zoom', settings: { baseUrl: zoom.url, accessToken: 'zoom-token', http } },
      { name: 'product-jira', kind: 'jira', settings: { baseUrl: jira.url, email: 'csm@acme.example', apiToken: 'jira-token', jql: 'project = SUP', projectKey: 'SUP', http } },
    ]) {
      const made = await server.call('POST', '/api/integrations', { token: admin.token, body });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }

    // A call held yesterday, wrapped up with internal notes, a risk, an action item and a feature request.
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id });
    const meeting = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-19T15:00:00Z', title: 'Initech rollout check-in' } });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    meetingId = meeting.body.id;
    const wrapped = await server.call('POST', `/api/meetings/${meetingId}/wrap-up`, {
      token: csm.token,
      body: {
        notes: { version: 0, notes: 'Internal: the CFO is shopping for alternatives before the renewal.' },
        summary: 'Budget squeeze; keep the renewal conversation light.',
        recap: ['We walked through the SSO rollout plan'],
        risks: [{ type: 'champion_leaving', severity: 'high', evidence: 'Peter moves teams in January' }],
        actionItems: [{ text: 'Send the SSO setup guide', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-24' }],
        requests: [{ kind: 'feature_request', title: 'Export the audit log to CSV' }],
      },
    });
    expect(wrapped.status, JSON.stringify(wrapped.body)).toBe(200);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('Email').fill(csm.user.email);
    await page.getByLabel('Password').fill(csm.password);
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST' && r.ok()), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.goto(`${server.url}/meetings/${meetingId}`);
    await page.getByText('Slack, recording and tracker').click();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([slack?.close(), zoom?.close(), jira?.close()]);
  });

  it('posts the recap the customer got to Slack: the action items and the recap, none of the internal notes or risks', async () => {
    const form = page.getByRole('form', { name: 'Post the recap to Slack' });
    await form.getByLabel('Slack integration').fill('cs-team');
    await form.getByLabel('The follow-up as the customer got it').check();
    await form.getByRole('button', { name: 'Post to Slack' }).click();
    await form.getByRole('status').filter({ hasText: 'Posted to Slack (the follow-up).' }).waitFor();
    expect(slackPosts).toHaveLength(1);
    const recap = slackPosts[0]!;
    expect(recap).toContain('Send the SSO setup guide');
    expect(recap).toContain('We walked through the SSO rollout plan');
    expect(recap).toContain(`https://cadence.acme.example/meetings/${meetingId}`);
    for (const internal of INTERNAL) expect(recap).not.toContain(internal);

    // The internal update for the team's channel lists the open action items too, and still no notes.
    await form.getByLabel(/Internal update/).check();
    await form.getByRole('button', { name: 'Post to Slack' }).click();
    await form.getByRole('status').filter({ hasText: 'Posted to Slack (internal update).' }).waitFor();
    expect(slackPosts).toHaveLength(2);
    expect(slackPosts[1]).toContain('Open action items:\n• Send the SSO setup guide');
    expect(slackPosts[1]).not.toContain('CFO is shopping for alternatives');
  }, 60_000);

  it("fetches the Zoom recording's transcript and shows what it heard as suggestions to review", async () => {
    const form = page.getByRole('form', { name: "Fetch the recording's transcript" });
    await form.getByLabel('Gong or Zoom integration').fill('zoom');
    await form.getByLabel('Recording (Gong call id, Zoom meeting id)').fill('85746065432');
    await form.getByRole('button', { name: 'Fetch transcript' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /^Transcript imported: \d+ suggestions to review\.$/ })
      .waitFor();
    expect(zoom.requests.map((r) => r.path)).toEqual(['/v2/meetings/85746065432/recordings', '/rec/download/transcript']);
    const review = page.getByRole('list', { name: 'Suggestions to review' });
    await review.waitFor();
    // What was said, with when: Dana's promise to escalate the runner ticket at 0:19.
    await review.getByRole('listitem', { name: /^action item: .*escalate the runner ticket/i }).waitFor();
    await review.getByText(/0:19 “I'll escalate the runner ticket/).waitFor();
    // The champion leaving is heard as a risk, for the CSM to accept or reject.
    await review
      .getByRole('listitem', { name: /^risk: /i })
      .first()
      .waitFor();
  }, 60_000);

  it("opens the call's feature request in Jira with a link back, and the meeting shows the new issue", async () => {
    const tools = page.getByRole('group', { name: "Open the call's requests in a tracker" });
    await tools.getByLabel(/^Tracker integration/).fill('product-jira');
    await tools.getByRole('button', { name: 'Open in the tracker: Export the audit log to CSV' }).click();
    // Where the button was, the issue's key links to it (Jira's id, 10000, means nothing to anyone), and has the focus.
    const issueUrl = `${jira.url}/browse/${JIRA_CREATED.key}`;
    const opened = tools.getByRole('link', { name: JIRA_CREATED.key });
    await opened.waitFor();
    expect(await opened.getAttribute('href')).toBe(issueUrl);
    await expect(opened.evaluate((a) => a === a.ownerDocument.activeElement)).resolves.toBe(true);
    // The meeting's engagement shows the same issue, by its key.
    const engagement = page.getByRole('region', { name: 'Engagement' });
    expect(await engagement.getByRole('link', { name: JIRA_CREATED.key }).getAttribute('href')).toBe(issueUrl);

    const creates = jira.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue');
    expect(creates).toHaveLength(1);
    const fields = (JSON.parse(creates[0]!.body) as { fields: { project: { key: string }; summary: string; issuetype: { name: string }; description: unknown } }).fields;
    expect(fields).toMatchObject({ project: { key: 'SUP' }, summary: 'Export the audit log to CSV', issuetype: { name: 'Story' } });
    const description = JSON.stringify(fields.description);
    expect(description).toContain('Initech');
    expect(description).toContain(`https://cadence.acme.example/meetings/${meetingId}`);
    for (const internal of INTERNAL) expect(description).not.toContain(internal);

    // The engagement no longer asks for the request to be opened.
    await expect(engagement.getByText('Open the feature request "Export the audit log to CSV".').count()).resolves.toBe(0);
    await expectAccessible(page, 'meeting tools after use');
    await page.screenshot({ path: `${ARTIFACTS}/meeting-tools-happy-1280-light.png`, fullPage: true });
  }, 60_000);
});
