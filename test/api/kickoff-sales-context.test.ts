import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlaybook } from '../../src/services/team/cadence-engine.ts';
import { listTasks } from '../../src/store/tasks.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

// Issue #19, kickoff playbook: a new customer's CSM is asked to get the sales context from the AE.
describe.each(dialects)('the kickoff playbook asks for the sales context on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
  });
  afterAll(async () => {
    await server.close();
  });

  const openRules = async (accountId: string) => (await listTasks(server.deps.store.db, { accountId, status: ['open'] })).filter((t) => t.rule === 'sales_context');

  it('an onboarding account without a sales context gets a task for its owner; recording the context closes it on the next run', async () => {
    const fresh = await makeAccount(server.deps, { name: 'Northwind', ownerId: csm.user.id, segment: 'enterprise', stage: 'onboarding' });
    const steady = await makeAccount(server.deps, { name: 'Umbrella', ownerId: csm.user.id, segment: 'enterprise', stage: 'steady' });
    await runPlaybook(server.deps);
    const tasks = await openRules(fresh.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ assigneeId: csm.user.id, title: 'Northwind: get the sales context from the AE: why they bought, use cases, stakeholders' });
    expect(await openRules(steady.id)).toEqual([]);

    // Blank fields are not a sales context: the task stays.
    expect((await server.call('PUT', `/api/accounts/${fresh.id}/sales-context`, { token: csm.token, body: { purchaseReasons: '' } })).status).toBe(200);
    await runPlaybook(server.deps);
    expect(await openRules(fresh.id)).toHaveLength(1);

    expect((await server.call('PUT', `/api/accounts/${fresh.id}/sales-context`, { token: csm.token, body: { purchaseReasons: 'Replace Jenkins', useCases: 'CI for 40 teams', stakeholders: 'Dana (VP Eng) signs' } })).status).toBe(200);
    const after = await runPlaybook(server.deps);
    expect(after.tasksClosed).toBeGreaterThanOrEqual(1);
    expect(await openRules(fresh.id)).toEqual([]);
  });

  it('switched off in the playbook settings, the rule makes no task', async () => {
    const off = await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { playbook: { sales_context: { enabled: false } } } });
    expect(off.status).toBe(200);
    expect(off.body.playbook.sales_context).toEqual({ enabled: false });
    const account = await makeAccount(server.deps, { name: 'Alder', ownerId: csm.user.id, segment: 'commercial', stage: 'onboarding' });
    await runPlaybook(server.deps);
    expect(await openRules(account.id)).toEqual([]);
    await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { playbook: { sales_context: { enabled: true } } } });
    await runPlaybook(server.deps);
    expect(await openRules(account.id)).toHaveLength(1);
  });
});
