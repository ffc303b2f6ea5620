/**
 * Release announcements ("if an issue or feature request a customer has reported is included in
 * an upgrade or patch make sure they know!"): when a feature request ships, the accounts that
 * asked for it each get a short, personal draft for the CSM to review and send.
 */
import type { CustomerAccountView } from '../account/customer-account-view.ts';
import type { FeatureRequest } from '../meeting/meeting.ts';
import type { Instant } from '../model.ts';

export interface ShippedFeature {
  title: string;
  /** The release it shipped in, e.g. "17.2". */
  release: string;
  shippedAt: Instant | null;
  url: string | null;
  /** The tracker's id, shared by every account's copy of the request. */
  externalId: string | null;
}

/**
 * An account that asked, as the customer view of it: its name, the contact to greet (the one who
 * asked, or the champion) first, and its request of this feature (when they asked) first.
 */
export interface RequestingAccount {
  accountId: string;
  customer: Pick<CustomerAccountView, 'name' | 'contacts' | 'shipped'>;
}

export interface AnnouncementDraft {
  accountId: string;
  subject: string;
  text: string;
}

export type AnnouncementBuild = { ok: true; drafts: AnnouncementDraft[] } | { ok: false; field: string; message: string };

/**
 * Groups feature requests (one row per account) into shipped features with the accounts that
 * asked, keyed by tracker id or, without one, by the title in lower case. Requests not shipped,
 * or shipped without a release named, are left out: there is nothing to announce yet.
 */
export function groupShippedRequests(requests: readonly FeatureRequest[]): { feature: ShippedFeature; accountIds: string[] }[] {
  const groups = new Map<string, { feature: ShippedFeature; accountIds: string[] }>();
  for (const r of requests) {
    if (r.status !== 'shipped' || !r.shippedIn) continue;
    const key = r.externalId ? `id:${r.externalId}` : `title:${r.title.trim().toLowerCase()}`;
    let g = groups.get(key);
    if (!g) {
      g = { feature: { title: r.title, release: r.shippedIn, shippedAt: r.shippedAt, url: r.url, externalId: r.externalId }, accountIds: [] };
      groups.set(key, g);
    }
    if (!g.accountIds.includes(r.accountId)) g.accountIds.push(r.accountId);
  }
  return [...groups.values()];
}

const longDate = (at: Instant) => new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** One draft per account (each account once), plain text for the CSM to edit before sending. */
export function draftReleaseAnnouncements(input: {
  feature: ShippedFeature;
  accounts: readonly RequestingAccount[];
  vendorName: string;
  /** Signs the message; the vendor's team when absent. */
  senderName?: string | null;
}): AnnouncementBuild {
  const { feature } = input;
  if (!feature.release.trim()) return { ok: false, field: 'release', message: 'a shipped feature needs the release it shipped in' };
  if (!feature.title.trim()) return { ok: false, field: 'title', message: 'the feature needs a title' };
  const seen = new Set<string>();
  const drafts: AnnouncementDraft[] = [];
  for (const a of input.accounts) {
    if (seen.has(a.accountId)) continue;
    seen.add(a.accountId);
    const contactName = a.customer.contacts[0]?.name;
    const requestedAt = a.customer.shipped[0]?.requestedAt;
    const greeting = contactName ? `Hi ${contactName.split(/\s+/)[0]},` : `Hi ${a.customer.name} team,`;
    const asked = requestedAt ? `, which you asked for on ${longDate(requestedAt)},` : ', which you asked for,';
    const lines = [
      greeting,
      '',
      `Good news: ${feature.title}${asked} shipped in ${input.vendorName} ${feature.release}.`,
      ...(feature.url ? ['', `Details: ${feature.url}`] : []),
      '',
      'Once you have upgraded, we would love to hear how it works for you, and we can walk through it on our next call.',
      '',
      'Best,',
      input.senderName ?? `The ${input.vendorName} team`,
    ];
    drafts.push({ accountId: a.accountId, subject: `${feature.title} is now available in ${input.vendorName} ${feature.release}`, text: lines.join('\n') });
  }
  return { ok: true, drafts };
}
