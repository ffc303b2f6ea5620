import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/local-server.ts';
import { GitLabIssueSchema, mapGitLabIssue } from './map.ts';

// Fixtures follow https://docs.gitlab.com/api/issues/#list-group-issues
const issue = (file: string) => GitLabIssueSchema.parse(readFixture<{ body: unknown[] }>(import.meta.url, file).body[0]);

describe('GitLab issues as tracker items', () => {
  it('an open issue takes its priority from a scoped label and keeps labels for account matching', () => {
    expect(mapGitLabIssue(issue('group-issues-page-1.json'))).toEqual({
      source: 'gitlab',
      externalId: '84',
      kind: 'ticket',
      title: 'Customer cannot rotate runner tokens',
      status: 'open',
      rawStatus: 'opened',
      priority: 'high',
      url: 'https://gitlab.example.com/acme/support/-/issues/14',
      accountKey: { labels: ['customer', 'customer::globex', 'priority::2'] },
      createdAt: '2025-02-01T10:00:00.000Z',
      updatedAt: '2025-02-03T10:00:00.000Z',
      closedAt: null,
    });
  });

  it('a closed issue with detailed labels is a closed feature request when so labelled', () => {
    const item = mapGitLabIssue(issue('group-issues-page-2.json'), { featureRequestLabels: ['Feature Request'] });
    expect([item.kind, item.status, item.closedAt, item.priority]).toEqual(['feature_request', 'closed', '2025-02-04T09:29:00.000Z', null]);
    expect(item.accountKey.labels).toContain('customer::initech');
  });

  it('configured priority labels replace the scoped-label default', () => {
    expect(mapGitLabIssue(issue('group-issues-page-1.json'), { priorityLabels: { customer: 'urgent' } }).priority).toBe('urgent');
  });
});
