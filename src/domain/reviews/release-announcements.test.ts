import { describe, expect, it } from 'vitest';
import { projectCustomerAccount } from '../account/customer-account-view.ts';
import type { FeatureRequest } from '../meeting/meeting.ts';
import { draftReleaseAnnouncements, groupShippedRequests, type ShippedFeature } from './release-announcements.ts';

const request = (o: Partial<FeatureRequest> & { id: string; accountId: string }): FeatureRequest => ({
  title: 'Merge trains',
  status: 'shipped',
  externalId: 'GL-1',
  url: 'https://tracker.test/GL-1',
  shippedIn: '17.2',
  shippedAt: '2026-11-18T00:00:00Z',
  createdAt: '2026-05-01T00:00:00Z',
  ...o,
});

/** An account that asked, through the customer view as the service builds it. */
const asking = (accountId: string, name: string, contactName: string | null, requestedAt: string | null) => ({
  accountId,
  customer: projectCustomerAccount({ id: accountId, name }, { contacts: contactName ? [{ name: contactName }] : [], shipped: [{ title: 'Merge trains', release: '17.2', shippedAt: null, requestedAt }] }),
});

const feature: ShippedFeature = { title: 'Merge trains', release: '17.2', shippedAt: '2026-11-18T00:00:00Z', url: 'https://tracker.test/GL-1', externalId: 'GL-1' };

describe('groupShippedRequests', () => {
  it('gathers every account that asked for the same tracker item, once each', () => {
    const groups = groupShippedRequests([
      request({ id: '1', accountId: 'globex' }),
      request({ id: '2', accountId: 'initech' }),
      request({ id: '3', accountId: 'globex' }),
      request({ id: '4', accountId: 'hooli', externalId: null, title: 'Dark mode', shippedIn: '17.3' }),
      request({ id: '5', accountId: 'acme', externalId: null, title: 'dark mode ', shippedIn: '17.3' }),
    ]);
    expect(groups.map((g) => [g.feature.title, g.accountIds])).toEqual([
      ['Merge trains', ['globex', 'initech']],
      ['Dark mode', ['hooli', 'acme']],
    ]);
  });

  it('a request not yet shipped, or shipped with no release named, is not announced', () => {
    expect(groupShippedRequests([request({ id: '1', accountId: 'a', status: 'planned' }), request({ id: '2', accountId: 'b', shippedIn: null })])).toEqual([]);
  });
});

describe('draftReleaseAnnouncements', () => {
  it('drafts one short message per account, greeting the person who asked and naming the release', () => {
    const built = draftReleaseAnnouncements({
      feature,
      vendorName: 'GitLab',
      senderName: 'Alice Archer',
      accounts: [asking('globex', 'Globex', 'Hank Scorpio', '2026-05-01T00:00:00Z'), asking('initech', 'Initech', null, null), asking('globex', 'Globex', 'Someone Else', null)],
    });
    if (!built.ok) throw new Error(built.message);
    expect(built.drafts).toHaveLength(2);
    const [globex, initech] = built.drafts;
    expect(globex?.subject).toBe('Merge trains is now available in GitLab 17.2');
    expect(globex?.text).toMatch(/^Hi Hank,\n\nGood news: Merge trains, which you asked for on 1 May 2026, shipped in GitLab 17\.2\./);
    expect(globex?.text).toContain('Details: https://tracker.test/GL-1');
    expect(globex?.text.endsWith('Alice Archer')).toBe(true);
    expect(initech?.text).toMatch(/^Hi Initech team,/);
  });

  it('refuses a feature with no release to announce', () => {
    expect(draftReleaseAnnouncements({ feature: { ...feature, release: ' ' }, vendorName: 'GitLab', accounts: [] })).toMatchObject({ ok: false, field: 'release' });
  });
});
