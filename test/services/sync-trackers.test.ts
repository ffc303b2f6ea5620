import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntegration } from '../../src/services/connections/integrations.ts';
import { syncTrackersJob } from '../../src/jobs/integrations.job.ts';
import { syncTrackers, type SyncProgress } from '../../src/services/connections/sync-trackers.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { findCursor, listSyncRuns } from '../../src/store/integrations.repo.ts';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';

const dialects = await availableDialects();
const FAST = { timeoutMs: 2_000, maxAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 5 };

describe.each(dialects)('syncing tickets and feature requests from a tracker on %s', (dialect) => {
  let deps: TestDeps;
  let zendesk: FakeZendesk;
  let globex: { id: string };
  let initech: { id: string };
  let integrationId: string;
  let n = 0;

  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    globex = await makeAccount(deps, { name: 'Globex' });
    initech = await makeAccount(deps, { name: 'Initech' });
  });
  afterAll(async () => deps.close());
  beforeEach(async () => {
    n += 1;
    zendesk = await startFakeZendesk({ pageSize: 3 });
    const made = await createIntegration(deps, LOCAL_OPERATOR, {
      name: `support-${n}`,
      kind: 'zendesk',
      settings: { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: 'good-token', map: { featureRequestLabels: ['feature_request'] }, http: FAST },
      accountRules: [
        { accountId: globex.id, orgIds: ['555'] },
        { accountId: initech.id, labels: ['initech'] },
      ],
    });
    integrationId = made.id;
  });
  afterEach(async () => {
    await zendesk.close();
  });

  const tickets = async () =>
    (await deps.store.db.selectFrom('support_tickets').select(['external_id', 'account_id', 'status', 'title', 'closed_at']).where('source', '=', 'zendesk').orderBy('external_id').execute()).filter(
      (r) => Number(r.external_id) >= n * 1000 && Number(r.external_id) < (n + 1) * 1000,
    );
  const requests = async () =>
    (await deps.store.db.selectFrom('feature_requests').select(['external_id', 'account_id', 'status']).where('source', '=', 'zendesk').orderBy('external_id').execute()).filter(
      (r) => Number(r.external_id) >= n * 1000 && Number(r.external_id) < (n + 1) * 1000,
    );
  const id = (k: number) => n * 1000 + k;

  function seven() {
    for (let k = 1; k <= 7; k += 1) {
      zendesk.put({ id: id(k), subject: `Ticket ${k}`, status: k === 7 ? 'hold' : 'open', organization_id: k % 2 === 0 ? 555 : null, tags: k === 3 ? ['initech', 'feature_request'] : [] });
    }
  }

  it('a first sync reads every page, files tickets and requests under the matched accounts, and logs the run', async () => {
    seven();
    const progress: SyncProgress[] = [];
    const { runs } = await syncTrackers(deps, { integration: `support-${n}`, onProgress: (p) => progress.push(p) });
    expect(runs).toEqual([expect.objectContaining({ status: 'ok', pages: 3, fetched: 7, created: 7, updated: 0, error: null })]);
    expect(progress.map((p) => p.fetched)).toEqual([3, 6, 7]);
    const rows = await tickets();
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.account_id === globex.id).map((r) => r.external_id)).toEqual([String(id(2)), String(id(4)), String(id(6))]);
    expect(rows.find((r) => r.external_id === String(id(7)))?.status).toBe('on_hold');
    expect(await requests()).toEqual([{ external_id: String(id(3)), account_id: initech.id, status: 'open' }]);
    expect(await findCursor(deps.store.db, integrationId)).toBe('c7');
    const [run] = await listSyncRuns(deps.store.db, integrationId);
    expect(run).toMatchObject({ status: 'ok', created: 7, unmatched: 3, scope: 'incremental' });
    expect(run?.finished_at).not.toBeNull();
  });

  it('a re-run with nothing new asks once from the stored cursor and changes nothing', async () => {
    seven();
    await syncTrackers(deps, { integration: `support-${n}` });
    const before = { tickets: await tickets(), requests: await requests() };
    const asked = zendesk.exportRequests();
    const { runs } = await syncTrackers(deps, { integration: `support-${n}` });
    expect(runs[0]).toMatchObject({ status: 'ok', fetched: 0, created: 0, updated: 0 });
    expect(zendesk.exportRequests() - asked).toBe(1);
    expect(zendesk.server.requests.at(-1)?.query.get('cursor')).toBe('c7');
    expect({ tickets: await tickets(), requests: await requests() }).toEqual(before);
  });

  it('a ticket changed, solved or deleted upstream is updated in place, never duplicated, and closed here', async () => {
    seven();
    await syncTrackers(deps, { integration: `support-${n}` });
    zendesk.put({ id: id(1), subject: 'Ticket 1 (renamed)', status: 'open' });
    zendesk.put({ id: id(2), subject: 'Ticket 2', status: 'solved', organization_id: 555 });
    zendesk.put({ id: id(4), subject: 'Ticket 4', status: 'deleted', organization_id: 555 });
    zendesk.put({ id: id(1), subject: 'Ticket 1 (renamed)', status: 'open' });
    const { runs } = await syncTrackers(deps, { integration: `support-${n}` });
    // Ticket 1 comes twice (changed, then repeated unchanged on the next page): one write.
    expect(runs[0]).toMatchObject({ fetched: 4, created: 0, updated: 3, unchanged: 1 });
    const rows = await tickets();
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.external_id === String(id(1)))?.title).toBe('Ticket 1 (renamed)');
    expect(rows.find((r) => r.external_id === String(id(2)))?.status).toBe('solved');
    expect(rows.find((r) => r.external_id === String(id(4)))).toMatchObject({ status: 'closed', account_id: globex.id });
    expect(rows.find((r) => r.external_id === String(id(4)))?.closed_at).not.toBeNull();
  });

  it('a rate limit with Retry-After and a passing server error are waited out and the sync completes', async () => {
    seven();
    zendesk.failNext({ status: 429, headers: { 'retry-after': '0' }, json: { error: 'APIRateLimitExceeded' } }, { status: 503, body: 'upstream unavailable' });
    const { runs } = await syncTrackers(deps, { integration: `support-${n}` });
    expect(runs[0]).toMatchObject({ status: 'ok', created: 7 });
    expect(zendesk.exportRequests()).toBe(5);
  });

  it('a tracker that keeps failing leaves the cursor where it was and logs the reason in words', async () => {
    zendesk.failNext({ status: 401, json: { error: "Couldn't authenticate you" } });
    const { runs } = await syncTrackers(deps, { integration: `support-${n}` });
    expect(runs[0]?.status).toBe('failed');
    expect(runs[0]?.error).toContain('Zendesk refused the credentials');
    expect(runs[0]?.error).not.toContain('good-token');
    expect(await findCursor(deps.store.db, integrationId)).toBeNull();
    expect((await listSyncRuns(deps.store.db, integrationId))[0]).toMatchObject({ status: 'failed' });
  });

  it('a vendor that echoes the token back never gets it into the run log or the logs', async () => {
    const logged: string[] = [];
    const logging = { ...deps, logger: pino({ level: 'debug' }, { write: (line: string) => logged.push(line) }) };
    zendesk.failNext({ status: 401, json: { error: 'Unauthorized', description: 'token good-token is not valid for ann@acme.example/token:good-token' } });
    const { runs } = await syncTrackers(logging, { integration: `support-${n}` });
    expect(runs[0]?.status).toBe('failed');
    expect(logged.length).toBeGreaterThan(0);
    const everything = JSON.stringify({ runs, logged, stored: await listSyncRuns(deps.store.db, integrationId) });
    expect(everything).not.toContain('good-token');
  });

  it('a crash in the middle of a page leaves no half page and no cursor move; the next run resumes without duplicates', async () => {
    seven();
    const crashed = await syncTrackers(deps, {
      integration: `support-${n}`,
      beforeCommit: (page) => {
        if (page === 2) throw new Error('power cut');
      },
    });
    expect(crashed.runs[0]).toMatchObject({ status: 'failed', error: 'Unexpected failure: power cut' });
    // Page 1 (tickets 1, 2 and request 3) committed; page 2 (4, 5, 6) rolled back whole.
    expect((await tickets()).map((r) => r.external_id)).toEqual([id(1), id(2)].map(String));
    expect((await requests()).map((r) => r.external_id)).toEqual([String(id(3))]);
    expect(await findCursor(deps.store.db, integrationId)).toBe('c3');
    const resumed = await syncTrackers(deps, { integration: `support-${n}` });
    expect(resumed.runs[0]).toMatchObject({ status: 'ok', fetched: 4, created: 4 });
    expect((await tickets()).length + (await requests()).length).toBe(7);
  });

  it('an account-only sync fetches that account without moving the cursor', async () => {
    seven();
    const { runs } = await syncTrackers(deps, { integration: `support-${n}`, accountId: initech.id });
    expect(runs[0]).toMatchObject({ status: 'ok', created: 1 });
    expect(await requests()).toHaveLength(1);
    expect(await tickets()).toHaveLength(0);
    expect(await findCursor(deps.store.db, integrationId)).toBeNull();
  });

  it("an account-only sync of a Zendesk organisation asks for that organisation's tickets alone", async () => {
    seven();
    const { runs } = await syncTrackers(deps, { integration: `support-${n}`, accountId: globex.id });
    expect(runs[0]).toMatchObject({ status: 'ok', created: 3 });
    expect(zendesk.exportRequests()).toBe(0);
    expect(zendesk.server.count('/api/v2/organizations/555/tickets.json')).toBe(1);
    expect((await tickets()).map((r) => r.account_id)).toEqual([globex.id, globex.id, globex.id]);
  });

  it('the sync-trackers job syncs every enabled tracker and summarises the run in one line', async () => {
    seven();
    const line = await syncTrackersJob.run(deps);
    expect(line).toMatch(/^sync-trackers: \d+ trackers, \d+ new, \d+ changed/);
    expect((await tickets()).length + (await requests()).length).toBe(7);
    expect(await syncTrackersJob.run(deps)).toMatch(/, 0 new, 0 changed/);
  });

  it('asking for an integration that does not exist or is not a tracker is refused', async () => {
    await expect(syncTrackers(deps, { integration: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await createIntegration(deps, LOCAL_OPERATOR, { name: `chat-${n}`, kind: 'slack', settings: { webhookUrl: 'https://hooks.slack.com/services/T1/B1/x' } });
    await expect(syncTrackers(deps, { integration: `chat-${n}` })).rejects.toMatchObject({ code: 'invalid', field: 'integration' });
  });
});

describe.each(dialects)('syncing a tracker that is asked "what changed since" (GitHub) on %s', (dialect) => {
  let deps: TestDeps;
  let github: LocalServer;
  let account: { id: string };
  const issues: { id: number; number: number; title: string; state: string; state_reason?: string | null; labels: string[]; updated_at: string }[] = [];

  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    account = await makeAccount(deps, { name: 'Globex' });
    // Repository issues updated at or after `since`, oldest first, two per page with a Link header.
    github = await startLocalServer((req) => {
      const since = req.query.get('since');
      const page = Number(req.query.get('page') ?? 1);
      const all = issues.filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since)).sort((a, b) => a.updated_at.localeCompare(b.updated_at));
      const slice = all.slice((page - 1) * 2, page * 2);
      const more = page * 2 < all.length;
      const body = slice.map((i) => ({ ...i, html_url: `https://github.com/acme/product/issues/${i.number}`, created_at: '2026-10-01T00:00:00Z', closed_at: i.state === 'closed' ? i.updated_at : null }));
      const headers: Record<string, string> = more ? { link: `<${github.url}/repos/acme/product/issues?page=${page + 1}${since ? `&since=${since}` : ''}>; rel="next"` } : {};
      return { json: body, headers };
    });
    await createIntegration(deps, LOCAL_OPERATOR, {
      name: 'product-repo',
      kind: 'github',
      settings: { baseUrl: github.url, token: 'ghp_test', owner: 'acme', repo: 'product', map: { featureRequestLabels: ['enhancement'] }, http: FAST },
      accountRules: [{ accountId: account.id, labels: ['customer::globex'] }],
    });
  });
  afterAll(async () => {
    await github.close();
    await deps.close();
  });

  it('a re-run sees the last items again and writes nothing; a request closed as not planned is declined', async () => {
    issues.push(
      { id: 1, number: 1, title: 'Dark mode', state: 'open', labels: ['enhancement', 'customer::globex'], updated_at: '2026-11-01T10:00:00Z' },
      { id: 2, number: 2, title: 'Export crash', state: 'open', labels: ['customer::globex'], updated_at: '2026-11-02T10:00:00Z' },
      { id: 3, number: 3, title: 'Slow search', state: 'open', labels: [], updated_at: '2026-11-03T10:00:00Z' },
    );
    const first = await syncTrackers(deps, { integration: 'product-repo' });
    expect(first.runs[0]).toMatchObject({ status: 'ok', pages: 2, created: 3, unmatched: 1 });
    const again = await syncTrackers(deps, { integration: 'product-repo' });
    expect(again.runs[0]).toMatchObject({ status: 'ok', fetched: 1, created: 0, updated: 0, unchanged: 1 });
    issues[0] = { ...issues[0]!, state: 'closed', state_reason: 'not_planned', updated_at: '2026-11-04T10:00:00Z' };
    const third = await syncTrackers(deps, { integration: 'product-repo' });
    expect(third.runs[0]).toMatchObject({ created: 0, updated: 1 });
    const request = await deps.store.db.selectFrom('feature_requests').select(['status', 'account_id']).where('source', '=', 'github').where('external_id', '=', '1').executeTakeFirstOrThrow();
    expect(request).toEqual({ status: 'declined', account_id: account.id });
  });
});
