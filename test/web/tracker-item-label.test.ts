import { describe, expect, it } from 'vitest';
import { trackerItemLabel } from '../../web/src/features/meetings/tracker-item-label.ts';

describe('the name a tracker item is shown by in the meeting', () => {
  it('is the Jira key, not the internal issue id', () => {
    expect(trackerItemLabel('https://acme.atlassian.net/browse/SUP-24', '10000')).toBe('SUP-24');
  });
  it('is the issue or ticket number on GitHub, GitLab and Zendesk', () => {
    expect(trackerItemLabel('https://github.com/acme/app/issues/42', '1347052161')).toBe('#42');
    expect(trackerItemLabel('https://gitlab.acme.example/acme/app/-/issues/12', '8812')).toBe('#12');
    expect(trackerItemLabel('https://acme.zendesk.com/agent/tickets/5001', '5001')).toBe('#5001');
  });
  it('falls back to the id, then the link, when the link says nothing', () => {
    expect(trackerItemLabel('https://tracker.example/item?id=9', 'T-9')).toBe('T-9');
    expect(trackerItemLabel('https://tracker.example/item?id=9', null)).toBe('https://tracker.example/item?id=9');
    expect(trackerItemLabel(null, '77')).toBe('77');
    expect(trackerItemLabel('not a url', null)).toBe('not a url');
  });
});
