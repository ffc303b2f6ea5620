import { z } from 'zod';
import { meetingPlainText } from '../crm-fields.ts';
import { IntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import { createOnce } from '../idempotency.ts';
import { refreshingHttpClient, type TokenKeeper } from '../oauth/oauth.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CrmClient, CrmMeeting } from '../ports.ts';

export interface SalesforceConfig {
  /** "https://acme.my.salesforce.com" */
  instanceUrl: string;
  /** An OAuth access token for a user who can create activities and edit accounts. */
  accessToken: string;
  /** A refreshable session: the keeper's token is sent and refreshed on a 401 INVALID_SESSION_ID (`accessToken` is then ignored). */
  tokens?: TokenKeeper;
  /** Default v62.0. */
  apiVersion?: string;
  /** Record the meeting as an Event (default) or a completed Task. */
  activity?: 'Event' | 'Task';
  /** An External ID field on the activity (e.g. "Cadence_Key__c"): pushes become upserts. */
  externalIdField?: string;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const SaveResultSchema = z.object({ id: z.string(), success: z.boolean().optional(), created: z.boolean().optional() });
const QuerySchema = z.object({ totalSize: z.number(), records: z.array(z.object({ Id: z.string() })) });

/** The activity's fields per the Event and Task object references. Pure. */
export function salesforceActivityFields(m: CrmMeeting, activity: 'Event' | 'Task'): Record<string, string> {
  const subject = m.title.slice(0, 255);
  if (activity === 'Task') {
    return { Subject: subject, WhatId: m.companyId, ActivityDate: m.startedAt.slice(0, 10), Status: 'Completed', Description: meetingPlainText(m) };
  }
  const end = m.endedAt ?? new Date(Date.parse(m.startedAt) + 30 * 60_000).toISOString();
  return { Subject: subject, WhatId: m.companyId, StartDateTime: m.startedAt, EndDateTime: end, Description: meetingPlainText(m) };
}

const soqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Salesforce REST: an Event or Task on the Account, Account field updates. */
export function createSalesforceClient(config: SalesforceConfig): CrmClient {
  const http = config.tokens
    ? refreshingHttpClient({ vendor: 'salesforce', baseUrl: config.instanceUrl, ...config.http }, config.tokens)
    : createHttpClient({ vendor: 'salesforce', baseUrl: config.instanceUrl, auth: () => ({ authorization: `Bearer ${config.accessToken}` }), secrets: [config.accessToken], ...config.http });
  const data = `/services/data/${config.apiVersion ?? 'v62.0'}`;
  const activity = config.activity ?? 'Event';

  async function pushMeeting(meeting: CrmMeeting) {
    const fields = salesforceActivityFields(meeting, activity);
    if (meeting.existingId) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_update_fields.htm
      await http.request({ method: 'PATCH', path: `${data}/sobjects/${activity}/${encodeURIComponent(meeting.existingId)}`, json: fields, responseType: 'none' });
      return { externalId: meeting.existingId, created: false };
    }
    if (config.externalIdField) {
      // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
      const path = `${data}/sobjects/${activity}/${encodeURIComponent(config.externalIdField)}/${encodeURIComponent(meeting.idempotencyKey)}`;
      const res = await http.request({ method: 'PATCH', path, json: fields, idempotent: true });
      if (res.data !== undefined) {
        const saved = parseVendor(SaveResultSchema, res.data, 'salesforce', 'upsert result');
        return { externalId: saved.id, created: saved.created ?? res.status === 201 };
      }
      // Older API versions answer an update with 204 and no body.
      const found = parseVendor(z.object({ Id: z.string() }), (await http.request({ path, query: { fields: 'Id' } })).data, 'salesforce', activity);
      return { externalId: found.Id, created: false };
    }
    // Without an external id field, the account, start and subject identify the meeting.
    const start = activity === 'Event' ? `StartDateTime = ${fields.StartDateTime}` : `ActivityDate = ${fields.ActivityDate}`;
    const soql = `SELECT Id FROM ${activity} WHERE WhatId = ${soqlString(meeting.companyId)} AND ${start} AND Subject = ${soqlString(fields.Subject ?? '')} LIMIT 1`;
    const { externalId, created } = await createOnce({
      find: async () => {
        // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
        const hit = parseVendor(QuerySchema, (await http.request({ path: `${data}/query`, query: { q: soql } })).data, 'salesforce', 'query').records[0];
        return hit ? { externalId: hit.Id } : undefined;
      },
      create: async () => {
        // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
        const res = await http.request({ method: 'POST', path: `${data}/sobjects/${activity}`, json: fields });
        return { externalId: parseVendor(SaveResultSchema, res.data, 'salesforce', 'created activity').id };
      },
    });
    return { externalId, created };
  }

  async function updateAccountFields(accountId: string, fields: Record<string, string | number | boolean | null>) {
    await http.request({ method: 'PATCH', path: `${data}/sobjects/Account/${encodeURIComponent(accountId)}`, json: fields, responseType: 'none' });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
    const Describe = z.object({ name: z.string(), createable: z.boolean(), updateable: z.boolean() });
    const act = parseVendor(Describe, (await http.request({ path: `${data}/sobjects/${activity}/describe` })).data, 'salesforce', `${activity} describe`);
    const acc = parseVendor(Describe, (await http.request({ path: `${data}/sobjects/Account/describe` })).data, 'salesforce', 'Account describe');
    const missing = [...(act.createable ? [] : [`create ${activity} records`]), ...(acc.updateable ? [] : ['edit Accounts'])];
    if (missing.length > 0) {
      throw new IntegrationError('auth', 'missing permissions', { vendor: 'salesforce', status: 403, vendorMessage: `this user cannot ${missing.join(' or ')}`, target: `GET ${data}/sobjects/…/describe` });
    }
    return { ok: true, detail: `Salesforce accepted the token; ${activity} records can be created and Accounts edited` };
  }

  return { name: 'salesforce', pushMeeting, updateAccountFields, testConnection };
}
