import { readFileSync } from 'node:fs';
import { encryptSecret } from '../../src/integrations/secrets.ts';
import { secretContext } from '../../src/services/calendar-sync/provider.ts';
import { insertCalendarConnection, upsertUnmatchedEvent } from '../../src/store/calendar-sync.repo.ts';
import { insertTaskOnce } from '../../src/store/tasks.repo.ts';
import type { DialectName } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import type { Caller, Ids } from './authz-matrix.ts';

// Each team's records carry its marker, so any answer can be searched for the other team's data.
export const ALPHA = 'ZQALPHA';
export const BRAVO = 'ZQBRAVO';
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');

export type World = Awaited<ReturnType<typeof seedWorld>>;

/**
 * The security suites' world on a fresh server: two teams (a manager, CSMs, an account each with a
 * contact, meetings with notes, a risk, an action item, an objective, share links, calendar feeds),
 * a viewer and an admin, each with an API token; `fresh` makes records a caller acts on alone.
 */
export async function seedWorld(dialect: DialectName) {
  const smtp = await startSmtpServer();
  const zendesk: FakeZendesk = await startFakeZendesk();
  const server: TestServer = await startTestServer(dialect, [], { smtpUrl: smtp.url, loginRateLimit: 10_000, baseUrl: 'https://cadence.acme.example' });
  const tokens: Partial<Record<Caller, string>> = {};
  const ids: Ids = {};
  let seq = 0;

  const as = async (caller: Caller | 'admin', method: string, path: string, options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => server.call(method, path, { ...options, token: tokens[caller] });
  const ok = async (caller: Caller, method: string, path: string, body?: unknown) => {
    const answer = await as(caller, method, path, body === undefined ? {} : { body });
    if (answer.status >= 400) throw new Error(`seeding ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  /** One team: its account with a contact, a meeting with notes, a risk, an action item, an objective. */
  async function seedTeam(marker: string, ownerId: string, team: { userId: string; role: string }[], externalId: string) {
    const account = await makeAccount(server.deps, { name: `Globex ${marker}`, ownerId, team, externalId, arr: 480000, renewalDate: '2027-02-01', licencesBought: 500, licencesUsed: 120 });
    const contact = await ok('admin', 'POST', '/api/contacts', { accountId: account.id, name: `Hana ${marker}`, email: `hana-${marker.toLowerCase()}@globex.example`, role: 'champion' });
    const meeting = await ok('admin', 'POST', '/api/meetings', { accountId: account.id, startsAt: '2026-12-01T15:00:00Z', attendeeUserIds: [ownerId] });
    await ok('admin', 'PUT', `/api/meetings/${meeting.id}/notes`, { version: 0, notes: `pricing pressure ${marker}` });
    const risk = await ok('admin', 'POST', '/api/risks', { accountId: account.id, type: 'champion_leaving', severity: 'high', evidence: `interviewing elsewhere ${marker}`, arrAtRisk: 480000 });
    const actionItem = await ok('admin', 'POST', '/api/action-items', { accountId: account.id, text: `Send the guide ${marker}`, side: 'vendor', owner: { userId: ownerId } });
    const objective = await ok('admin', 'POST', `/api/accounts/${account.id}/objectives`, { title: `Adopt runners ${marker}`, customerVisible: true });
    // The customer's own item, for the share page's "mark done" (the vendor's item above stays internal there).
    const customerActionItem = await ok('admin', 'POST', '/api/action-items', { accountId: account.id, text: `Upload the diagram ${marker}`, side: 'customer', owner: { contactId: contact.id } });
    return { account, contact, meeting, risk, actionItem, objective, customerActionItem };
  }

  async function heldMeeting(accountId: string): Promise<string> {
    const meeting = await ok('admin', 'POST', '/api/meetings', { accountId, startsAt: '2026-11-19T15:00:00Z' });
    await ok('admin', 'POST', `/api/meetings/${meeting.id}/wrap-up`, { summary: 'Agreed the upgrade', requests: [{ kind: 'feature_request', title: 'Audit log export to S3', priority: 'high' }] });
    return meeting.id;
  }

  /** A calendar connection stored as the connect route stores it (no CalDAV server here: it points at the fake Zendesk, so a sync fails in words). */
  async function calendarConnectionOf(userId: string): Promise<string> {
    const id = server.deps.newId();
    const at = server.deps.now().toISOString();
    const url = `${zendesk.url}/dav/${id}/`;
    const secret = encryptSecret('dav-password', server.deps.config.secret, secretContext(id));
    await insertCalendarConnection(server.deps.store.db, {
      id,
      userId,
      provider: 'caldav',
      url,
      username: 'sam',
      secret,
      calendars: [],
      writeCalendarUrl: null,
      status: 'new',
      intervalMinutes: 15,
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextSyncAt: null,
      lastError: null,
      lastCounts: null,
      createdAt: at,
      updatedAt: at,
    });
    return id;
  }

  async function unmatchedEventOf(userId: string, connectionId: string): Promise<string> {
    const id = server.deps.newId();
    const at = server.deps.now().toISOString();
    await upsertUnmatchedEvent(server.deps.store.db, {
      id,
      userId,
      connectionId,
      uid: `event-${id}@calendar.example`,
      title: 'Intro call',
      startsAt: '2026-12-10T15:00:00Z',
      attendees: ['alice@umbrella.example'],
      candidates: [],
      createdAt: at,
      updatedAt: at,
    });
    return id;
  }

  /** Records a caller acts on alone (see RouteCase.fresh), made by an admin on team A's account. */
  const FRESH: Record<string, () => Promise<Ids>> = {
    account: async () => ({ freshAccount: (await makeAccount(server.deps, { name: `Spare ${ALPHA}`, ownerId: ids.csmOwnerId, team: [{ userId: ids.csmTeamId!, role: 'ae' }] })).id }),
    // A team-A account handed from its owner to the CSM on its team (issue #19).
    handoff: async () => {
      const { freshAccount } = await FRESH.account!();
      return { freshHandoff: (await ok('admin', 'POST', '/api/handoffs', { accountIds: [freshAccount], toUserId: ids.csmTeamId })).handoffs[0].id };
    },
    archivedAccount: async () => {
      const { freshAccount } = await FRESH.account!();
      await ok('admin', 'POST', `/api/accounts/${freshAccount}/archive`);
      return { freshAccount: freshAccount! };
    },
    contact: async () => ({ freshContact: (await ok('admin', 'POST', '/api/contacts', { accountId: ids.account, name: `Omar ${ALPHA}` })).id }),
    token: async () => ({ freshToken: (await ok('csmOwner', 'POST', '/api/tokens', { name: 'spare' })).id }),
    meeting: async () => ({ freshMeeting: (await ok('admin', 'POST', '/api/meetings', { accountId: ids.account, startsAt: '2026-11-19T15:00:00Z', attendeeUserIds: [ids.csmOwnerId] })).id }),
    futureMeeting: async () => ({ freshFuture: (await ok('admin', 'POST', '/api/meetings', { accountId: ids.account, startsAt: '2026-12-10T15:00:00Z', attendeeUserIds: [ids.csmOwnerId] })).id }),
    healthOverride: async () => {
      const { freshAccount } = await FRESH.account!();
      await ok('admin', 'POST', `/api/accounts/${freshAccount}/health/override`, { colour: 'red', reason: 'exec sponsor left', expiresAt: '2026-12-20T00:00:00Z' });
      return { freshAccount: freshAccount! };
    },
    user: async () => ({ freshUser: (await ok('admin', 'POST', '/api/users', { email: `leaver-${++seq}@example.com`, name: 'Leaver', role: 'csm' })).id }),
    deactivatedUser: async () => {
      const { freshUser } = await FRESH.user!();
      await ok('admin', 'POST', `/api/users/${freshUser}/deactivate`);
      return { freshUser: freshUser! };
    },
    session: async () => {
      await ok('unauthenticated', 'POST', '/api/session', { email: ids.csmOwnerEmail, password: ids.password });
      const sessions = await ok('admin', 'GET', `/api/users/${ids.csmOwnerId}/sessions`);
      return { freshSession: sessions.items.at(-1).id };
    },
    heldMeeting: async () => ({ freshHeld: await heldMeeting(ids.account!) }),
    shareLink: async () => ({ freshLink: (await ok('admin', 'POST', `/api/meetings/${ids.meeting}/share-links`, {})).id }),
    feed: async () => ({ freshFeed: String((await ok('csmOwner', 'POST', '/api/calendar-feed')).url).split('/calendar/')[1]! }),
    suggestion: async () => {
      const { freshMeeting } = await FRESH.meeting!();
      const sent = await as('admin', 'POST', `/api/meetings/${freshMeeting}/transcript`, { raw: CALL, headers: { 'content-type': 'text/plain' } });
      return { freshSuggestion: sent.body.suggestions[0].id };
    },
    attachment: async () => {
      const sent = await as('admin', 'POST', `/api/attachments?meetingId=${ids.meeting}&fileName=prep.txt&forCustomer=true`, { raw: 'Advance material for the call', headers: { 'content-type': 'text/plain' } });
      return { freshAttachment: sent.body.id };
    },
    risk: async () => ({ freshRisk: (await ok('admin', 'POST', '/api/risks', { accountId: ids.account, type: 'tool_consolidation', severity: 'low', evidence: 'a second tool' })).id }),
    objective: async () => ({ freshObjective: (await ok('admin', 'POST', `/api/accounts/${ids.account}/objectives`, { title: 'Spare objective' })).id }),
    integration: async () => ({ freshIntegration: (await ok('admin', 'POST', '/api/integrations', { name: `spare-${++seq}`, kind: 'zendesk', settings: JSON.parse(ids.zendeskSettings!) })).id }),
    calendarConnection: async () => ({ freshCalendarConnection: await calendarConnectionOf(ids.csmOwnerId!) }),
    unmatchedEvent: async () => ({ freshUnmatched: await unmatchedEventOf(ids.csmOwnerId!, ids.calendarConnection!) }),
    savedView: async () => ({ freshView: (await ok('csmOwner', 'POST', '/api/saved-views', { name: `Team renewals ${ALPHA}`, columns: ['name', 'renewal'], filters: { stage: ['renewal'] }, shared: 'team' })).id }),
  };

  const world = { server, smtp, zendesk, tokens, ids, fresh: FRESH, as, ok, nextSeq: () => ++seq };
  {
    const admin = await server.userWithToken('admin');
    const managerOfTeam = await server.userWithToken('manager');
    const otherManager = await server.userWithToken('manager');
    const csmOwner = await server.userWithToken('csm', { managerId: managerOfTeam.user.id });
    const csmTeam = await server.userWithToken('csm', { managerId: managerOfTeam.user.id });
    const csmOutside = await server.userWithToken('csm', { managerId: otherManager.user.id });
    const viewer = await server.userWithToken('viewer');
    Object.assign(tokens, { admin: admin.token, managerOfTeam: managerOfTeam.token, otherManager: otherManager.token, csmOwner: csmOwner.token, csmTeam: csmTeam.token, csmOutside: csmOutside.token, viewer: viewer.token });
    Object.assign(ids, { csmOwnerId: csmOwner.user.id, csmTeamId: csmTeam.user.id, adminEmail: admin.user.email, csmOwnerEmail: csmOwner.user.email, password: admin.password });

    const zendeskSettings = { baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: 'good-token', map: { featureRequestLabels: ['feature_request'] }, http: { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 2 } };
    ids.zendeskSettings = JSON.stringify(zendeskSettings);
    await ok('admin', 'POST', '/api/integrations', { name: 'support', kind: 'zendesk', settings: zendeskSettings });
    // A CRM to pull accounts from (the fake answers no CRM path: a pull reports the vendor's failure in words).
    await ok('admin', 'POST', '/api/integrations', { name: 'crm-source', kind: 'hubspot', settings: { baseUrl: zendesk.url, accessToken: 'good-token', http: { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 2 } } });

    const alpha = await seedTeam(ALPHA, csmOwner.user.id, [{ userId: csmTeam.user.id, role: 'ae' }], 'ALPHA-1');
    const bravo = await seedTeam(BRAVO, csmOutside.user.id, [], 'BRAVO-1');
    Object.assign(ids, {
      account: alpha.account.id,
      contact: alpha.contact.id,
      meeting: alpha.meeting.id,
      risk: alpha.risk.id,
      actionItem: alpha.actionItem.id,
      objective: alpha.objective.id,
      customerActionItem: alpha.customerActionItem.id,
    });

    ids.heldMeeting = await heldMeeting(alpha.account.id);
    await heldMeeting(bravo.account.id);
    const engagement = await ok('admin', 'GET', `/api/meetings/${ids.heldMeeting}/engagement`);
    ids.request = engagement.requests[0].id;
    ids.featureRequest = engagement.requests[0].id;
    ids.shareToken = String((await ok('admin', 'POST', `/api/meetings/${alpha.meeting.id}/share-links`, {})).url).split('/share/')[1]!;
    await ok('admin', 'POST', `/api/meetings/${bravo.meeting.id}/share-links`, {});
    ids.useCaseTemplate = (
      await ok('admin', 'PUT', '/api/settings/use-cases', { templates: [{ product: 'Secure', name: 'SAST', customerWording: 'Find security bugs at merge time', enablementOffer: 'a guided SAST roll-out' }] })
    ).templates[0].id;
    ids.transcriptMeeting = (await FRESH.meeting!()).freshMeeting!;
    await as('admin', 'POST', `/api/meetings/${ids.transcriptMeeting}/transcript`, { raw: CALL, headers: { 'content-type': 'text/plain' } });

    const taskId = server.deps.newId();
    await insertTaskOnce(server.deps.store.db, {
      id: taskId,
      key: `matrix:${taskId}`,
      rule: 'send_agenda',
      accountId: alpha.account.id,
      assigneeId: csmOwner.user.id,
      title: `Send the agenda ${ALPHA}`,
      dueAt: '2026-11-20T10:00:00.000Z',
      cause: null,
      createdAt: '2026-11-19T10:00:00.000Z',
    });
    ids.task = taskId;

    const pairing = await ok('admin', 'POST', '/api/shadowing', { newCsmId: csmTeam.user.id, seniorCsmId: csmOwner.user.id, startsOn: '2026-11-16', endsOn: '2026-12-31' });
    ids.pairing = pairing.id;
    ids.shadowSession = (await ok('admin', 'POST', `/api/shadowing/${pairing.id}/sessions`, { activity: 'cadence_call', meetingId: alpha.meeting.id })).sessions.at(-1).id;

    const topics = await ok('admin', 'GET', '/api/settings/agenda-topics');
    ids.topics = JSON.stringify(topics.topics.map(({ id, text, deployments, segments, active }: Record<string, unknown>) => ({ id, text, deployments, segments, active })));
    ids.scorecard = JSON.stringify((await ok('admin', 'GET', '/api/settings/scorecards')).builtIn);
    // Calendar feeds for both teams, so a feed could show the other team's calls.
    await ok('csmOutside', 'POST', '/api/calendar-feed');
    // Team A's CSM has a calendar connection with an event no account matched.
    ids.calendarDavUrl = `${zendesk.url}/dav/`;
    ids.calendarConnection = await calendarConnectionOf(csmOwner.user.id);
    ids.unmatchedEvent = await unmatchedEventOf(csmOwner.user.id, ids.calendarConnection);
    tokens.share = ids.shareToken;
  }
  return world;
}

/** Stops the world's server (which fails on any answer the OpenAPI document does not describe) and its fakes. */
export async function closeWorld(world: World | undefined): Promise<void> {
  if (!world) return;
  try {
    await world.server.close();
  } finally {
    await world.zendesk.close();
    await world.smtp.close();
  }
}
