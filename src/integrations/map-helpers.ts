import { compareTicketPriority } from '../domain/meeting/meeting.ts';
import type { TrackerItemKind, TrackerPriority } from './ports.ts';

/** How a tracker's labels, statuses and priorities read in Cadence; set per integration. */
export interface TrackerMapOptions {
  /** Items carrying any of these labels/tags/issue types are feature requests, others tickets. */
  featureRequestLabels?: readonly string[];
  /** Raw statuses that mean "waiting on someone else" rather than open (Jira "Waiting for customer"). */
  pendingStatuses?: readonly string[];
  /** Label → priority, for trackers without a priority field (GitLab/GitHub "priority::1"). */
  priorityLabels?: Readonly<Record<string, TrackerPriority>>;
}

/** GitLab's scoped-label convention, used when no priorityLabels are configured. */
export const DEFAULT_PRIORITY_LABELS: Readonly<Record<string, TrackerPriority>> = {
  'priority::1': 'urgent',
  'priority::2': 'high',
  'priority::3': 'normal',
  'priority::4': 'low',
};

/** Any vendor timestamp ("2024-01-01T10:00:00.000+0000", "…Z") as ISO 8601 UTC; null when unreadable. */
export function toIso(value: string | null | undefined): string | null {
  if (!value) return null;
  // Jira writes offsets without a colon (+0000); Date.parse wants +00:00.
  const normal = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normal);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** "Ann@Sub.Acme.com" → "sub.acme.com". */
export function emailDomainOf(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const at = email.lastIndexOf('@');
  return at < 0
    ? undefined
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase() || undefined;
}

function lowerSet(values: readonly string[] | undefined): Set<string> {
  return new Set((values ?? []).map((v) => v.toLowerCase()));
}

/** A compiled reader for one integration's options, built once per sync rather than per item. */
export interface TrackerReader {
  kindOf(labels: readonly string[]): TrackerItemKind;
  isPending(rawStatus: string): boolean;
  priorityFromLabels(labels: readonly string[]): TrackerPriority | null;
}

export function trackerReader(options: TrackerMapOptions = {}): TrackerReader {
  const features = lowerSet(options.featureRequestLabels);
  const pending = lowerSet(options.pendingStatuses);
  const priorities = new Map(Object.entries(options.priorityLabels ?? DEFAULT_PRIORITY_LABELS).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    kindOf: (labels) => (features.size > 0 && labels.some((l) => features.has(l.toLowerCase())) ? 'feature_request' : 'ticket'),
    isPending: (raw) => pending.has(raw.toLowerCase()),
    priorityFromLabels(labels) {
      let best: TrackerPriority | null = null;
      for (const l of labels) {
        const p = priorities.get(l.toLowerCase());
        if (p && (best === null || compareTicketPriority(p, best) < 0)) best = p;
      }
      return best;
    },
  };
}
