import { afterEach, describe, expect, it } from 'vitest';
import { crmAccountFields } from '../crm-fields.ts';
import { explain } from '../errors.ts';
import type { CrmMeeting } from '../ports.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { createHubSpotClient, hubspotMeetingProperties, MEETING_TO_COMPANY } from './client.ts';

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
  return { server, client: createHubSpotClient({ baseUrl: server.url, accessToken: TOKEN, ownerId: '77', http: FAST_RETRIES }) };
}

const meeting: CrmMeeting = {
  idempotencyKey: 'meeting-42',
  companyId: '9001',
  title: 'Acme / Globex CSM Call',
  startedAt: '2025-02-06T09:00:00.000Z',
  endedAt: '2025-02-06T09:45:00.000Z',
  summary: 'Reviewed the rollout <phase 2>.\n\nChampion is changing teams.',
  notesUrl: 'https://cadence.example/meetings/42',
  actionItems: [{ text: 'Send SSO guide', owner: 'Dana', dueDate: '2025-02-10' }],
};

describe('HubSpot meetings on the company', () => {
  it('a held meeting becomes a completed meeting associated with the company, with summary, action items and notes link', async () => {
    const { server, client } = await hubspot((req) => (req.path.endsWith('/search') ? { json: fixture('meeting-search-empty.json') } : { status: 201, json: fixture('meeting-created.json') }));
    expect(await client.pushMeeting(meeting)).toEqual({ externalId: '512', created: true });
    const sent = JSON.parse(server.requests[1]?.body ?? '{}') as { properties: Record<string, string>; associations: unknown };
    expect(sent.associations).toEqual([{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: MEETING_TO_COMPANY }] }]);
    expect(sent.properties).toMatchObject({ hs_meeting_title: 'Acme / Globex CSM Call', hs_meeting_outcome: 'COMPLETED', hs_meeting_end_time: '2025-02-06T09:45:00.000Z', hubspot_owner_id: '77' });
    expect(sent.properties.hs_meeting_body).toBe(
      '<p>Reviewed the rollout &lt;phase 2&gt;.</p><p>Champion is changing teams.</p><p><strong>Action items</strong></p><ul><li>Send SSO guide (Dana, due 2025-02-10)</li></ul><p><a href="https://cadence.example/meetings/42">Meeting notes in Cadence</a></p>',
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('pushing the same meeting again finds it by its notes link and creates nothing', async () => {
    const { server, client } = await hubspot(() => ({ json: fixture('meeting-search-hit.json') }));
    expect(await client.pushMeeting(meeting)).toEqual({ externalId: '512', created: false });
    expect(server.requests.map((r) => r.path)).toEqual(['/crm/v3/objects/meetings/search']);
  });

  it('a meeting pushed before is updated in place', async () => {
    const { server, client } = await hubspot(() => ({ json: fixture('meeting-created.json') }));
    expect(await client.pushMeeting({ ...meeting, existingId: '512' })).toEqual({ externalId: '512', created: false });
    expect([server.requests[0]?.method, server.requests[0]?.path]).toEqual(['PATCH', '/crm/v3/objects/meetings/512']);
  });

  it('a meeting without an end is shown as half an hour', () => {
    expect(hubspotMeetingProperties({ ...meeting, endedAt: undefined }).hs_meeting_end_time).toBe('2025-02-06T09:30:00.000Z');
  });

  it('health and open risks go into the configured company properties', async () => {
    const { server, client } = await hubspot(() => ({ json: { id: '9001', properties: {} } }));
    await client.updateAccountFields('9001', crmAccountFields({ healthColour: 'cadence_health', openRisks: 'cadence_risks' }, { healthColour: 'red', healthScore: 41, openRisks: ['champion leaving', 'budget'] }));
    expect([server.requests[0]?.method, server.requests[0]?.path]).toEqual(['PATCH', '/crm/v3/objects/companies/9001']);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ properties: { cadence_health: 'red', cadence_risks: 'champion leaving; budget' } });
  });

  it('a token without the companies scope is explained with the scope it needs', async () => {
    const { client } = await hubspot(() => ({ status: 403, json: fixture('error-403-scopes.json') }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('missing a scope or permission');
    expect(words).toContain('crm.objects.companies.read');
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: '/crm/v3/objects/companies',
      ok: { json: fixture('companies.json') },
      call: (url, o) => createHubSpotClient({ baseUrl: url, accessToken: TOKEN, http: { ...FAST_RETRIES, ...o } }).testConnection(),
    });
  });
});
