import { domainOf, isWithin, PUBLIC_MAIL_DOMAINS, type MailAddress } from '../../domain/mail-capture/captured-mail.ts';
import { buildAccountMatcher, type AccountMatchRule } from '../../integrations/account-matching.ts';
import { findAccountsByContactDomain, findContactsByEmail, listIntegrationAccountRules } from '../../store/captured-mails.repo.ts';
import type { Executor } from '../../store/database.ts';

export type MailAccountMatch = { matched: true; accountId: string; by: 'contact' | 'email_domain' } | { matched: false; reason: 'no_account' | 'ambiguous_account'; detail: string };

/** globex.com and eu.globex.com for eu.globex.com: a rule or a contact at the parent domain covers its subdomains. */
function withParents(domain: string): string[] {
  const parts = domain.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1; i += 1) out.push(parts.slice(i).join('.'));
  return out;
}

function parseRules(json: string): AccountMatchRule[] {
  try {
    const rules = JSON.parse(json) as unknown;
    return Array.isArray(rules) ? (rules as AccountMatchRule[]) : [];
  } catch {
    return [];
  }
}

/**
 * The account a mail belongs to, from its customer addresses: a contact's exact address first,
 * then an email domain (the domains of the account's contacts, and the `emailDomains` of the
 * integrations' account-matching rules, through the same matcher the ticket syncs use). The
 * never-customer domains (gmail.com …) only ever match a contact's exact address. Addresses pointing at
 * several accounts are left for a person: nothing is guessed.
 */
export async function matchMailToAccount(db: Executor, customers: readonly MailAddress[], publicDomains: ReadonlySet<string> = PUBLIC_MAIL_DOMAINS): Promise<MailAccountMatch> {
  const emails = [...new Set(customers.map((c) => c.address))];
  const byContact = [...new Set((await findContactsByEmail(db, emails)).map((c) => c.accountId))].sort();
  if (byContact.length === 1) return { matched: true, accountId: byContact[0]!, by: 'contact' };
  if (byContact.length > 1) return { matched: false, reason: 'ambiguous_account', detail: `the contacts ${emails.join(', ')} belong to ${byContact.length} accounts` };

  const domains = [...new Set(emails.map(domainOf))].filter((d) => d && !isWithin(d, publicDomains));
  if (domains.length === 0) return { matched: false, reason: 'no_account', detail: `no contact has the address ${emails.join(', ')}` };
  const candidates = [...new Set(domains.flatMap(withParents))].filter((d) => !publicDomains.has(d) && d.includes('.'));
  const rules: AccountMatchRule[] = (await findAccountsByContactDomain(db, candidates)).map((r) => ({ accountId: r.accountId, emailDomains: [r.domain] }));
  for (const json of await listIntegrationAccountRules(db)) {
    for (const rule of parseRules(json)) if (rule.emailDomains?.length) rules.push({ accountId: rule.accountId, emailDomains: rule.emailDomains });
  }
  const match = buildAccountMatcher(rules);
  const found = new Set<string>();
  for (const domain of domains) {
    const m = match({ source: 'mail', accountKey: { emailDomain: domain } });
    if (m.matched) found.add(m.accountId);
    else if (m.reason === 'ambiguous') return { matched: false, reason: 'ambiguous_account', detail: `${domain} belongs to ${m.candidates.length} accounts` };
  }
  const accounts = [...found].sort();
  if (accounts.length === 1) return { matched: true, accountId: accounts[0]!, by: 'email_domain' };
  if (accounts.length > 1) return { matched: false, reason: 'ambiguous_account', detail: `the domains ${domains.join(', ')} belong to ${accounts.length} accounts` };
  return { matched: false, reason: 'no_account', detail: `no account has a contact or a domain rule for ${domains.join(', ')}` };
}
