import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import type { CrmMeeting } from '../ports.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { createSalesforceClient, type SalesforceConfig } from './client.ts';

// Each answer follows a page of the REST API Developer Guide (named in the fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const TOKEN = '00D5e000000s3cret!token';
const data = '/services/data/v62.0';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function salesforce(handler: Handler, extra: Partial<SalesforceConfig> = {}) {
  server = await startLocalServer(handler);
  return { server, client: createSalesforceClient({ instanceUrl: server.url, accessToken: TOKEN, http: FAST_RETRIES, ...extra }) };
}

const meeting: CrmMeeting = {
  idempotencyKey: 'meeting-42',
  companyId: '0015e00000Globex',
  title: "Acme / O'Brien Ltd CSM Call",
  startedAt: '2025-02-06T09:00:00.000Z',
  summary: 'Reviewed the rollout.',
  notesUrl: 'https://cadence.example/meetings/42',
  actionItems: [{ text: 'Send SSO guide', owner: 'Dana' }],
};

describe('Salesforce activities on the account', () => {
  it('a held meeting becomes an Event on the Account with summary, action items and notes link', async () => {
    const { server, client } = await salesforce((req) => (req.method === 'POST' ? { status: 201, json: fixture('sobject-created.json') } : { json: fixture('query-empty.json') }));
    expect(await client.pushMeeting(meeting)).toEqual({ externalId: '00U5e00000AbCdEEAZ', created: true });
    expect(server.requests[0]?.query.get('q')).toBe("SELECT Id FROM Event WHERE WhatId = '0015e00000Globex' AND StartDateTime = 2025-02-06T09:00:00.000Z AND Subject = 'Acme / O\\'Brien Ltd CSM Call' LIMIT 1");
    const post = server.requests[1];
    expect(post?.path).toBe(`${data}/sobjects/Event`);
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      Subject: "Acme / O'Brien Ltd CSM Call",
      WhatId: '0015e00000Globex',
      StartDateTime: '2025-02-06T09:00:00.000Z',
      EndDateTime: '2025-02-06T09:30:00.000Z',
      Description: 'Reviewed the rollout.\n\nAction items:\n- Send SSO guide (Dana)\n\nNotes: https://cadence.example/meetings/42',
    });
  });

  it('pushing the same meeting again finds the Event and creates nothing', async () => {
    const { server, client } = await salesforce(() => ({ json: fixture('query-hit.json') }));
    expect(await client.pushMeeting(meeting)).toEqual({ externalId: '00U5e00000AbCdEEAZ', created: false });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('with an external id field the push is an upsert on the meeting key', async () => {
    const { server, client } = await salesforce(() => ({ status: 201, json: fixture('upsert-created.json') }), { externalIdField: 'Cadence_Key__c', activity: 'Task' });
    expect(await client.pushMeeting(meeting)).toEqual({ externalId: '00U5e00000XyZaBEAZ', created: true });
    expect([server.requests[0]?.method, server.requests[0]?.path]).toEqual(['PATCH', `${data}/sobjects/Task/Cadence_Key__c/meeting-42`]);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ Status: 'Completed', ActivityDate: '2025-02-06' });
  });

  it('health goes into the configured Account fields', async () => {
    const { server, client } = await salesforce(() => ({ status: 204 }));
    await client.updateAccountFields('0015e00000Globex', { Cadence_Health__c: 'red' });
    expect([server.requests[0]?.method, server.requests[0]?.path, server.requests[0]?.body]).toEqual(['PATCH', `${data}/sobjects/Account/0015e00000Globex`, '{"Cadence_Health__c":"red"}']);
  });

  it('an expired session is explained as refused credentials with Salesforce own code', async () => {
    const { client } = await salesforce(() => ({ status: 401, json: fixture('error-401.json').body }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('Salesforce refused the credentials');
    expect(words).toContain('INVALID_SESSION_ID: Session expired or invalid');
  });

  it('a user who cannot edit Accounts is told so', async () => {
    const { client } = await salesforce((req) => ({ json: req.path.includes('/Account/') ? { ...fixture('describe.json'), name: 'Account', updateable: false } : fixture('describe.json') }));
    expect(explain(await failureOf(client.testConnection()))).toContain('cannot edit Accounts');
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: `${data}/sobjects/Event/describe`,
      ok: { json: fixture('describe.json') },
      unauthorized: { status: 401, json: fixture('error-401.json').body },
      call: (url, o) => createSalesforceClient({ instanceUrl: url, accessToken: TOKEN, http: { ...FAST_RETRIES, ...o } }).testConnection(),
    });
  });
});
