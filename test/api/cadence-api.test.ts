import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlaybook } from '../../src/services/team/cadence-engine.ts';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { listTasks } from '../../src/store/tasks.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('the cadence engine on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url });
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  it('an account says what it is owed and why, and an override with a reason changes it', async () => {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, segment: 'enterprise', stage: 'steady' });
    const cadence = await server.call('GET', `/api/accounts/${account.id}/cadence`, { token: csm.token });
    expect(cadence.body).toMatchObject({ frequency: 'monthly', because: 'enterprise: monthly', lastCallOn: null, override: null });
    const noReason = await server.call('PUT', `/api/accounts/${account.id}/cadence-override`, { token: csm.token, body: { frequency: 'weekly', reason: '' } });
    expect(noReason.body.error).toMatchObject({ code: 'invalid', field: 'reason' });
    const set = await server.call('PUT', `/api/accounts/${account.id}/cadence-override`, { token: csm.token, body: { frequency: 'weekly', reason: 'Migration in flight' } });
    expect(set.body).toMatchObject({ frequency: 'weekly', because: 'override: Migration in flight' });
    const viewer = await server.userWithToken('viewer');
    expect((await server.call('DELETE', `/api/accounts/${account.id}/cadence-override`, { token: viewer.token })).status).toBe(403);
    expect((await server.call('DELETE', `/api/accounts/${account.id}/cadence-override`, { token: csm.token })).body.frequency).toBe('monthly');
  });

  it('only managers and admins change the policy; bad intervals and garbage holidays are refused, nothing saved', async () => {
    expect((await server.call('PUT', '/api/settings/cadence', { token: csm.token, body: { policy: { touchFloorDays: 20 } } })).status).toBe(403);
    const zero = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { touchFloorDays: 0 } } });
    expect(zero.body.error).toMatchObject({ code: 'invalid', field: 'touchFloorDays' });
    const garbage = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { holidays: ['2026-12-25', 'Boxing Day'] } });
    expect(garbage.body.error).toMatchObject({ code: 'invalid', field: '1' });
    const ok = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { holidays: ['2026-12-25', '2026-12-24'], policy: { bySegment: { commercial: 'monthly' } } } });
    expect(ok.body.holidays).toEqual(['2026-12-24', '2026-12-25']);
    expect(ok.body.policy.bySegment).toEqual({ enterprise: 'monthly', commercial: 'monthly', scale: 'none' });
    // A partial policy keeps what it does not name.
    const partial = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { touchFloorDays: 21 } } });
    expect(partial.body.policy).toMatchObject({ touchFloorDays: 21, bySegment: { commercial: 'monthly' } });
    await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { policy: { touchFloorDays: 30, bySegment: { commercial: 'quarterly' } } } });
  });

  it('the playbook makes each task once, writes nothing on a second run, and closes tasks whose cause is gone', async () => {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, segment: 'enterprise', stage: 'steady', deployment: 'self_managed', securityAlertsOptIn: false });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Peter', email: 'peter@initech.example', role: 'champion' }));
    // Friday 20 November: a call on Tuesday needs its agenda by Monday 09:00 (two business days before... Friday/Monday).
    const call = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-24T15:00:00Z' } })).body;

    const first = await runPlaybook(server.deps);
    expect(first.tasksCreated).toBeGreaterThan(0);
    const tasks = await listTasks(server.deps.store.db, { accountId: account.id, status: ['open'] });
    expect(tasks.map((t) => t.rule).sort()).toEqual(['no_findings', 'security_alerts', 'send_agenda'].sort().filter((r) => tasks.some((t) => t.rule === r)));
    expect(tasks.map((t) => t.rule)).toContain('send_agenda');
    expect(tasks.map((t) => t.rule)).toContain('security_alerts');

    const second = await runPlaybook(server.deps);
    expect(second).toMatchObject({ tasksCreated: 0, tasksClosed: 0, cadenceRowsChanged: 0 });

    // Sending the agenda closes its task at once; opting into security alerts closes the other on the next run.
    await server.call('POST', `/api/meetings/${call.id}/agenda/send`, { token: csm.token, body: { confirm: true } });
    await server.call('PATCH', `/api/accounts/${account.id}`, { token: csm.token, body: { securityAlertsOptIn: true } });
    const third = await runPlaybook(server.deps);
    expect(third.tasksClosed).toBe(1);
    const open = (await listTasks(server.deps.store.db, { accountId: account.id, status: ['open'] })).map((t) => t.rule);
    expect(open).not.toContain('send_agenda');
    expect(open).not.toContain('security_alerts');
  });

  it('an overdue account shows on the due list of its CSM and manager, not of other CSMs; a touch settles the monthly floor', async () => {
    const other = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Hooli', ownerId: csm.user.id, segment: 'commercial', stage: 'steady' });
    server.deps.setNow('2027-01-20T10:00:00Z');
    try {
      const due = (await server.call('GET', '/api/cadence/due', { token: csm.token })).body.items;
      const hooli = due.find((d: { accountId: string }) => d.accountId === account.id);
      expect(hooli.due).toMatchObject({ state: 'overdue' });
      expect(hooli.due.touchOverdueDays).toBeGreaterThan(0);
      expect((await server.call('GET', '/api/cadence/due', { token: manager.token })).body.items.some((d: { accountId: string }) => d.accountId === account.id)).toBe(true);
      expect((await server.call('GET', '/api/cadence/due', { token: other.token })).body.items.some((d: { accountId: string }) => d.accountId === account.id)).toBe(false);
      await server.call('POST', '/api/touches', { token: csm.token, body: { accountId: account.id, kind: 'email', note: 'Shared the release notes' } });
      const after = (await server.call('GET', `/api/accounts/${account.id}/cadence`, { token: csm.token })).body;
      expect(after.touchOverdueDays).toBe(0);
      expect(after.lastTouchOn).toBe('2027-01-20');
    } finally {
      server.deps.setNow('2026-11-20T10:00:00Z');
    }
  });

  it("a follow-up owed over the team's holiday is due the business day after it", async () => {
    await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { holidays: ['2026-11-23'] } });
    try {
      const account = await makeAccount(server.deps, { name: 'Umbrella', ownerId: csm.user.id, timezone: 'UTC' });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
      // Held on Friday 20 November at 10:00; Monday the 23rd is a holiday.
      const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: {} });
      expect(wrapped.body.followUpDueAt).toBe('2026-11-24T10:00:00.000Z');
    } finally {
      await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { holidays: [] } });
    }
  });
});
