import { z } from 'zod';
import { asText, modifiedInstant, type CrmOwner, type CrmPage, type CrmPuller } from '../crm-pull.ts';
import { createHttpClient } from '../http.ts';
import { parseVendor } from '../parse.ts';
import type { HubSpotConfig } from './client.ts';

/** The company properties every pull reads; mapped custom properties come on top. */
export const HUBSPOT_COMPANY_PROPERTIES = ['name', 'domain', 'hubspot_owner_id', 'annualrevenue', 'lifecyclestage', 'hs_lastmodifieddate'] as const;

/** Search answers up to 200 per page. */
const PAGE_SIZE = 100;

const SearchPage = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.unknown()), updatedAt: z.string().optional() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const OwnersPage = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullish() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** HubSpot CRM v3: companies changed since the watermark, and the portal's owners. */
export function createHubSpotPuller(config: HubSpotConfig): CrmPuller & { owners(): Promise<CrmOwner[]> } {
  const http = createHttpClient({
    vendor: 'hubspot',
    baseUrl: config.baseUrl ?? 'https://api.hubapi.com',
    auth: () => ({ authorization: `Bearer ${config.accessToken}` }),
    secrets: [config.accessToken],
    ...config.http,
  });

  async function page(since: string | null, cursor: string | undefined, extraFields: readonly string[]): Promise<CrmPage> {
    const properties = [...new Set([...HUBSPOT_COMPANY_PROPERTIES, ...extraFields])];
    // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/search/post-crm-v3-objects-companies-search
    // GT takes milliseconds since the epoch; sorts ascending so the watermark only moves forward.
    const filters = since ? [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(Date.parse(since)) }] : [];
    const res = await http.request({
      method: 'POST',
      path: '/crm/v3/objects/companies/search',
      idempotent: true,
      json: {
        filterGroups: filters.length > 0 ? [{ filters }] : [],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties,
        limit: PAGE_SIZE,
        ...(cursor ? { after: cursor } : {}),
      },
    });
    const data = parseVendor(SearchPage, res.data, 'hubspot', 'company search');
    const records = data.results.map((r) => {
      const fields = Object.fromEntries(properties.map((p) => [p, asText(r.properties[p])]));
      return { crmId: r.id, modifiedAt: modifiedInstant(fields.hs_lastmodifieddate || r.updatedAt, 'hubspot'), fields };
    });
    const next = data.paging?.next?.after;
    return next ? { records, next } : { records };
  }

  async function owners(): Promise<CrmOwner[]> {
    const all: CrmOwner[] = [];
    let after: string | undefined;
    do {
      // https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide
      const res = await http.request({ path: '/crm/v3/owners', query: { limit: 100, after } });
      const data = parseVendor(OwnersPage, res.data, 'hubspot', 'owners');
      for (const o of data.results) if (o.email) all.push({ id: o.id, email: o.email.toLowerCase() });
      after = data.paging?.next?.after;
    } while (after);
    return all;
  }

  return { name: 'hubspot', page, owners };
}
