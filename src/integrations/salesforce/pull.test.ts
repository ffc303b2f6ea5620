import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { FAST_RETRIES, failureOf, inTurn, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { accountsSoql, createSalesforcePuller } from './pull.ts';

// Each answer follows a page of https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta (named in the fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = '00D5e000000AbCd!AQ4AQFakeAccessToken';
const EXTRA = ['Renewal_Date__c', 'CS_Segment__c'];

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function salesforce(handler: Handler) {
  server = await startLocalServer(handler);
  return { server, puller: createSalesforcePuller({ instanceUrl: server.url, accessToken: TOKEN, http: FAST_RETRIES }) };
}

describe('Salesforce Accounts pulled into Cadence', () => {
  it('a first pull runs one SOQL query of every Account oldest change first and follows nextRecordsUrl', async () => {
    const { server, puller } = await salesforce((req) => ({ json: fixture(req.path.endsWith('-2000') ? 'accounts-query-page2.json' : 'accounts-query-page1.json') }));
    const first = await puller.page(null, undefined, EXTRA);
    expect(first.next).toBe('/services/data/v62.0/query/01gD0000002HU6KIAW-2000');
    expect(first.records.map((r) => [r.crmId, r.fields.Name, r.modifiedAt])).toEqual([
      ['001D000000IqhSLIAZ', 'Globex', '2026-11-30T10:00:00.000Z'],
      ['001D000000IqhSMIAZ', 'Café Müller', '2026-12-01T08:30:00.000Z'],
    ]);
    expect(first.records[0]?.fields).toMatchObject({
      Website: 'https://www.globex.example',
      'Owner.Email': 'sam.csm@cadence.demo',
      AnnualRevenue: '120000',
      Type: 'Customer - Direct',
      Renewal_Date__c: '2027-03-31',
      CS_Segment__c: 'Enterprise',
    });
    expect(first.records[1]?.fields).toMatchObject({ Website: '', 'Owner.Email': '', AnnualRevenue: '' });
    const second = await puller.page(null, first.next, EXTRA);
    expect(second).toMatchObject({ records: [{ crmId: '001D000000IqhSNIAZ', fields: { AnnualRevenue: '45000.5' } }] });
    expect(second.next).toBeUndefined();

    expect(server.requests[0]?.path).toBe('/services/data/v62.0/query');
    expect(server.requests[0]?.query.get('q')).toBe('SELECT Id, Name, Website, OwnerId, Owner.Email, AnnualRevenue, Type, SystemModstamp, Renewal_Date__c, CS_Segment__c FROM Account ORDER BY SystemModstamp ASC');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[1]?.path).toBe('/services/data/v62.0/query/01gD0000002HU6KIAW-2000');
  });

  it('an incremental pull asks only for Accounts changed after the watermark', async () => {
    const { server, puller } = await salesforce(() => ({ json: fixture('accounts-query-page2.json') }));
    await puller.page('2026-12-01T08:30:00.000Z', undefined, []);
    expect(server.requests[0]?.query.get('q')).toBe('SELECT Id, Name, Website, OwnerId, Owner.Email, AnnualRevenue, Type, SystemModstamp FROM Account WHERE SystemModstamp > 2026-12-01T08:30:00Z ORDER BY SystemModstamp ASC');
  });

  it('a mapped field that is not a field name is refused before anything is sent', () => {
    expect(() => accountsSoql(null, ["Name FROM Account WHERE Name = 'x'"])).toThrow(/is not a Salesforce field name/);
  });

  it('a 429 is waited out as Retry-After says, then the page is read', async () => {
    const { server, puller } = await salesforce(inTurn({ status: 429, headers: { 'retry-after': '0' }, json: [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] }, { json: fixture('accounts-query-page2.json') }));
    expect((await puller.page(null, undefined, [])).records).toHaveLength(1);
    expect(server.count('/services/data/v62.0/query')).toBe(2);
  });

  it('an expired session is one request and an auth failure in words, never retried', async () => {
    const { server, puller } = await salesforce(() => ({ status: 401, json: (fixture('error-401.json') as { body: unknown }).body }));
    const err = await failureOf(puller.page(null, undefined, []));
    expect(err.kind).toBe('auth');
    expect(explain(err)).toContain('Session expired or invalid');
    expect(server.count('/services/data/v62.0/query')).toBe(1);
  });
});
