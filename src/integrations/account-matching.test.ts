import { describe, expect, it } from 'vitest';
import { buildAccountMatcher, matchItemsToAccounts, type AccountMatchRule } from './account-matching.ts';
import type { AccountKey } from './ports.ts';

const rules: AccountMatchRule[] = [
  { accountId: 'acc-globex', source: 'zendesk', orgIds: ['555'], labels: ['customer::globex'], emailDomains: ['globex.example'] },
  { accountId: 'acc-initech', orgIds: ['777'], labels: ['Customer::Initech'], emailDomains: ['@initech.example'] },
  { accountId: 'acc-globex-eu', emailDomains: ['eu.globex.example'] },
  { accountId: 'acc-umbrella', labels: ['customer::umbrella'] },
];
const match = buildAccountMatcher(rules);
const item = (source: string, accountKey: AccountKey) => ({ source, accountKey });

describe('matching tracker items to accounts', () => {
  it('a Zendesk ticket of a configured organisation belongs to that account', () => {
    expect(match(item('zendesk', { orgId: '555' }))).toEqual({ matched: true, accountId: 'acc-globex', by: 'org' });
  });

  it('an organisation rule for Zendesk does not claim a Jira issue with the same id', () => {
    expect(match(item('jira', { orgId: '555' }))).toEqual({ matched: false, reason: 'no_rule', candidates: [] });
  });

  it('the organisation decides before labels and email domain', () => {
    expect(match(item('zendesk', { orgId: '777', labels: ['customer::globex'], emailDomain: 'globex.example' }))).toMatchObject({ accountId: 'acc-initech', by: 'org' });
  });

  it('labels match whatever their case', () => {
    expect(match(item('gitlab', { labels: ['bug', 'customer::initech'] }))).toEqual({ matched: true, accountId: 'acc-initech', by: 'label' });
  });

  it('an item labelled for two accounts is left for a person to decide', () => {
    expect(match(item('github', { labels: ['customer::initech', 'customer::umbrella'] }))).toEqual({ matched: false, reason: 'ambiguous', candidates: ['acc-initech', 'acc-umbrella'] });
  });

  it('mail from a subdomain goes to the most specific configured domain', () => {
    expect(match(item('zendesk', { emailDomain: 'eu.globex.example' }))).toMatchObject({ accountId: 'acc-globex-eu', by: 'email_domain' });
    expect(match(item('zendesk', { emailDomain: 'us.globex.example' }))).toMatchObject({ accountId: 'acc-globex', by: 'email_domain' });
    expect(match(item('jira', { emailDomain: 'initech.example' }))).toMatchObject({ accountId: 'acc-initech' });
  });

  it('an item with nothing recognisable is unmatched', () => {
    expect(matchItemsToAccounts([item('zendesk', { labels: ['sso'], emailDomain: 'gmail.com' })], rules)[0]?.match).toEqual({ matched: false, reason: 'no_rule', candidates: [] });
  });
});
