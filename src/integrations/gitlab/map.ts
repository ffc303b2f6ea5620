import { z } from 'zod';
import { toIso, trackerReader, type TrackerMapOptions, type TrackerReader } from '../map-helpers.ts';
import type { TrackerItem } from '../ports.ts';

/**
 * The issue fields Cadence reads, per https://docs.gitlab.com/api/issues/#list-group-issues
 * Labels are names, or objects with `with_labels_details=true`.
 */
export const GitLabIssueSchema = z.object({
  id: z.number(),
  iid: z.number(),
  title: z.string(),
  description: z.string().nullish(),
  state: z.string(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).nullish(),
  web_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
});
export type GitLabIssue = z.infer<typeof GitLabIssueSchema>;

/** A GitLab issue as a TrackerItem. GitLab has no priority field: labels carry it. Pure. */
export function mapGitLabIssue(issue: GitLabIssue, options: TrackerMapOptions | TrackerReader = {}): TrackerItem {
  const reader = 'kindOf' in options ? options : trackerReader(options);
  const labels = (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
  const closed = issue.state === 'closed';
  const updatedAt = toIso(issue.updated_at) ?? issue.updated_at;
  return {
    source: 'gitlab',
    externalId: String(issue.id),
    kind: reader.kindOf(labels),
    title: issue.title,
    status: closed ? 'closed' : 'open',
    rawStatus: issue.state,
    priority: reader.priorityFromLabels(labels),
    url: issue.web_url,
    accountKey: labels.length > 0 ? { labels } : {},
    createdAt: toIso(issue.created_at) ?? issue.created_at,
    updatedAt,
    closedAt: closed ? (toIso(issue.closed_at) ?? updatedAt) : null,
  };
}
