import { z } from 'zod';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import { createOnce } from '../idempotency.ts';
import { trackerReader, type TrackerMapOptions } from '../map-helpers.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CreatedTrackerItem, TicketSource, TrackerItemCreate, TrackerPage, TrackerPriority } from '../ports.ts';
import { instantFromCursor, laterInstant } from '../watermark.ts';
import { JiraIssueSchema, jiraDescription, mapJiraIssue } from './map.ts';

export interface JiraConfig {
  /** "https://acme.atlassian.net" */
  baseUrl: string;
  auth: { email: string; apiToken: string } | { bearerToken: string };
  /** Which issues are customer items, e.g. `project = SUP AND labels in (customer)`. No ORDER BY. */
  jql: string;
  /** Where items opened from a call go. */
  projectKey: string;
  /** Issue type names for created items. Default Task / Story. */
  issueTypes?: { ticket?: string; feature_request?: string };
  /** Priority names to set on created items; omit when priority is not on the create screen. */
  priorityNames?: Partial<Record<TrackerPriority, string>>;
  /** Custom field with the customer organisation, e.g. "customfield_10002" (JSM Organizations). */
  orgField?: string;
  /** Issues per page; Jira may return fewer. */
  pageSize?: number;
  map?: TrackerMapOptions;
  now?: () => number;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
const SearchPageSchema = z.object({
  issues: z.array(JiraIssueSchema),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().nullish(),
});

/** Jira labels hold no spaces; the key becomes one label a JQL search can find. */
export function jiraKeyLabel(key: string): string {
  return `cadence-key-${key.replace(/[^A-Za-z0-9_.:-]/g, '-')}`;
}

function withoutOrderBy(jql: string): string {
  return jql.replace(/\border\s+by\b[\s\S]*$/i, '').trim();
}

/** Jira Cloud as a TicketSource: JQL search with nextPageToken, issue create, connection test. */
export function createJiraClient(config: JiraConfig): TicketSource {
  const secret = 'apiToken' in config.auth ? config.auth.apiToken : config.auth.bearerToken;
  const authorization = 'apiToken' in config.auth ? `Basic ${Buffer.from(`${config.auth.email}:${config.auth.apiToken}`).toString('base64')}` : `Bearer ${config.auth.bearerToken}`;
  const http = createHttpClient({ vendor: 'jira', baseUrl: config.baseUrl, auth: () => ({ authorization }), secrets: [secret], ...config.http });
  const reader = trackerReader(config.map);
  const now = config.now ?? Date.now;
  const fields = ['summary', 'status', 'priority', 'labels', 'issuetype', 'reporter', 'created', 'updated', 'resolutiondate', ...(config.orgField ? [config.orgField] : [])];
  const scope = withoutOrderBy(config.jql);

  async function search(jql: string, nextPageToken: string | undefined, maxResults: number, signal?: AbortSignal, fieldList = fields) {
    const res = await http.request({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      // A search changes nothing, so repeating it after a 5xx is harmless.
      idempotent: true,
      json: { jql, maxResults, fields: fieldList, ...(nextPageToken ? { nextPageToken } : {}) },
      signal,
    });
    return parseVendor(SearchPageSchema, res.data, 'jira', 'JQL search');
  }

  async function* listChanged(cursor: string | null, signal?: AbortSignal): AsyncIterable<TrackerPage> {
    const since = instantFromCursor(cursor);
    // JQL dates are read in the Jira user's time zone; a relative "-N minutes" is not.
    const minutes = since === null ? null : Math.max(1, Math.ceil((now() - Date.parse(since)) / 60_000) + 1);
    const clauses = [scope ? `(${scope})` : '', minutes === null ? '' : `updated >= "-${minutes}m"`].filter((c) => c !== '');
    const jql = `${clauses.join(' AND ')} ORDER BY updated ASC`.trim();
    let watermark = since;
    let token: string | undefined;
    for (;;) {
      const page = await search(jql, token, config.pageSize ?? 100, signal);
      const items = page.issues.map((i) => mapJiraIssue(i, { baseUrl: config.baseUrl, orgField: config.orgField, reader }));
      for (const item of items) watermark = laterInstant(watermark, item.updatedAt);
      yield { items, nextCursor: watermark ?? '' };
      // The last page has no token, and sometimes isLast is missing (JRACLOUD-92184).
      if (!page.nextPageToken || page.isLast === true) return;
      token = page.nextPageToken;
    }
  }

  async function createItem(input: TrackerItemCreate): Promise<CreatedTrackerItem> {
    const label = jiraKeyLabel(input.idempotencyKey);
    const browse = (key: string) => `${config.baseUrl.replace(/\/$/, '')}/browse/${key}`;
    const featureLabel = config.map?.featureRequestLabels?.[0];
    const issueType = input.kind === 'feature_request' ? (config.issueTypes?.feature_request ?? 'Story') : (config.issueTypes?.ticket ?? 'Task');
    const priority = input.priority ? config.priorityNames?.[input.priority] : undefined;
    return createOnce({
      // Jira search is eventually consistent: an issue created seconds ago may not show yet.
      find: async () => {
        const found = (await search(`labels = "${label}"`, undefined, 1, undefined, ['summary'])).issues[0];
        return found ? { externalId: found.id, url: browse(found.key) } : undefined;
      },
      create: async () => {
        // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
        const res = await http.request({
          method: 'POST',
          path: '/rest/api/3/issue',
          json: {
            fields: {
              project: { key: config.projectKey },
              summary: input.title,
              issuetype: { name: issueType },
              description: jiraDescription(input.description, input.linkBack),
              labels: [...(input.accountKey?.labels ?? []), ...(input.kind === 'feature_request' && featureLabel ? [featureLabel] : []), label],
              ...(priority ? { priority: { name: priority } } : {}),
            },
          },
        });
        const created = parseVendor(z.object({ id: z.string(), key: z.string() }), res.data, 'jira', 'created issue');
        return { externalId: created.id, url: browse(created.key) };
      },
    });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get
    const me = parseVendor(z.object({ displayName: z.string().nullish(), accountId: z.string() }), (await http.request({ path: '/rest/api/3/myself' })).data, 'jira', 'current user');
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-projectidorkey-get
    const project = parseVendor(z.object({ key: z.string(), name: z.string() }), (await http.request({ path: `/rest/api/3/project/${encodeURIComponent(config.projectKey)}` })).data, 'jira', 'project');
    return { ok: true, detail: `Signed in to Jira as ${me.displayName ?? me.accountId}; project ${project.key} (${project.name}) is visible` };
  }

  return { name: 'jira', listChanged, createItem, testConnection };
}
