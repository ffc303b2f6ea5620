import { z } from 'zod';
import { toIso, trackerReader, type TrackerMapOptions, type TrackerReader } from '../map-helpers.ts';
import type { TrackerItem } from '../ports.ts';

/**
 * The issue fields Cadence reads, per
 * https://docs.github.com/en/rest/issues/issues#list-repository-issues
 * Pull requests come in the same list, marked by a `pull_request` key.
 */
export const GitHubIssueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.string(),
  state_reason: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).nullish(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  pull_request: z.unknown().optional(),
});
export type GitHubIssue = z.infer<typeof GitHubIssueSchema>;

export function isPullRequest(issue: GitHubIssue): boolean {
  return issue.pull_request !== undefined && issue.pull_request !== null;
}

/** A GitHub issue as a TrackerItem. Labels carry priority and kind. Pure. */
export function mapGitHubIssue(issue: GitHubIssue, options: TrackerMapOptions | TrackerReader = {}): TrackerItem {
  const reader = 'kindOf' in options ? options : trackerReader(options);
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
  const closed = issue.state === 'closed';
  const updatedAt = toIso(issue.updated_at) ?? issue.updated_at;
  return {
    source: 'github',
    externalId: String(issue.id),
    kind: reader.kindOf(labels),
    title: issue.title,
    status: closed ? 'closed' : 'open',
    // "closed (not_planned)" tells a CSM the request was declined, not shipped.
    rawStatus: closed && issue.state_reason ? `closed (${issue.state_reason})` : issue.state,
    priority: reader.priorityFromLabels(labels),
    url: issue.html_url,
    accountKey: labels.length > 0 ? { labels } : {},
    createdAt: toIso(issue.created_at) ?? issue.created_at,
    updatedAt,
    closedAt: closed ? (toIso(issue.closed_at) ?? updatedAt) : null,
  };
}
