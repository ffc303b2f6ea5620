import { z } from 'zod';
import { emailDomainOf, toIso, trackerReader, type TrackerMapOptions, type TrackerReader } from '../map-helpers.ts';
import type { TrackerItem, TrackerPriority } from '../ports.ts';

/**
 * The issue fields Cadence reads, per
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 */
export const JiraIssueSchema = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    summary: z.string().nullish(),
    status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).nullish() }).nullish(),
    priority: z.object({ name: z.string() }).nullish(),
    labels: z.array(z.string()).nullish(),
    issuetype: z.object({ name: z.string() }).nullish(),
    reporter: z.object({ emailAddress: z.string().nullish() }).nullish(),
    created: z.string(),
    updated: z.string(),
    resolutiondate: z.string().nullish(),
  }),
});
export type JiraIssue = z.infer<typeof JiraIssueSchema>;

/** Jira's default priority scheme plus the older Blocker…Trivial one. */
const PRIORITIES: Record<string, TrackerPriority> = {
  highest: 'urgent',
  blocker: 'urgent',
  critical: 'urgent',
  high: 'high',
  major: 'high',
  medium: 'normal',
  low: 'low',
  lowest: 'low',
  minor: 'low',
  trivial: 'low',
};

export interface JiraMapContext {
  /** "https://acme.atlassian.net": browse links are built from it. */
  baseUrl: string;
  /** The custom field holding the customer organisation (e.g. JSM "Organizations"). */
  orgField?: string;
  reader?: TrackerReader;
}

/** A value of an organisation field (JSM organisations, a select, text) as one id. */
function orgIdFrom(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof first === 'string' || typeof first === 'number') return String(first);
  if (first && typeof first === 'object') {
    const o = first as Record<string, unknown>;
    const v = o.id ?? o.value ?? o.name;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/** A Jira issue as a TrackerItem. Pure. */
export function mapJiraIssue(issue: JiraIssue, context: JiraMapContext, options: TrackerMapOptions = {}): TrackerItem {
  const reader = context.reader ?? trackerReader(options);
  const f = issue.fields;
  const labels = f.labels ?? [];
  const rawStatus = f.status?.name ?? 'Unknown';
  const done = f.status?.statusCategory?.key === 'done';
  const updatedAt = toIso(f.updated) ?? f.updated;
  const orgId = context.orgField ? orgIdFrom(f[context.orgField]) : undefined;
  const emailDomain = emailDomainOf(f.reporter?.emailAddress);
  return {
    source: 'jira',
    externalId: issue.id,
    kind: reader.kindOf(f.issuetype ? [...labels, f.issuetype.name] : labels),
    title: f.summary ?? issue.key,
    status: done ? 'closed' : reader.isPending(rawStatus) ? 'pending' : 'open',
    rawStatus,
    priority: f.priority ? (PRIORITIES[f.priority.name.toLowerCase()] ?? null) : null,
    url: `${context.baseUrl.replace(/\/$/, '')}/browse/${issue.key}`,
    accountKey: {
      ...(orgId ? { orgId } : {}),
      ...(labels.length > 0 ? { labels } : {}),
      ...(emailDomain ? { emailDomain } : {}),
    },
    createdAt: toIso(f.created) ?? f.created,
    updatedAt,
    closedAt: done ? (toIso(f.resolutiondate) ?? updatedAt) : null,
  };
}

/** Atlassian Document Format for a plain-text description with a link back to Cadence. */
export function jiraDescription(text: string, linkBack: string): unknown {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] }));
  return {
    type: 'doc',
    version: 1,
    content: [
      ...paragraphs,
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Opened from Cadence: ' },
          { type: 'text', text: linkBack, marks: [{ type: 'link', attrs: { href: linkBack } }] },
        ],
      },
    ],
  };
}
