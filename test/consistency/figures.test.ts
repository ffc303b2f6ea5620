/**
 * One seeded book, every surface that shows a figure, and the surfaces must agree: follow-ups on
 * time or late (a call on the Friday before a Monday holiday among them), engagements complete,
 * the health figure, open tickets, declines and ARR at risk, through the account API, the team
 * dashboard and its drill-down, the MBR, QBR and CBR packs, My day and the CLI.
 *
 * The clock is pinned at Tuesday 1 December 2026, 12:00 UTC. The CLI runs on the real clock, so it
 * is asked only what does not move with the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTrackerItem } from '../../src/store/tracker.repo.ts';
import { cadence } from '../helpers/cli.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const NOW = '2026-12-01T12:00:00.000Z';
const PERIOD = 'from=2026-11-01&to=2026-11-30';

type Tokened = Awaited<ReturnType<TestServer['userWithToken']>>;

describe.each(dialects)('every surface shows the same figures on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let manager: Tokened;
  let csm: Tokened;
  let ae: Tokened;
  const CALLS = ['friday', 'tuesday', 'thursday'] as const;
  const id = {} as Record<'globex' | 'initech' | 'next' | (typeof CALLS)[number], string>;
  const get = async (path: string, who: Tokened = csm) => {
    const res = await server.call('GET', path, { token: who.token });
    expect(res.status, `GET ${path}`).toBe(200);
    return res.body;
  };
  const post = async (path: string, body: unknown, who: Tokened = csm) => {
    const res = await server.call('POST', path, { token: who.token, body });
    expect(res.status, `POST ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  const cli = (args: string[]) => cadence(server.deps.testDb.dataDir, args, { DATABASE_URL: server.deps.testDb.url });

  /** Wraps the call up an hour after it starts. */
  async function wrapUp(meetingId: string, body: Record<string, unknown>) {
    const { startsAt } = await get(`/api/meetings/${meetingId}`);
    server.deps.setNow(new Date(Date.parse(startsAt) + 3_600_000));
    await post(`/api/meetings/${meetingId}/wrap-up`, body);
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    server.deps.setNow('2026-06-01T09:00:00.000Z');
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    ae = await server.userWithToken('csm');
    const team = [{ userId: ae.user.id, role: 'ae' }];
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, arr: 1_000_000, renewalDate: '2027-01-15', timezone: 'America/New_York', team });
    const initech = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, arr: 100_000, renewalDate: '2027-02-01', team });
    Object.assign(id, { globex: globex.id, initech: initech.id });
    await makeContact(server.deps, globex.id, { name: 'Hank Scorpio', email: 'hank@globex.example', role: 'champion' });
    // Green in June: the reading before both the MBR's month and the QBR's quarter began.
    await post(`/api/accounts/${globex.id}/health/override`, { colour: 'green', score: 90, reason: 'Renewed early', expiresAt: '2026-06-20T00:00:00.000Z' });

    server.deps.setNow('2026-11-02T09:00:00.000Z');
    expect((await server.call('PUT', '/api/settings/cadence', { token: manager.token, body: { holidays: ['2026-11-16'] } })).status).toBe(200);
    const ticket = (externalId: string, title: string, status: string, priority: string) =>
      insertTrackerItem(server.deps.store.db, 'support_tickets', {
        id: server.deps.newId(),
        accountId: globex.id,
        source: 'zendesk',
        externalId,
        title,
        status,
        priority,
        url: null,
        openedAt: '2026-11-01T09:00:00.000Z',
        at: '2026-11-01T09:00:00.000Z',
      });
    await ticket('ZD-1', 'SSO login loops', 'open', 'urgent');
    await ticket('ZD-2', 'Slow pipeline page', 'solved', 'high');

    for (const [k, startsAt] of [
      ['friday', '2026-11-13T15:00:00.000Z'],
      ['tuesday', '2026-11-17T15:00:00.000Z'],
      ['thursday', '2026-11-26T15:00:00.000Z'],
    ] as const) {
      id[k] = (await post('/api/meetings', { accountId: globex.id, startsAt })).id;
    }
    // Friday 13 November, before the Monday holiday: the follow-up on Tuesday is on time.
    await wrapUp(id.friday, {
      actionItems: [{ text: 'Send the SSO guide', side: 'vendor', owner: { userId: csm.user.id } }],
      risks: [{ type: 'champion_leaving', severity: 'high', arrAtRisk: 300_000, evidence: 'Hank is interviewing' }],
    });
    server.deps.setNow('2026-11-17T14:00:00.000Z');
    await post(`/api/meetings/${id.friday}/follow-up/send`, { confirm: true, sendWithUnaddressed: true });
    // Tuesday 17 November: followed up on Thursday, a day late; a ticket raised and never opened.
    await wrapUp(id.tuesday, { requests: [{ kind: 'ticket', title: 'Runner timeouts', priority: 'high' }] });
    server.deps.setNow('2026-11-19T10:00:00.000Z');
    await post(`/api/meetings/${id.tuesday}/follow-up/send`, { confirm: true, sendWithUnaddressed: true });
    // Thursday 26 November: never followed up.
    await wrapUp(id.thursday, {});

    server.deps.setNow('2026-11-27T10:00:00.000Z');
    await post('/api/risks', { accountId: globex.id, type: 'budget', severity: 'medium', arrAtRisk: 250_000, evidence: 'Budget review in January' });
    const closed = await post('/api/risks', { accountId: globex.id, type: 'other', severity: 'low', arrAtRisk: 90_000, evidence: 'Procurement asked questions' });
    await post(`/api/risks/${closed.id}/close`, { resolution: 'Answered' });
    // Two risks on a 100k contract: together they cannot put more than its ARR at risk.
    await post('/api/risks', { accountId: initech.id, type: 'low_adoption', severity: 'medium', arrAtRisk: 80_000, evidence: 'Half the seats unused' });
    await post('/api/risks', { accountId: initech.id, type: 'tool_consolidation', severity: 'medium', arrAtRisk: 60_000, evidence: 'Standardising on one platform' });

    server.deps.setNow(NOW);
    await post(`/api/accounts/${globex.id}/health/override`, { colour: 'yellow', score: 69.6, reason: 'Renewal at risk', expiresAt: '2030-01-01T00:00:00.000Z' });
    id.next = (await post('/api/meetings', { accountId: globex.id, startsAt: '2026-12-08T15:00:00.000Z' })).id;
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  it('a follow-up is on time or late alike on the follow-up, its task, the dashboard and its drill-down, the health measure, My day and the CLI', async () => {
    const followUps = Object.fromEntries(await Promise.all(CALLS.map(async (k) => [k, await get(`/api/meetings/${id[k]}/follow-up`)]))) as Record<(typeof CALLS)[number], { dueAt: string; sentAt: string | null }>;
    // Due one business day later at the same New York time: the Monday holiday skipped.
    expect(followUps.friday).toMatchObject({ dueAt: '2026-11-17T16:00:00.000Z', sentAt: '2026-11-17T14:00:00.000Z' });
    expect(followUps.tuesday).toMatchObject({ dueAt: '2026-11-18T16:00:00.000Z', sentAt: '2026-11-19T10:00:00.000Z' });
    expect(followUps.thursday).toMatchObject({ dueAt: '2026-11-27T16:00:00.000Z', sentAt: null });
    const onTime = CALLS.filter((k) => followUps[k].sentAt !== null && (followUps[k].sentAt as string) <= followUps[k].dueAt).map((k) => id[k]);
    const late = CALLS.map((k) => id[k]).filter((m) => !onTime.includes(m));
    // The rule pinned above; below, every surface must say what the follow-ups say, whatever the rule.
    expect(onTime).toEqual([id.friday]);

    const tasks = (await get(`/api/tasks?accountId=${id.globex}&status=open`)).items as { rule: string; dueAt: string }[];
    expect(tasks.filter((t) => t.rule === 'send_follow_up').map((t) => t.dueAt)).toEqual([followUps.thursday.dueAt]);

    const dashboard = (await get(`/api/dashboards/team?${PERIOD}`)).figures;
    expect(dashboard.followUpWithinOneBusinessDay.all).toMatchObject({ hits: onTime, misses: late });
    const drill = await get(`/api/dashboards/team/drill?figure=followUpWithinOneBusinessDay&part=hits&${PERIOD}`);
    expect(drill.items.map((i: { id: string }) => i.id)).toEqual(onTime);

    const health = await get(`/api/accounts/${id.globex}/health`);
    expect(health.current.measures.find((m: { key: string }) => m.key === 'follow_up_habit').value).toBeCloseTo(onTime.length / CALLS.length);

    const myDay = await get('/api/my-day');
    expect(myDay.followUpsOwed).toEqual([expect.objectContaining({ id: id.thursday, dueAt: followUps.thursday.dueAt, late: true })]);

    const shown = await cli(['follow-up', 'show', id.friday]);
    expect(shown.stdout).toContain(`Due: ${followUps.friday.dueAt}\nSent: ${followUps.friday.sentAt}`);
  });

  it('an engagement is complete alike in the meeting workspace and on the dashboard with its drill-down', async () => {
    const complete: string[] = [];
    for (const k of CALLS) if ((await get(`/api/meetings/${id[k]}/engagement`)).engagement.complete) complete.push(id[k]);
    expect(complete).toEqual([id.friday]);
    const incomplete = CALLS.map((k) => id[k]).filter((m) => !complete.includes(m));
    expect((await get(`/api/meetings/${id.friday}`)).state).toBe('complete');
    const dashboard = (await get(`/api/dashboards/team?${PERIOD}`)).figures;
    expect(dashboard.completeEngagements.all).toMatchObject({ hits: complete, misses: incomplete });
    const drill = await get(`/api/dashboards/team/drill?figure=completeEngagements&part=misses&${PERIOD}`);
    expect(drill.items.map((i: { id: string }) => i.id)).toEqual(incomplete);
  });

  it('the health figure reads 69.6 and yellow on the account, the book, its health, the packs, the dashboard and the CLI', async () => {
    const account = await get(`/api/accounts/${id.globex}`);
    expect(account).toMatchObject({ healthScore: 69.6, healthColour: 'yellow' });
    const book = (await get('/api/accounts?owner=me&limit=100')).items.find((a: { id: string }) => a.id === id.globex);
    expect(book).toMatchObject({ healthScore: 69.6, healthColour: 'yellow' });
    const health = await get(`/api/accounts/${id.globex}/health`);
    expect(health.current).toMatchObject({ score: 69.6, colour: 'yellow' });
    expect(health.override).toMatchObject({ score: 69.6, colour: 'yellow' });

    const mbr = await get(`/api/reviews/mbr?csm=${csm.user.id}&month=2026-12`);
    const mbrGlobex = mbr.pack.topAccounts.find((s: { accountId: string }) => s.accountId === id.globex);
    expect(mbrGlobex.healthNow).toMatchObject({ score: 69.6, colour: 'yellow' });
    expect(mbr.markdown).toContain('Health 69.6 (yellow)');
    const qbr = await get(`/api/reviews/qbr?ae=${ae.user.id}&quarter=2026-12`);
    expect(qbr.pack.accounts.find((s: { accountId: string }) => s.accountId === id.globex).healthNow).toMatchObject({ score: 69.6, colour: 'yellow' });
    expect(qbr.markdown).toContain('Health 69.6 (yellow)');

    const dashboard = (await get(`/api/dashboards/team?${PERIOD}`)).figures;
    expect(dashboard.health.byColour.yellow).toEqual([id.globex]);

    expect((await cli(['health', 'show', 'Globex'])).stdout).toMatch(/^Health yellow 69\.6 \(overridden until 2030-01-01: Renewal at risk\)/);
    expect(JSON.parse((await cli(['health', 'show', 'Globex', '--json'])).stdout).current).toMatchObject({ score: 69.6, colour: 'yellow' });
    const cliMbr = JSON.parse((await cli(['review', 'mbr', '--csm', csm.user.email, '--month', '2026-12', '--json'])).stdout);
    expect(cliMbr.topAccounts.find((s: { accountId: string }) => s.accountId === id.globex).healthNow).toMatchObject({ score: 69.6, colour: 'yellow' });
  });

  it('open tickets are the same on the account, in its health, on the next agenda and in the CLI', async () => {
    const items = await get(`/api/accounts/${id.globex}/tracker-items`);
    expect(items.tickets.map((t: { title: string }) => t.title)).toEqual(['SSO login loops']);
    const open = items.tickets.map((t: { id: string }) => t.id);

    const health = await get(`/api/accounts/${id.globex}/health`);
    expect(health.current.measures.find((m: { key: string }) => m.key === 'open_critical_tickets').value).toBe(1);

    const agenda = await get(`/api/meetings/${id.next}/agenda`);
    const onAgenda = agenda.items.filter((i: { source: { type: string } | null }) => i.source?.type === 'ticket').map((i: { source: { id: string } }) => i.source.id);
    expect(onAgenda).toEqual(open);

    const text = (await cli(['agenda', 'show', id.next, '--team', '--format', 'text'])).stdout;
    expect(text).toContain('SSO login loops');
    expect(text).not.toContain('Slow pipeline page');
    expect(text).not.toContain('Runner timeouts');
  });

  it('a decline is a decline on the account, the dashboard, the MBR and the QBR', async () => {
    expect((await get(`/api/accounts/${id.globex}/health`)).trend.direction).toBe('declining');
    const dashboard = (await get(`/api/dashboards/team?${PERIOD}`)).figures;
    expect(dashboard.health.movement.declined).toEqual([id.globex]);
    const mbr = await get(`/api/reviews/mbr?csm=${csm.user.id}&month=2026-12`);
    expect(mbr.pack.healthReview.movement.declined).toEqual([id.globex]);
    expect(mbr.markdown).toContain('Declined: Globex');
    expect(mbr.pack.topAccounts.find((s: { accountId: string }) => s.accountId === id.globex).healthLine).toBe('Health 69.6 (yellow), was 90 (green)');
    const qbr = await get(`/api/reviews/qbr?ae=${ae.user.id}&quarter=2026-12`);
    expect(qbr.pack.healthReview.movement.declined).toEqual([id.globex]);
  });

  it('ARR at risk adds up alike in the register, on the dashboard, in the forecast, the MBR, the QBR and the CLI', async () => {
    const perAccount: Record<string, number> = { [id.globex]: 550_000, [id.initech]: 100_000 };
    const total = 650_000;

    const register = (await get('/api/risks')).register;
    expect(register.arrAtRisk).toBe(total);
    const dashboard = (await get(`/api/dashboards/team?${PERIOD}`)).figures;
    expect(dashboard.arrAtRisk).toMatchObject({ total, byCsm: { [csm.user.id]: total } });

    const forecast = await get('/api/forecast');
    const renewals = [...forecast.current.renewals, ...forecast.next.renewals] as { accountId: string; arr: number; riskAdjustedArr: number; reasons: string[] }[];
    for (const r of renewals) expect(r.arr - r.riskAdjustedArr, r.accountId).toBe(perAccount[r.accountId]);
    expect(renewals.find((r) => r.accountId === id.globex)?.reasons).toContain('$550k named at risk');

    const byAccount = (summaries: { accountId: string; arrAtRisk: number }[]) => Object.fromEntries(summaries.map((s) => [s.accountId, s.arrAtRisk]));
    expect(byAccount((await get(`/api/reviews/mbr?csm=${csm.user.id}&month=2026-12`)).pack.topAccounts)).toEqual(perAccount);
    expect(byAccount((await get(`/api/reviews/qbr?ae=${ae.user.id}&quarter=2026-12`)).pack.accounts)).toEqual(perAccount);
    const cliMbr = JSON.parse((await cli(['review', 'mbr', '--csm', csm.user.email, '--month', '2026-12', '--json'])).stdout);
    expect(byAccount(cliMbr.topAccounts)).toEqual(perAccount);
  });

  it("the customer's CBR pack shows none of these internal figures", async () => {
    const cbr = await get(`/api/reviews/cbr?accountId=${id.globex}`);
    for (const secret of ['69.6', 'yellow', '$550k', 'at risk', 'Hank is interviewing']) expect(cbr.markdown).not.toContain(secret);
    expect(cbr.pack.nextSteps.map((s: { text: string }) => s.text)).toContain('Send the SSO guide');
  });
});
