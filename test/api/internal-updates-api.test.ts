import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { deliverDueOutbox } from '../../src/services/outbox/outbox.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
type Caller = Awaited<ReturnType<TestServer['userWithToken']>>;

describe.each(dialects)('the account team kept informed on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let slack: LocalServer;
  const slackPosts: string[] = [];
  let sam: Caller;
  let ae: Caller;
  let admin: Caller;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // Slack's incoming webhook answers 200 "ok" (https://api.slack.com/messaging/webhooks).
    slack = await startLocalServer((req) => {
      if (req.path === '/services/T1/B1/hook') {
        slackPosts.push((JSON.parse(req.body) as { text: string }).text);
        return { body: 'ok' };
      }
      return { status: 404, body: 'no_service' };
    });
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    sam = await server.userWithToken('csm');
    ae = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
    const http = { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 };
    expect((await server.call('POST', '/api/integrations', { token: admin.token, body: { name: 'globex-internal', kind: 'slack', settings: { webhookUrl: `${slack.url}/services/T1/B1/hook`, http } } })).status).toBe(201);
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
    await slack.close();
  });

  it('off by default; by mail, a wrap-up reaches the owner and the team with the recap, risks and our items, never the customer', async () => {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: sam.user.id, team: [{ userId: ae.user.id, role: 'ae' }] });
    await makeContact(server.deps, account.id, { name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' });
    expect((await server.call('GET', `/api/accounts/${account.id}/internal-updates`, { token: sam.token })).body).toMatchObject({ channel: 'off' });
    const set = await server.call('PUT', `/api/accounts/${account.id}/internal-updates`, { token: sam.token, body: { channel: 'mail' } });
    expect(set.status).toBe(200);

    const before = smtp.received.length;
    await server.call('POST', '/api/risks', { token: sam.token, body: { accountId: account.id, type: 'budget', severity: 'high', evidence: 'Budget review in January' } });
    const meeting = await server.call('POST', '/api/meetings', { token: sam.token, body: { accountId: account.id, startsAt: '2026-11-19T15:00:00Z', acknowledgeOutOfHours: true } });
    const wrap = await server.call('POST', `/api/meetings/${meeting.body.id}/wrap-up`, {
      token: sam.token,
      body: { recap: ['Agreed the SSO rollout for January'], actionItems: [{ text: 'Send the SSO guide', side: 'vendor', owner: { userId: sam.user.id }, dueDate: '2026-12-01' }] },
    });
    expect(wrap.status, JSON.stringify(wrap.body)).toBe(200);
    await deliverDueOutbox(server.deps);
    const mails = smtp.received.slice(before);
    const wrapUp = mails.find((m) => m.parsed.subject?.includes('Call wrapped up'))!;
    expect(wrapUp.envelopeTo.sort()).toEqual([sam.user.email, ae.user.email].sort());
    expect(wrapUp.parsed.text).toContain('Agreed the SSO rollout for January');
    expect(wrapUp.parsed.text).toContain('Budget review in January');
    expect(wrapUp.parsed.text).toContain('Send the SSO guide');
    expect(mails.some((m) => m.parsed.subject === `[Internal] Globex: Risk raised: high budget`) || mails.some((m) => m.parsed.subject?.includes('Risk raised'))).toBe(true);
    expect(mails.flatMap((m) => m.envelopeTo)).not.toContain('hana@globex.example');
  });

  it('to Slack, a risk closed is posted to the account channel; an unknown Slack integration is a 400 naming slackIntegration', async () => {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: sam.user.id });
    const bad = await server.call('PUT', `/api/accounts/${account.id}/internal-updates`, { token: sam.token, body: { channel: 'slack', slackIntegration: 'no-such-channel' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('slackIntegration');
    expect((await server.call('PUT', `/api/accounts/${account.id}/internal-updates`, { token: sam.token, body: { channel: 'slack', slackIntegration: 'globex-internal' } })).status).toBe(200);
    const risk = await server.call('POST', '/api/risks', { token: sam.token, body: { accountId: account.id, type: 'champion_leaving', severity: 'critical', evidence: 'Hank leaves in March' } });
    const closed = await server.call('POST', `/api/risks/${risk.body.id}/close`, { token: sam.token, body: { resolution: 'Dana is the new champion' } });
    expect(closed.status).toBe(200);
    await deliverDueOutbox(server.deps);
    expect(slackPosts.some((p) => p.includes('Initech') && p.includes('Risk raised'))).toBe(true);
    expect(slackPosts.some((p) => p.includes('Risk closed') && p.includes('Dana is the new champion'))).toBe(true);
    const viewer = await server.userWithToken('viewer');
    expect((await server.call('PUT', `/api/accounts/${account.id}/internal-updates`, { token: viewer.token, body: { channel: 'off' } })).status).toBe(403);
  });
});
