import { describe, expect, it } from 'vitest';
import { buildMatchDirectory, matchEvent, DEFAULT_NEVER_CUSTOMER_DOMAINS } from './match-event.ts';

const dir = buildMatchDirectory({
  users: [
    { id: 'u-sam', email: 'sam@vendor.example', name: 'Sam' },
    { id: 'u-gm', email: 'contractor@gmail.com', name: 'Contractor' },
  ],
  contacts: [
    { accountId: 'globex', contactId: 'c-hana', email: 'hana@globex.com', name: 'Hana' },
    { accountId: 'globex', contactId: 'c-joe', email: 'joe@gmail.com', name: 'Joe' },
    { accountId: 'initech', contactId: 'c-bill', email: 'bill@initech.com', name: 'Bill' },
    { accountId: 'initech-eu', contactId: 'c-eu', email: 'eva@eu.initech.com', name: 'Eva' },
    { accountId: 'a1', contactId: 'c-a1', email: 'x@shared.example', name: 'X' },
    { accountId: 'a2', contactId: 'c-a2', email: 'y@shared.example', name: 'Y' },
  ],
  neverCustomerDomains: DEFAULT_NEVER_CUSTOMER_DOMAINS,
  vendorDomains: ['cadence.vendor.example'],
});
const p = (email: string) => ({ email, name: null });
const sam = p('sam@vendor.example');

describe('which account a calendar event is with', () => {
  it('a contact among the attendees decides', () => {
    expect(matchEvent({ organiser: sam, attendees: [sam, p('hana@globex.com')] }, dir)).toMatchObject({ kind: 'account', accountId: 'globex', by: 'contact' });
  });

  it('a new person at a domain an account’s contacts use matches it, the most specific domain first', () => {
    expect(matchEvent({ organiser: sam, attendees: [p('cfo@globex.com')] }, dir)).toMatchObject({ kind: 'account', accountId: 'globex', by: 'email_domain' });
    expect(matchEvent({ organiser: sam, attendees: [p('new@eu.initech.com')] }, dir)).toMatchObject({ kind: 'account', accountId: 'initech-eu' });
  });

  it('a contact at a free-mail domain matches by address only; the domain never decides', () => {
    expect(matchEvent({ organiser: sam, attendees: [p('joe@gmail.com')] }, dir)).toMatchObject({ kind: 'account', accountId: 'globex' });
    expect(matchEvent({ organiser: sam, attendees: [p('someone@gmail.com')] }, dir)).toMatchObject({ kind: 'unmatched', candidates: [] });
  });

  it('colleagues only, nobody invited, or a crowd: skipped with the reason', () => {
    expect(matchEvent({ organiser: sam, attendees: [sam, p('maria@vendor.example'), p('contractor@gmail.com')] }, dir)).toEqual({ kind: 'skip', reason: 'internal_only' });
    expect(matchEvent({ organiser: sam, attendees: [sam] }, dir)).toEqual({ kind: 'skip', reason: 'no_attendees' });
    expect(matchEvent({ organiser: null, attendees: [] }, dir)).toEqual({ kind: 'skip', reason: 'no_attendees' });
    expect(matchEvent({ organiser: sam, attendees: Array.from({ length: 500 }, (_, i) => p(`p${i}@globex.com`)) }, dir)).toEqual({ kind: 'skip', reason: 'too_many_attendees' });
  });

  it('two accounts equally likely: unmatched with both as candidates; more contacts of one account win', () => {
    expect(matchEvent({ organiser: sam, attendees: [p('z@shared.example')] }, dir)).toMatchObject({ kind: 'unmatched', candidates: ['a1', 'a2'] });
    expect(matchEvent({ organiser: sam, attendees: [p('hana@globex.com'), p('bill@initech.com')] }, dir)).toMatchObject({ kind: 'unmatched', candidates: ['globex', 'initech'] });
    expect(matchEvent({ organiser: sam, attendees: [p('hana@globex.com'), p('joe@gmail.com'), p('bill@initech.com')] }, dir)).toMatchObject({ kind: 'account', accountId: 'globex' });
  });
});
