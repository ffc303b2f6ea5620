import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('meetings, agendas and notes on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function globex() {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, deployment: 'self_managed', productVersion: '17.2.1' });
    const champion = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' }));
    return { account, champion };
  }

  it('scheduling a first call names it by convention, invites the team and the champion, and prepares a kickoff agenda', async () => {
    const { account } = await globex();
    const res = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Cadence / Globex CSM Call', state: 'planned', endsAt: '2026-12-01T15:30:00.000Z' });
    expect(res.body.attendees.map((a: { name: string; side: string }) => `${a.side}:${a.name}`)).toEqual([`vendor:${csm.user.name}`, 'customer:Hana Tanaka']);
    const agenda = await server.call('GET', `/api/meetings/${res.body.id}/agenda`, { token: csm.token });
    const sections = agenda.body.items.map((i: { section: string }) => i.section);
    expect(sections).toContain('kickoff');
    expect(sections.at(-1)).toBe('recap');
  });

  it("a later call's agenda follows up on every open action item, both sides", async () => {
    const { account, champion } = await globex();
    await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Send the SSO guide', side: 'vendor', owner: { userId: csm.user.id } });
    await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Upgrade the staging runner', side: 'customer', owner: { contactId: champion.id } });
    const res = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-08T15:00:00Z' } });
    const agenda = await server.call('GET', `/api/meetings/${res.body.id}/agenda`, { token: csm.token });
    const followUps = agenda.body.items.filter((i: { section: string }) => i.section === 'follow_ups').map((i: { text: string }) => i.text);
    expect(followUps.join('\n')).toContain('Send the SSO guide');
    expect(followUps.join('\n')).toContain('Upgrade the staging runner');
  });

  it('the CSM adds, moves and drops agenda items; bad edits are refused', async () => {
    const { account } = await globex();
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-02T15:00:00Z' } })).body;
    const added = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'add', text: 'Discuss the Geo rollout plan' } });
    expect(added.status).toBe(200);
    const item = added.body.items.find((i: { text: string }) => i.text === 'Discuss the Geo rollout plan');
    const moved = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'move', itemId: item.id, toIndex: 0 } });
    expect(moved.body.items[0].id).toBe(item.id);
    const empty = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'edit', itemId: item.id, text: '   ' } });
    expect(empty.status).toBe(400);
    const missing = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'drop', itemId: 'nope' } });
    expect(missing.status).toBe(404);
    const dropped = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'drop', itemId: item.id } });
    expect(dropped.body.items.some((i: { id: string }) => i.id === item.id)).toBe(false);
  });

  it('notes save safely: a repeated save is harmless, a stale one is a 409 and loses nothing', async () => {
    const { account } = await globex();
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
    const itemId = agenda.items[0].id;
    const first = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: '# Globex\n- champion happy', itemNotes: { [itemId]: 'all present' } } });
    expect(first.body).toMatchObject({ version: 1 });
    const repeat = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: '# Globex\n- champion happy', itemNotes: { [itemId]: 'all present' } } });
    expect(repeat.status).toBe(200);
    expect(repeat.body.version).toBe(1);
    const second = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 1, notes: '# Globex\n- champion happy\n- renewal early' } });
    expect(second.body.version).toBe(2);
    const stale = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 1, notes: 'typed in an old tab' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('version');
    const stored = await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token });
    expect(stored.body.notes).toBe('# Globex\n- champion happy\n- renewal early');
    const items = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body.items;
    expect(items.find((i: { id: string }) => i.id === itemId).notes).toBe('all present');
  });

  it('a CSM cannot see or schedule calls with accounts that are not theirs; bad times are refused', async () => {
    const stranger = await server.userWithToken('csm');
    const { account } = await globex();
    expect((await server.call('POST', '/api/meetings', { token: stranger.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).status).toBe(404);
    const bad = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01 3pm' } });
    expect(bad.body.error).toMatchObject({ code: 'invalid', field: 'startsAt' });
    const tz = await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z', timezone: 'Moon/Base' } });
    expect(tz.body.error.field).toBe('timezone');
    const mine = await server.call('GET', '/api/meetings', { token: stranger.token });
    expect(mine.body.items).toHaveLength(0);
  });
});
