import { buildAccountMatcher, type AccountMatchRule } from '../../integrations/account-matching.ts';
import type { CalendarPerson } from '../../integrations/calendar/ics-read.ts';

/**
 * Which account a calendar event is with, from its people: an attendee who is a contact decides;
 * otherwise an attendee's email domain that an account's contacts use (account-matching.ts, the most
 * specific domain first). Users, the vendor's own domains and the never-customer domains (gmail.com…)
 * never make a match. Pure: the directory is built once per sync.
 */

export { DEFAULT_NEVER_CUSTOMER_DOMAINS } from '../../domain/never-customer-domains.ts';

/** More attendees than this is a webinar or an all-hands, not a customer call. */
export const MAX_ATTENDEES = 200;

export interface MatchDirectory {
  users: Map<string, { id: string; name: string }>;
  contacts: Map<string, { accountId: string; contactId: string; name: string }[]>;
  internalDomains: Set<string>;
  neverCustomerDomains: Set<string>;
  matchDomain: (domain: string) => { accountId: string } | { candidates: string[] } | null;
}

export type EventMatch =
  | { kind: 'account'; accountId: string; by: 'contact' | 'email_domain'; externals: string[] }
  | { kind: 'unmatched'; candidates: string[]; externals: string[] }
  | { kind: 'skip'; reason: 'no_attendees' | 'too_many_attendees' | 'internal_only' };

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

function within(domain: string, set: Set<string>): boolean {
  const parts = domain.split('.');
  for (let i = 0; i < parts.length - 1; i += 1) if (set.has(parts.slice(i).join('.'))) return true;
  return false;
}

export function buildMatchDirectory(input: {
  users: { id: string; email: string; name: string }[];
  contacts: { accountId: string; contactId: string; email: string; name: string }[];
  neverCustomerDomains: readonly string[];
  /** The vendor's own domains besides the users' (the base URL's host). */
  vendorDomains?: readonly string[];
}): MatchDirectory {
  const neverCustomerDomains = new Set(input.neverCustomerDomains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean));
  const internalDomains = new Set<string>((input.vendorDomains ?? []).map((d) => d.toLowerCase()));
  const users = new Map<string, { id: string; name: string }>();
  for (const u of input.users) {
    users.set(u.email.toLowerCase(), { id: u.id, name: u.name });
    const d = domainOf(u.email);
    if (!neverCustomerDomains.has(d)) internalDomains.add(d);
  }
  const contacts = new Map<string, { accountId: string; contactId: string; name: string }[]>();
  const domains = new Map<string, Set<string>>();
  for (const c of input.contacts) {
    const email = c.email.toLowerCase();
    contacts.set(email, [...(contacts.get(email) ?? []), { accountId: c.accountId, contactId: c.contactId, name: c.name }]);
    const d = domainOf(email);
    if (within(d, neverCustomerDomains) || within(d, internalDomains)) continue;
    const set = domains.get(c.accountId) ?? new Set<string>();
    set.add(d);
    domains.set(c.accountId, set);
  }
  const rules: AccountMatchRule[] = [...domains].map(([accountId, set]) => ({ accountId, emailDomains: [...set] }));
  const matcher = buildAccountMatcher(rules);
  return {
    users,
    contacts,
    internalDomains,
    neverCustomerDomains,
    matchDomain(domain) {
      const m = matcher({ source: 'calendar', accountKey: { emailDomain: domain } });
      if (m.matched) return { accountId: m.accountId };
      return m.reason === 'ambiguous' ? { candidates: m.candidates } : null;
    },
  };
}

/** Whether this address is ours: a user, or at one of the vendor's domains. */
export function isInternal(email: string, dir: MatchDirectory): boolean {
  return dir.users.has(email.toLowerCase()) || within(domainOf(email), dir.internalDomains);
}

/** The account an event is with, an unmatched event (with the candidates when several fit), or why it is skipped. */
export function matchEvent(event: { organiser: CalendarPerson | null; attendees: CalendarPerson[] }, dir: MatchDirectory): EventMatch {
  const people = new Map<string, CalendarPerson>();
  for (const p of [...(event.organiser ? [event.organiser] : []), ...event.attendees]) people.set(p.email.toLowerCase(), p);
  const others = event.attendees.filter((a) => a.email.toLowerCase() !== event.organiser?.email.toLowerCase());
  if (others.length === 0) return { kind: 'skip', reason: 'no_attendees' };
  if (event.attendees.length > MAX_ATTENDEES) return { kind: 'skip', reason: 'too_many_attendees' };
  const externals = [...people.keys()].filter((e) => !isInternal(e, dir));
  const customers = externals.filter((e) => dir.contacts.has(e) || !within(domainOf(e), dir.neverCustomerDomains));
  if (customers.length === 0) return externals.length === 0 ? { kind: 'skip', reason: 'internal_only' } : { kind: 'unmatched', candidates: [], externals };

  // Contacts first: each attendee who is a contact votes for their account.
  const votes = new Map<string, number>();
  for (const e of customers) for (const c of dir.contacts.get(e) ?? []) votes.set(c.accountId, (votes.get(c.accountId) ?? 0) + 1);
  const decide = (tally: Map<string, number>, by: 'contact' | 'email_domain'): EventMatch | null => {
    if (tally.size === 0) return null;
    const best = Math.max(...tally.values());
    const top = [...tally].filter(([, n]) => n === best).map(([id]) => id);
    return top.length === 1 ? { kind: 'account', accountId: top[0]!, by, externals } : { kind: 'unmatched', candidates: top.sort(), externals };
  };
  const byContact = decide(votes, 'contact');
  if (byContact) return byContact;

  const domainVotes = new Map<string, number>();
  const ambiguous = new Set<string>();
  for (const e of customers) {
    const m = dir.matchDomain(domainOf(e));
    if (!m) continue;
    if ('accountId' in m) domainVotes.set(m.accountId, (domainVotes.get(m.accountId) ?? 0) + 1);
    else for (const id of m.candidates) ambiguous.add(id);
  }
  const byDomain = decide(domainVotes, 'email_domain');
  if (byDomain) return byDomain;
  return { kind: 'unmatched', candidates: [...ambiguous].sort(), externals };
}
