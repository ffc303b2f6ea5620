import { z } from 'zod';
import { asText, modifiedInstant, type CrmPage, type CrmPuller } from '../crm-pull.ts';
import { IntegrationError } from '../errors.ts';
import { createHttpClient } from '../http.ts';
import { refreshingHttpClient } from '../oauth/oauth.ts';
import { parseVendor } from '../parse.ts';
import type { SalesforceConfig } from './client.ts';

/** The Account fields every pull reads; mapped custom fields (Renewal_Date__c…) come on top. */
export const SALESFORCE_ACCOUNT_FIELDS = ['Id', 'Name', 'Website', 'OwnerId', 'Owner.Email', 'AnnualRevenue', 'Type', 'SystemModstamp'] as const;

const QueryPage = z.object({
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

/** The SOQL of a pull. A field name that is not one is a config error, never spliced in. Pure. */
export function accountsSoql(since: string | null, extraFields: readonly string[]): string {
  for (const f of extraFields) {
    if (!FIELD_NAME.test(f)) throw new IntegrationError('config', `'${f}' is not a Salesforce field name`, { vendor: 'salesforce' });
  }
  const fields = [...new Set([...SALESFORCE_ACCOUNT_FIELDS, ...extraFields])].join(', ');
  // SOQL datetime literals are unquoted ISO instants. SystemModstamp, not LastModifiedDate: it also moves
  // when Salesforce or an automation changes the record, and it is indexed (SOQL and SOSL Reference, "System Fields").
  const where = since ? ` WHERE SystemModstamp > ${new Date(Date.parse(since)).toISOString().replace('.000Z', 'Z')}` : '';
  return `SELECT ${fields} FROM Account${where} ORDER BY SystemModstamp ASC`;
}

/** "Owner.Email" out of { Owner: { Email } }. */
function pick(record: Record<string, unknown>, field: string): unknown {
  let value: unknown = record;
  for (const part of field.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** Salesforce REST SOQL: Accounts changed since the watermark, paged by nextRecordsUrl. */
export function createSalesforcePuller(config: SalesforceConfig): CrmPuller {
  // A refreshable session (config.tokens) is renewed on a 401 INVALID_SESSION_ID, as the client's pushes are.
  const http = config.tokens
    ? refreshingHttpClient({ vendor: 'salesforce', baseUrl: config.instanceUrl, ...config.http }, config.tokens)
    : createHttpClient({ vendor: 'salesforce', baseUrl: config.instanceUrl, auth: () => ({ authorization: `Bearer ${config.accessToken}` }), secrets: [config.accessToken], ...config.http });
  const data = `/services/data/${config.apiVersion ?? 'v62.0'}`;

  async function page(since: string | null, cursor: string | undefined, extraFields: readonly string[]): Promise<CrmPage> {
    const fields = [...new Set([...SALESFORCE_ACCOUNT_FIELDS, ...extraFields])];
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
    // A later page is read from nextRecordsUrl (".../query/01gD0000002HU6KIAW-2000"), same origin.
    const res = cursor ? await http.request({ path: cursor }) : await http.request({ path: `${data}/query`, query: { q: accountsSoql(since, extraFields) } });
    const body = parseVendor(QueryPage, res.data, 'salesforce', 'Account query');
    const records = body.records.map((r) => {
      const values = Object.fromEntries(fields.map((f) => [f, asText(pick(r, f))]));
      return { crmId: values.Id ?? '', modifiedAt: modifiedInstant(values.SystemModstamp, 'salesforce'), fields: values };
    });
    return !body.done && body.nextRecordsUrl ? { records, next: body.nextRecordsUrl } : { records };
  }

  return { name: 'salesforce', page };
}
