import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('meeting notes: the account document and full-text search on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(async () => server.close());

  async function heldCall(token: string, accountId: string, startsAt: string, notes: string) {
    const meeting = (await server.call('POST', '/api/meetings', { token, body: { accountId, startsAt } })).body;
    await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token, body: { notes: { version: 0, notes }, summary: 'Weekly sync' } });
    return meeting;
  }

  it('finds notes by words, only in accounts the reader may see', async () => {
    const sam = await server.userWithToken('csm');
    const priya = await server.userWithToken('csm');
    const viewer = await server.userWithToken('viewer');
    const globex = await makeAccount(server.deps, { name: 'Globex', ownerId: sam.user.id });
    const initech = await makeAccount(server.deps, { name: 'Initech', ownerId: priya.user.id });
    await heldCall(sam.token, globex.id, '2026-11-10T15:00:00Z', 'They are evaluating a consolidation onto a competitor platform.');
    await heldCall(priya.token, initech.id, '2026-11-11T15:00:00Z', 'Consolidation of their CI tooling is planned for Q2.');

    const mine = await server.call('GET', '/api/notes/search?q=consolidation', { token: sam.token });
    expect(mine.body.items.map((h: { accountName: string }) => h.accountName)).toEqual(['Globex']);
    expect(mine.body.items[0].snippet).toMatch(/«consolidation»/i);
    const all = await server.call('GET', '/api/notes/search?q=consolidat', { token: viewer.token });
    expect(all.body.items.map((h: { accountName: string }) => h.accountName).sort()).toEqual(['Globex', 'Initech']);
    const none = await server.call('GET', `/api/notes/search?q=${encodeURIComponent('"; drop table meetings; --')}`, { token: viewer.token });
    expect(none.status).toBe(200);
    expect(none.body.items).toEqual([]);
    expect((await server.call('GET', '/api/notes/search?q=', { token: viewer.token })).status).toBe(400);
  });

  it('the account notes document lists held calls newest first under its conventional name', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { name: 'Umbrella Health', ownerId: csm.user.id });
    await heldCall(csm.token, account.id, '2026-10-01T15:00:00Z', 'First call: kickoff done.');
    await heldCall(csm.token, account.id, '2026-11-01T15:00:00Z', 'Second call: rollout at 40%.');
    const doc = await server.call('GET', `/api/accounts/${account.id}/notes-document?format=json`, { token: csm.token });
    expect(doc.body.title).toBe('Umbrella Health - Meeting Notes');
    expect(doc.body.path).toBe('Customers/U/Umbrella Health/Umbrella Health - Meeting Notes.md');
    const md: string = doc.body.markdown;
    expect(md.indexOf('Second call')).toBeGreaterThan(-1);
    expect(md.indexOf('Second call')).toBeLessThan(md.indexOf('First call'));
  });

  it("names where a namesake's notes go apart from the older account's, as the export writes them", async () => {
    const csm = await server.userWithToken('csm');
    const older = await makeAccount(server.deps, { name: 'Stark Industries', ownerId: csm.user.id });
    server.deps.setNow('2026-11-20T11:00:00.000Z');
    const namesake = await makeAccount(server.deps, { name: 'STARK INDUSTRIES', ownerId: csm.user.id });
    const pathOf = async (id: string) => (await server.call('GET', `/api/accounts/${id}/notes-document?format=json`, { token: csm.token })).body.path;
    expect(await pathOf(older.id)).toBe('Customers/S/Stark Industries/Stark Industries - Meeting Notes.md');
    const tag = namesake.id.replace(/-/g, '').slice(-8);
    expect(await pathOf(namesake.id)).toBe(`Customers/S/STARK INDUSTRIES (${tag})/STARK INDUSTRIES (${tag}) - Meeting Notes.md`);
  });
});
