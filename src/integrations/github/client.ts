import { z } from 'zod';
import { IntegrationError } from '../errors.ts';
import { createHttpClient, parseLinkHeader, type HttpClientOptions, type HttpResponse } from '../http.ts';
import { createOnce, hasIdempotencyMarker, idempotencyMarker } from '../idempotency.ts';
import { trackerReader, type TrackerMapOptions } from '../map-helpers.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, CreatedTrackerItem, TicketSource, TrackerItemCreate, TrackerPage } from '../ports.ts';
import { instantFromCursor, laterInstant } from '../watermark.ts';
import { GitHubIssueSchema, isPullRequest, mapGitHubIssue } from './map.ts';

export interface GitHubConfig {
  /** Default https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3. */
  baseUrl?: string;
  /** A fine-grained token with Issues read (write to open issues), or a classic token with repo. */
  token: string;
  owner: string;
  repo: string;
  /** Only issues carrying all of these labels (GitHub ANDs them). Created issues get them too. */
  labels?: string[];
  pageSize?: number;
  map?: TrackerMapOptions;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

const IssueListSchema = z.array(GitHubIssueSchema);

/**
 * GitHub's primary rate limit answers 403 (or 429) with x-ratelimit-remaining: 0 and a reset
 * time; its secondary limit sends Retry-After. Neither is a permission problem.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
export function classifyGitHub(status: number, headers: Headers, retryAfterMs: number | undefined, nowMs: number) {
  if (status !== 403 && status !== 429) return undefined;
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    return { kind: 'rate_limited' as const, retryAfterMs: retryAfterMs ?? (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - nowMs) : undefined) };
  }
  if (retryAfterMs !== undefined) return { kind: 'rate_limited' as const, retryAfterMs };
  return undefined;
}

/** GitHub issues as a TicketSource: repository issues by label, pull requests skipped. */
export function createGitHubClient(config: GitHubConfig): TicketSource {
  const http = createHttpClient({
    vendor: 'github',
    baseUrl: config.baseUrl ?? 'https://api.github.com',
    auth: () => ({ authorization: `Bearer ${config.token}` }),
    secrets: [config.token],
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'cadence' },
    classify: classifyGitHub,
    ...config.http,
  });
  const reader = trackerReader(config.map);
  const repoPath = `/repos/${encodeURIComponent(config.owner)}/${encodeURIComponent(config.repo)}`;
  const labels = config.labels && config.labels.length > 0 ? config.labels.join(',') : undefined;

  async function* listChanged(cursor: string | null, signal?: AbortSignal): AsyncIterable<TrackerPage> {
    const since = instantFromCursor(cursor);
    let watermark = since;
    let next: string | undefined = `${repoPath}/issues`;
    let query: Record<string, string | number | undefined> | undefined = { state: 'all', sort: 'updated', direction: 'asc', per_page: config.pageSize ?? 100, labels, since: since ?? undefined };
    while (next) {
      const res: HttpResponse<unknown> = await http.request({ path: next, query, signal });
      const issues = parseVendor(IssueListSchema, res.data, 'github', 'repository issues');
      // Pull requests move the cursor too: they are in the same order.
      for (const issue of issues) watermark = laterInstant(watermark, issue.updated_at);
      const items = issues.filter((i) => !isPullRequest(i)).map((i) => mapGitHubIssue(i, reader));
      yield { items, nextCursor: watermark ? new Date(watermark).toISOString() : '' };
      next = parseLinkHeader(res.headers.get('link')).next;
      query = undefined;
    }
  }

  async function findByKey(key: string): Promise<Omit<CreatedTrackerItem, 'created'> | undefined> {
    // The search API lags behind by minutes; the newest issues with our labels do not.
    const res = await http.request({ path: `${repoPath}/issues`, query: { state: 'all', sort: 'created', direction: 'desc', per_page: 100, labels } });
    const found = parseVendor(IssueListSchema, res.data, 'github', 'repository issues').find((i) => !isPullRequest(i) && hasIdempotencyMarker(i.body, key));
    return found ? { externalId: String(found.id), url: found.html_url } : undefined;
  }

  async function createItem(input: TrackerItemCreate): Promise<CreatedTrackerItem> {
    const featureLabel = config.map?.featureRequestLabels?.[0];
    const all = [...(config.labels ?? []), ...(input.accountKey?.labels ?? []), ...(input.kind === 'feature_request' && featureLabel ? [featureLabel] : [])];
    return createOnce({
      find: () => findByKey(input.idempotencyKey),
      create: async () => {
        // https://docs.github.com/en/rest/issues/issues#create-an-issue
        const res = await http.request({
          method: 'POST',
          path: `${repoPath}/issues`,
          json: {
            title: input.title,
            body: `${input.description}\n\nOpened from Cadence: ${input.linkBack}\n\n${idempotencyMarker(input.idempotencyKey)}`,
            ...(all.length > 0 ? { labels: [...new Set(all)] } : {}),
          },
        });
        const created = parseVendor(GitHubIssueSchema, res.data, 'github', 'created issue');
        return { externalId: String(created.id), url: created.html_url };
      },
    });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    // https://docs.github.com/en/rest/repos/repos#get-a-repository (404 also when the token cannot see a private repo)
    const res = await http.request({ path: repoPath });
    const repo = parseVendor(z.object({ full_name: z.string(), has_issues: z.boolean().nullish() }), res.data, 'github', 'repository');
    if (repo.has_issues === false) {
      throw new IntegrationError('config', 'issues are turned off', { vendor: 'github', target: `GET ${repoPath}`, vendorMessage: `issues are turned off for ${repo.full_name}` });
    }
    return { ok: true, detail: `GitHub repository ${repo.full_name} is visible` };
  }

  return { name: 'github', listChanged, createItem, testConnection };
}
