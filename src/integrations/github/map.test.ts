import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/local-server.ts';
import { GitHubIssueSchema, isPullRequest, mapGitHubIssue } from './map.ts';

// Fixtures follow https://docs.github.com/en/rest/issues/issues#list-repository-issues
const list = (file: string) => readFixture<{ body: unknown[] }>(import.meta.url, file).body.map((i) => GitHubIssueSchema.parse(i));
const [open, pull] = list('issues-page-1.json');
const [declined] = list('issues-page-2.json');

describe('GitHub issues as tracker items', () => {
  it('an open enhancement is a feature request with its labels and urgent priority label', () => {
    if (!open) throw new Error('fixture');
    expect(mapGitHubIssue(open, { featureRequestLabels: ['enhancement'] })).toEqual({
      source: 'github',
      externalId: '1001',
      kind: 'feature_request',
      title: 'Dark mode for the dashboard',
      status: 'open',
      rawStatus: 'open',
      priority: 'urgent',
      url: 'https://github.com/acme/product/issues/7',
      accountKey: { labels: ['customer', 'enhancement', 'priority::1'] },
      createdAt: '2025-02-01T10:00:00.000Z',
      updatedAt: '2025-02-02T10:00:00.000Z',
      closedAt: null,
    });
  });

  it('a request closed as not planned says so in its raw status', () => {
    if (!declined) throw new Error('fixture');
    const item = mapGitHubIssue(declined);
    expect([item.status, item.rawStatus, item.closedAt]).toEqual(['closed', 'closed (not_planned)', '2025-02-04T09:59:00.000Z']);
  });

  it('a pull request in the issue list is recognised as one', () => {
    expect([open && isPullRequest(open), pull && isPullRequest(pull)]).toEqual([false, true]);
  });
});
