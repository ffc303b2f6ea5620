import { z } from 'zod';
import { meetingHtml } from '../crm-fields.ts';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import { createOnce } from '../idempotency.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CrmClient, CrmMeeting } from '../ports.ts';

export interface HubSpotConfig {
  /** Default https://api.hubapi.com */
  baseUrl?: string;
  /** A private app access token with crm.objects.companies.read/write and meetings scopes. */
  accessToken: string;
  /** HubSpot owner id to assign meetings to. */
  ownerId?: string;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

/** HubSpot-defined association type "meeting to company". */
export const MEETING_TO_COMPANY = 188;

const ObjectSchema = z.object({ id: z.string() });
const SearchSchema = z.object({ total: z.number(), results: z.array(ObjectSchema) });

/** The meeting's properties per https://developers.hubspot.com/docs/api-reference/crm-meetings-v3/guide. Pure. */
export function hubspotMeetingProperties(m: CrmMeeting, ownerId?: string): Record<string, string> {
  const end = m.endedAt ?? new Date(Date.parse(m.startedAt) + 30 * 60_000).toISOString();
  return {
    hs_timestamp: m.startedAt,
    hs_meeting_title: m.title,
    hs_meeting_body: meetingHtml(m),
    hs_meeting_external_url: m.notesUrl,
    hs_meeting_start_time: m.startedAt,
    hs_meeting_end_time: end,
    hs_meeting_outcome: 'COMPLETED',
    ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
  };
}

/** HubSpot CRM v3: meetings on companies, company properties. */
export function createHubSpotClient(config: HubSpotConfig): CrmClient {
  const http = createHttpClient({
    vendor: 'hubspot',
    baseUrl: config.baseUrl ?? 'https://api.hubapi.com',
    auth: () => ({ authorization: `Bearer ${config.accessToken}` }),
    secrets: [config.accessToken],
    ...config.http,
  });

  async function pushMeeting(meeting: CrmMeeting) {
    const properties = hubspotMeetingProperties(meeting, config.ownerId);
    if (meeting.existingId) {
      // https://developers.hubspot.com/docs/api-reference/crm-meetings-v3/basic/patch-crm-v3-objects-meetings-meetingId
      await http.request({ method: 'PATCH', path: `/crm/v3/objects/meetings/${encodeURIComponent(meeting.existingId)}`, idempotent: true, json: { properties } });
      return { externalId: meeting.existingId, created: false };
    }
    const { externalId, created } = await createOnce({
      // The notes link is unique per meeting; search is eventually consistent (seconds).
      find: async () => {
        const res = await http.request({
          method: 'POST',
          path: '/crm/v3/objects/meetings/search',
          idempotent: true,
          json: { filterGroups: [{ filters: [{ propertyName: 'hs_meeting_external_url', operator: 'EQ', value: meeting.notesUrl }] }], properties: ['hs_meeting_title'], limit: 1 },
        });
        const hit = parseVendor(SearchSchema, res.data, 'hubspot', 'meeting search').results[0];
        return hit ? { externalId: hit.id } : undefined;
      },
      create: async () => {
        // https://developers.hubspot.com/docs/api-reference/crm-meetings-v3/basic/post-crm-v3-objects-meetings
        const res = await http.request({
          method: 'POST',
          path: '/crm/v3/objects/meetings',
          json: { properties, associations: [{ to: { id: meeting.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: MEETING_TO_COMPANY }] }] },
        });
        return { externalId: parseVendor(ObjectSchema, res.data, 'hubspot', 'created meeting').id };
      },
    });
    return { externalId, created };
  }

  async function updateAccountFields(companyId: string, fields: Record<string, string | number | boolean | null>) {
    const properties = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === null ? '' : String(v)]));
    // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/patch-crm-v3-objects-companies-companyId
    await http.request({ method: 'PATCH', path: `/crm/v3/objects/companies/${encodeURIComponent(companyId)}`, idempotent: true, json: { properties } });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/get-crm-v3-objects-companies
    const res = await http.request({ path: '/crm/v3/objects/companies', query: { limit: 1 } });
    parseVendor(z.object({ results: z.array(ObjectSchema) }), res.data, 'hubspot', 'companies');
    return { ok: true, detail: 'HubSpot accepted the token and companies are readable' };
  }

  return { name: 'hubspot', pushMeeting, updateAccountFields, testConnection };
}
