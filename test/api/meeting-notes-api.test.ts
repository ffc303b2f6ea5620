import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('saving call notes on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function plannedCall() {
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-03T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
    return { meeting, agenda };
  }

  it('notes typed on an agenda item a colleague dropped meanwhile are kept in the free notes, not refused', async () => {
    const { meeting, agenda } = await plannedCall();
    const item = agenda.items[0];
    expect((await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'drop', itemId: item.id } })).status).toBe(200);
    const saved = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: 'Intro', itemNotes: { [item.id]: 'Runner sizing agreed' } } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, notes: 'Intro\n\nNotes on a removed agenda item:\n\nRunner sizing agreed' });
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.notes).toContain('Runner sizing agreed');
  });

  it('notes saved at wrap-up follow the same rules: a stale version is refused and nothing is written', async () => {
    const { meeting, agenda } = await plannedCall();
    const itemId = agenda.items[1].id;
    expect((await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: 'First' } })).body.version).toBe(1);
    // Wrapped up once the call has started (it cannot be before).
    server.deps.setNow('2026-12-03T15:40:00Z');
    const stale = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { notes: { version: 0, notes: 'Old tab' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('notes.version');
    const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { notes: { version: 1, notes: 'Final', itemNotes: { [itemId]: 'All present' } } } });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.meeting).toMatchObject({ notes: 'Final', notesVersion: 2 });
    const items = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body.items;
    expect(items.find((i: { id: string }) => i.id === itemId).notes).toBe('All present');
  });
});
