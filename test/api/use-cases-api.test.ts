import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

const TEMPLATES = [
  {
    product: 'Secure',
    name: 'Dependency scanning',
    customerWording: 'Catch vulnerable dependencies before they ship',
    enablementOffer: 'a 45-minute dependency-scanning workshop with our solutions architect',
    findingMatch: 'dependency scan',
  },
  { product: 'Secure', name: 'SAST', customerWording: 'Find security bugs in your own code at merge time', enablementOffer: 'a guided SAST roll-out for one pilot team' },
  { product: 'Plan', name: 'Roadmaps', customerWording: 'Plan quarters across teams in one place', enablementOffer: 'a roadmap template session' },
];

describe.each(dialects)('use-case adoption on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;
  let templates: { id: string; name: string }[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    server.deps.setNow('2026-12-03T09:00:00.000Z');
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    viewer = await server.userWithToken('viewer');
    const saved = await server.call('PUT', '/api/settings/use-cases', { token: manager.token, body: { templates: TEMPLATES } });
    expect(saved.status).toBe(200);
    templates = saved.body.templates;
  });
  afterAll(() => server.close());

  const id = (name: string) => templates.find((t) => t.name === name)!.id;

  it('managers keep the list of use cases per product; the same use case twice is a 400 naming it, and a CSM may not edit it', async () => {
    expect(templates.map((t) => t.name)).toEqual(['Dependency scanning', 'SAST', 'Roadmaps']);
    const twice = await server.call('PUT', '/api/settings/use-cases', { token: manager.token, body: { templates: [...TEMPLATES, { ...TEMPLATES[1], name: ' sast ' }] } });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ code: 'invalid', field: 'templates.3.name' });
    const empty = await server.call('PUT', '/api/settings/use-cases', { token: manager.token, body: { templates: [{ ...TEMPLATES[0], customerWording: '' }] } });
    expect(empty.body.error.field).toBe('templates.0.customerWording');
    expect((await server.call('PUT', '/api/settings/use-cases', { token: csm.token, body: { templates: TEMPLATES } })).status).toBe(403);
    expect((await server.call('GET', '/api/settings/use-cases', { token: csm.token })).body.templates).toHaveLength(3);
    // Saved again with the ids kept, nothing moves.
    const again = await server.call('PUT', '/api/settings/use-cases', { token: manager.token, body: { templates: templates.map(({ position: _p, ...t }: { position?: number } & Record<string, unknown>) => t) } });
    expect(again.status).toBe(200);
    expect(again.body.templates.map((t: { id: string }) => t.id)).toEqual(templates.map((t) => t.id));
  });

  it('a CSM scores a use case by hand with a note; viewers only read; a bad colour names the field', async () => {
    const account = await makeAccount(server.deps, { name: 'Soylent', ownerId: csm.user.id });
    const scored = await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('SAST')}`, { token: csm.token, body: { score: 'yellow', note: 'pilot team only' } });
    expect(scored.status).toBe(200);
    expect(scored.body).toMatchObject({ name: 'SAST', score: 'yellow', source: 'hand', because: 'scored yellow by hand on 2026-12-03: pilot team only', hand: { scoredBy: csm.user.id } });
    const list = await server.call('GET', `/api/accounts/${account.id}/use-cases`, { token: viewer.token });
    expect(list.body.items.map((u: { name: string; score: string | null }) => [u.name, u.score])).toEqual([
      ['Dependency scanning', null],
      ['SAST', 'yellow'],
      ['Roadmaps', null],
    ]);
    expect((await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('SAST')}`, { token: viewer.token, body: { score: 'green' } })).status).toBe(403);
    expect((await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('SAST')}`, { token: csm.token, body: { score: 'purple' } })).body.error.field).toBe('score');
    expect((await server.call('PUT', `/api/accounts/${account.id}/use-cases/no-such-use-case`, { token: csm.token, body: { score: 'green' } })).status).toBe(404);
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(JSON.stringify(timeline.body)).toContain('Use case SAST scored yellow: pilot team only');
  });

  it('a product finding mapped to a use case scores it until someone scores it again by hand', async () => {
    const account = await makeAccount(server.deps, { name: 'Tyrell', ownerId: csm.user.id });
    await server.deps.store.db
      .insertInto('product_findings')
      .values({
        id: server.deps.newId(),
        account_id: account.id,
        delivery_id: null,
        kind: 'error',
        title: 'Dependency scan jobs failing on 12 projects',
        severity: 'high',
        detail: null,
        found_at: '2026-12-01T00:00:00.000Z',
        created_at: '2026-12-01T00:00:00.000Z',
      })
      .execute();
    let list = await server.call('GET', `/api/accounts/${account.id}/use-cases`, { token: csm.token });
    expect(list.body.items[0]).toMatchObject({ name: 'Dependency scanning', score: 'red', source: 'findings' });
    expect(list.body.items[0].because).toMatch(/red from a product finding on 2026-12-01 \(error, high\): Dependency scan jobs failing/);
    await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('Dependency scanning')}`, { token: csm.token, body: { score: 'green', note: 'fixed the runner; scans pass' } });
    list = await server.call('GET', `/api/accounts/${account.id}/use-cases`, { token: csm.token });
    expect(list.body.items[0]).toMatchObject({ score: 'green', source: 'hand' });
  });

  it('the next agenda suggests the use cases not landing, in the customer’s words with our offer; the colour stays in the CSM’s prep note and out of the share page', async () => {
    const account = await makeAccount(server.deps, { name: 'Wonka', ownerId: csm.user.id });
    await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('SAST')}`, { token: csm.token, body: { score: 'red', note: 'security team refuses the merge gate' } });
    await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('Roadmaps')}`, { token: csm.token, body: { score: 'yellow' } });
    await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('Dependency scanning')}`, { token: csm.token, body: { score: 'green' } });
    // A call already held, so the next one is not a kickoff.
    const first = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T15:00:00Z' } })).body;
    await server.deps.store.db.updateTable('meetings').set({ state: 'complete', held_at: '2026-11-20T15:30:00Z' }).where('id', '=', first.id).execute();
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-10T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
    const suggested = agenda.items.filter((i: { source: { type: string } | null }) => i.source?.type === 'use_case');
    expect(suggested.map((i: { text: string }) => i.text)).toEqual(['Find security bugs in your own code at merge time: a guided SAST roll-out for one pilot team', 'Plan quarters across teams in one place: a roadmap template session']);
    expect(suggested[0]).toMatchObject({ section: 'suggested_topics', visibility: 'shared' });
    expect(suggested[0].prepNote).toBe('Use case SAST (Secure) is red: scored red by hand on 2026-12-03: security team refuses the merge gate');

    const link = (await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} })).body;
    const view = await server.call('GET', `/api/share/${link.url.split('/share/')[1]}`);
    const text = JSON.stringify(view.body);
    expect(text).toContain('a guided SAST roll-out for one pilot team');
    expect(text).not.toMatch(/\bred\b|\byellow\b|security team refuses|Use case SAST/);
  });

  it('adoption is a health measure: red and yellow use cases take points off, explained in words', async () => {
    const account = await makeAccount(server.deps, { name: 'Cyberdyne', ownerId: csm.user.id, licencesBought: 100, licencesUsed: 90, contractStartDate: '2026-01-01', renewalDate: '2027-01-01' });
    const before = (await server.call('POST', `/api/accounts/${account.id}/health/recompute`, { token: csm.token })).body.current;
    await server.call('PUT', `/api/accounts/${account.id}/use-cases/${id('SAST')}`, { token: csm.token, body: { score: 'red', note: 'blocked' } });
    const health = (await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token })).body;
    expect(health.current.adoptionDeduction).toBe(5);
    expect(health.current.adoptionLines).toEqual(['use cases: 1 red (SAST) of 1 scored: −5']);
    expect(health.current.computedScore).toBeCloseTo(Math.max(0, before.computedScore - 5), 1);
    expect(health.explanation).toContain('Adoption: use cases: 1 red (SAST) of 1 scored: −5.');
  });
});
