import { describe, expect, it } from 'vitest';
import { readFixture } from '../testing/local-server.ts';
import { jiraDescription, JiraIssueSchema, mapJiraIssue } from './map.ts';

// Fixtures follow https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
const issues = [...readFixture<{ issues: unknown[] }>(import.meta.url, 'search-page-1.json').issues, ...readFixture<{ issues: unknown[] }>(import.meta.url, 'search-page-2.json').issues].map((i) => JiraIssueSchema.parse(i));
const at = (i: number) => {
  const issue = issues[i];
  if (!issue) throw new Error(`no issue ${i}`);
  return issue;
};
const context = { baseUrl: 'https://acme.atlassian.net/', orgField: 'customfield_10002' };

describe('Jira issues as tracker items', () => {
  it('an issue in progress keeps its priority, labels, organisation, reporter domain and browse link', () => {
    expect(mapJiraIssue(at(0), context)).toEqual({
      source: 'jira',
      externalId: '10068',
      kind: 'ticket',
      title: 'Webhook deliveries delayed by hours',
      status: 'open',
      rawStatus: 'In Progress',
      priority: 'high',
      url: 'https://acme.atlassian.net/browse/SUP-12',
      accountKey: { orgId: '3', labels: ['customer', 'globex'], emailDomain: 'globex.example' },
      createdAt: '2025-02-01T08:00:00.000Z',
      updatedAt: '2025-02-03T14:30:00.000Z',
      closedAt: null,
    });
  });

  it('a status configured as waiting on the customer is pending', () => {
    const item = mapJiraIssue(at(1), context, { pendingStatuses: ['waiting for customer'] });
    expect([item.status, item.priority, item.accountKey]).toEqual(['pending', 'normal', { labels: ['customer'] }]);
  });

  it('a done story is a closed feature request as of its resolution', () => {
    const item = mapJiraIssue(at(2), context, { featureRequestLabels: ['Story'] });
    expect([item.kind, item.status, item.closedAt, item.priority]).toEqual(['feature_request', 'closed', '2025-02-05T11:59:00.000Z', 'low']);
  });

  it('the description carries the customer context and a link back to the meeting', () => {
    const doc = jiraDescription('Globex needs bulk import.\n\nAbout 2,000 users.', 'https://cadence.example/meetings/42');
    expect(JSON.stringify(doc)).toContain('"href":"https://cadence.example/meetings/42"');
    expect((doc as { content: unknown[] }).content).toHaveLength(3);
  });
});
