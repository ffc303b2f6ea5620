import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { FAST_RETRIES, failureOf, inTurn, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { createHubSpotPuller } from './pull.ts';

// Each answer follows a page of https://developers.hubspot.com/docs/api-reference (named in the fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = 'pat-na1-s3cret-token';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function hubspot(handler: Handler) {
  server = await startLocalServer(handler);
  return { server, puller: createHubSpotPuller({ baseUrl: server.url, accessToken: TOKEN, http: FAST_RETRIES }) };
}

type SearchBody = { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; sorts: unknown; properties: string[]; after?: string };
const bodyOf = (s: LocalServer, i: number) => JSON.parse(s.requests[i]?.body ?? '{}') as SearchBody;

describe('HubSpot companies pulled into Cadence', () => {
  it('a first pull reads every company oldest change first, page by page, with the mapped custom properties', async () => {
    const { server, puller } = await hubspot((req) => ({ json: fixture((JSON.parse(req.body) as SearchBody).after === '2' ? 'companies-search-page2.json' : 'companies-search-page1.json') }));
    const first = await puller.page(null, undefined, ['renewal_date', 'cs_segment']);
    expect(first.next).toBe('2');
    expect(first.records.map((r) => [r.crmId, r.fields.name, r.modifiedAt])).toEqual([
      ['9001', 'Globex', '2026-11-30T10:00:00.000Z'],
      ['9002', 'Café Müller', '2026-12-01T08:30:00.000Z'],
    ]);
    expect(first.records[0]?.fields).toMatchObject({ domain: 'globex.example', hubspot_owner_id: '77', annualrevenue: '120000', lifecyclestage: 'customer', renewal_date: '2027-03-31', cs_segment: 'Enterprise' });
    expect(first.records[1]?.fields).toMatchObject({ hubspot_owner_id: '', annualrevenue: '', renewal_date: '' });
    const second = await puller.page(null, first.next, ['renewal_date', 'cs_segment']);
    expect(second.next).toBeUndefined();
    expect(second.records.map((r) => r.fields.name)).toEqual(['Initech']);

    expect([server.requests[0]?.method, server.requests[0]?.path]).toEqual(['POST', '/crm/v3/objects/companies/search']);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const sent = bodyOf(server, 0);
    expect(sent.filterGroups).toEqual([]);
    expect(sent.sorts).toEqual([{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }]);
    expect(sent.properties).toEqual(expect.arrayContaining(['name', 'domain', 'hubspot_owner_id', 'annualrevenue', 'lifecyclestage', 'renewal_date', 'cs_segment']));
    expect(bodyOf(server, 1).after).toBe('2');
  });

  it('an incremental pull asks only for companies changed after the watermark (milliseconds, GT)', async () => {
    const { server, puller } = await hubspot(() => ({ json: fixture('companies-search-page2.json') }));
    await puller.page('2026-12-01T08:30:00.000Z', undefined, []);
    expect(bodyOf(server, 0).filterGroups).toEqual([{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(Date.parse('2026-12-01T08:30:00.000Z')) }] }]);
  });

  it('a 429 is waited out for as long as Retry-After says, then the page is read', async () => {
    const { server, puller } = await hubspot(
      inTurn({ status: 429, headers: { 'retry-after': '0' }, json: { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' } }, { json: fixture('companies-search-page2.json') }),
    );
    const page = await puller.page(null, undefined, []);
    expect(page.records).toHaveLength(1);
    expect(server.count('/crm/v3/objects/companies/search')).toBe(2);
  });

  it('an expired token is one request and an auth failure in words, never retried', async () => {
    const { server, puller } = await hubspot(() => ({ status: 401, json: fixture('error-401-expired.json') }));
    const err = await failureOf(puller.page(null, undefined, []));
    expect(err.kind).toBe('auth');
    expect(explain(err)).toContain('expired');
    expect(explain(err)).not.toContain(TOKEN);
    expect(server.count('/crm/v3/objects/companies/search')).toBe(1);
  });

  it('a company without a readable last-modified time is an unreadable answer, not a crash', async () => {
    const { puller } = await hubspot(() => ({ json: { results: [{ id: '1', properties: { name: 'X', hs_lastmodifieddate: 'soon' } }] } }));
    expect((await failureOf(puller.page(null, undefined, []))).kind).toBe('invalid_response');
  });

  it("owners are read with their emails (lower-cased) so a company's owner maps to a Cadence user; queues without one are left out", async () => {
    const { server, puller } = await hubspot(() => ({ json: fixture('owners.json') }));
    expect(await puller.owners()).toEqual([
      { id: '77', email: 'sam.csm@cadence.demo' },
      { id: '78', email: 'maria.manager@cadence.demo' },
    ]);
    expect(server.requests[0]?.path).toBe('/crm/v3/owners');
  });
});
