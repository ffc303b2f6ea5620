import { z } from 'zod';
import { createHttpClient, parseLinkHeader, type HttpClientOptions, type HttpResponse } from '../http.ts';
import { createOnce, hasIdempotencyMarker, idempotencyMarker } from '../idempotency.ts';
import { trackerReader, type TrackerMapOptions } from '../map-helpers.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CreatedTrackerItem, TicketSource, TrackerItemCreate, TrackerPage } from '../ports.ts';
import { instantFromCursor, laterInstant } from '../watermark.ts';
import { GitLabIssueSchema, mapGitLabIssue } from './map.ts';

export interface GitLabConfig {
  /** "https://gitlab.com" or a self-managed instance. */
  baseUrl: string;
  /** A personal, group or project access token with read_api (api to create issues). */
  token: string;
  /** Group id or full path ("acme/support") whose issues are synced. */
  groupId: string;
  /** Only issues carrying all of these labels. */
  labels?: string[];
  /** Project id or path where items opened from a call go. */
  projectId: string;
  pageSize?: number;
  map?: TrackerMapOptions;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const IssueListSchema = z.array(GitLabIssueSchema);

/** GitLab issues as a TicketSource: group issues by label, oldest change first; create in a project. */
export function createGitLabClient(config: GitLabConfig): TicketSource {
  const http = createHttpClient({ vendor: 'gitlab', baseUrl: config.baseUrl, auth: () => ({ 'private-token': config.token }), secrets: [config.token], ...config.http });
  const reader = trackerReader(config.map);
  const group = encodeURIComponent(config.groupId);
  const project = encodeURIComponent(config.projectId);

  async function* listChanged(cursor: string | null, signal?: AbortSignal): AsyncIterable<TrackerPage> {
    const since = instantFromCursor(cursor);
    let watermark = since;
    // https://docs.gitlab.com/api/issues/#list-group-issues
    let next: { path: string; query?: Record<string, string | number | undefined> } | undefined = {
      path: `/api/v4/groups/${group}/issues`,
      query: {
        scope: 'all',
        state: 'all',
        order_by: 'updated_at',
        sort: 'asc',
        per_page: config.pageSize ?? 100,
        labels: config.labels && config.labels.length > 0 ? config.labels.join(',') : undefined,
        updated_after: since ?? undefined,
      },
    };
    while (next) {
      const res: HttpResponse<unknown> = await http.request({ path: next.path, query: next.query, signal });
      const items = parseVendor(IssueListSchema, res.data, 'gitlab', 'group issues').map((i) => mapGitLabIssue(i, reader));
      for (const item of items) watermark = laterInstant(watermark, item.updatedAt);
      yield { items, nextCursor: watermark ?? '' };
      // https://docs.gitlab.com/api/rest/#pagination-link-header (offset and keyset), else X-Next-Page.
      const link: string | undefined = parseLinkHeader(res.headers.get('link')).next;
      const page: string | null = res.headers.get('x-next-page');
      next = link ? { path: link } : page ? { path: `/api/v4/groups/${group}/issues`, query: { ...next.query, page } } : undefined;
    }
  }

  async function findByKey(key: string): Promise<Omit<CreatedTrackerItem, 'created'> | undefined> {
    // https://docs.gitlab.com/api/issues/#list-project-issues (search in description)
    const res = await http.request({ path: `/api/v4/projects/${project}/issues`, query: { search: key, in: 'description', state: 'all', per_page: 20 } });
    const found = parseVendor(IssueListSchema, res.data, 'gitlab', 'project issues').find((i) => hasIdempotencyMarker(i.description, key));
    return found ? { externalId: String(found.id), url: found.web_url } : undefined;
  }

  async function createItem(input: TrackerItemCreate): Promise<CreatedTrackerItem> {
    const featureLabel = config.map?.featureRequestLabels?.[0];
    const labels = [...(config.labels ?? []), ...(input.accountKey?.labels ?? []), ...(input.kind === 'feature_request' && featureLabel ? [featureLabel] : [])];
    return createOnce({
      find: () => findByKey(input.idempotencyKey),
      create: async () => {
        // https://docs.gitlab.com/api/issues/#new-issue
        const res = await http.request({
          method: 'POST',
          path: `/api/v4/projects/${project}/issues`,
          json: {
            title: input.title,
            description: `${input.description}\n\nOpened from Cadence: ${input.linkBack}\n\n${idempotencyMarker(input.idempotencyKey)}`,
            ...(labels.length > 0 ? { labels: [...new Set(labels)].join(',') } : {}),
          },
        });
        const created = parseVendor(GitLabIssueSchema, res.data, 'gitlab', 'created issue');
        return { externalId: String(created.id), url: created.web_url };
      },
    });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://docs.gitlab.com/api/users/#get-the-current-user
    const me = parseVendor(z.object({ username: z.string() }), (await http.request({ path: '/api/v4/user' })).data, 'gitlab', 'current user');
    // https://docs.gitlab.com/api/groups/#get-a-single-group
    const g = parseVendor(z.object({ full_path: z.string() }), (await http.request({ path: `/api/v4/groups/${group}`, query: { with_projects: false } })).data, 'gitlab', 'group');
    return { ok: true, detail: `Signed in to GitLab as @${me.username}; group ${g.full_path} is visible` };
  }

  return { name: 'gitlab', listChanged, createItem, testConnection };
}
