import type { AccountKey, TrackerItem } from './ports.ts';

/**
 * How an admin says which tracker items belong to which account: "Zendesk organisation 555 is
 * Globex", "the label customer::globex is Globex", "mail from globex.com is Globex".
 */
export interface AccountMatchRule {
  accountId: string;
  /** Only for items from this TicketSource ("zendesk"); for every source when absent. */
  source?: string;
  orgIds?: readonly string[];
  /** Compared without regard to case. */
  labels?: readonly string[];
  /** Matches the domain and its subdomains (globex.com matches eu.globex.com). */
  emailDomains?: readonly string[];
}

export type AccountMatchBy = 'org' | 'label' | 'email_domain';

export type AccountMatch =
  | { matched: true; accountId: string; by: AccountMatchBy }
  /** `ambiguous`: rules at the deciding level name several accounts; a person must choose. */
  | { matched: false; reason: 'no_rule' | 'ambiguous'; candidates: string[] };

type Index = Map<string, Set<string>>;

const ANY = '*';
const keyOf = (source: string, value: string) => `${source}\u0000${value}`;

function add(index: Index, source: string | undefined, value: string, accountId: string): void {
  const key = keyOf(source ?? ANY, value);
  const set = index.get(key) ?? new Set<string>();
  set.add(accountId);
  index.set(key, set);
}

function lookup(index: Index, source: string, value: string, into: Set<string>): void {
  for (const id of index.get(keyOf(source, value)) ?? []) into.add(id);
  for (const id of index.get(keyOf(ANY, value)) ?? []) into.add(id);
}

/**
 * Compiles the rules once; the returned function matches one item in constant time per label,
 * so a 50,000-item sync is not quadratic. The most specific evidence decides: organisation id,
 * then label, then email domain (the longest matching domain first). Pure.
 */
export function buildAccountMatcher(rules: readonly AccountMatchRule[]): (item: Pick<TrackerItem, 'source' | 'accountKey'>) => AccountMatch {
  const orgs: Index = new Map();
  const labels: Index = new Map();
  const domains: Index = new Map();
  for (const rule of rules) {
    for (const v of rule.orgIds ?? []) add(orgs, rule.source, v.trim(), rule.accountId);
    for (const v of rule.labels ?? []) add(labels, rule.source, v.trim().toLowerCase(), rule.accountId);
    for (const v of rule.emailDomains ?? []) add(domains, rule.source, v.trim().toLowerCase().replace(/^@/, ''), rule.accountId);
  }

  const decide = (found: Set<string>, by: AccountMatchBy): AccountMatch | undefined => {
    if (found.size === 0) return undefined;
    const candidates = [...found].sort();
    return candidates.length === 1 && candidates[0] ? { matched: true, accountId: candidates[0], by } : { matched: false, reason: 'ambiguous', candidates };
  };

  return (item) => {
    const key: AccountKey = item.accountKey;
    if (key.orgId !== undefined) {
      const found = new Set<string>();
      lookup(orgs, item.source, key.orgId, found);
      const d = decide(found, 'org');
      if (d) return d;
    }
    if (key.labels && key.labels.length > 0) {
      const found = new Set<string>();
      for (const l of key.labels) lookup(labels, item.source, l.toLowerCase(), found);
      const d = decide(found, 'label');
      if (d) return d;
    }
    if (key.emailDomain) {
      // eu.globex.com, then globex.com, then com: the most specific configured domain wins.
      const parts = key.emailDomain.toLowerCase().split('.');
      for (let i = 0; i < parts.length - 1; i += 1) {
        const found = new Set<string>();
        lookup(domains, item.source, parts.slice(i).join('.'), found);
        const d = decide(found, 'email_domain');
        if (d) return d;
      }
    }
    return { matched: false, reason: 'no_rule', candidates: [] };
  };
}

/** Each item with its match, in order. */
export function matchItemsToAccounts<T extends Pick<TrackerItem, 'source' | 'accountKey'>>(items: readonly T[], rules: readonly AccountMatchRule[]): { item: T; match: AccountMatch }[] {
  const match = buildAccountMatcher(rules);
  return items.map((item) => ({ item, match: match(item) }));
}
