import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../calendar/business-calendar.ts';
import { formatCallTimeFor } from '../calendar/call-time.ts';
import { composeFollowUp, contentFromText, describeUnaddressed, type FollowUpContent, type FollowUpInput } from './follow-up.ts';
import { customerActionItems } from '../account/customer-account-view.ts';
import type { ActionItem } from './meeting.ts';
import { ACCOUNT_ID, actionItem } from './meeting.fixtures.ts';

/** Action items as the follow-up gets them: through the customer view of the account. */
const asCustomer = (...items: ActionItem[]) => customerActionItems(ACCOUNT_ID, items);

function input(over: Partial<FollowUpInput> = {}): FollowUpInput {
  return {
    vendorName: 'Acme',
    accountName: 'Globex',
    meetingTitle: 'Acme / Globex CSM Call',
    heldAt: '2026-11-24T15:00:00.000Z',
    timezone: 'UTC',
    greetingNames: ['Hank'],
    senderName: 'Alice Archer',
    outcomes: {
      recap: ['Runner timeouts are the top blocker', 'SSO roll-out starts in December'],
      decisions: ['Globex moves to the 18.x release line in January'],
      questions: [
        { question: 'Does SSO support SCIM?', answer: 'Yes, SCIM provisioning is included in your plan.' },
        { question: 'Can runners autoscale on OpenShift?', answer: null },
      ],
    },
    actionItems: asCustomer(
      actionItem({ id: 'ai-1', text: 'Send the SSO metadata', dueDate: '2026-11-30' }),
      actionItem({ id: 'ai-2', side: 'vendor', text: 'Share the runner sizing guide', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, dueDate: null }),
      actionItem({ id: 'ai-3', side: 'vendor', text: 'Ask product about merge trains', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, lastUpdate: 'PM replied: planned for 18.0', expectedUpdateOn: '2026-12-04' }),
      actionItem({ id: 'ai-4', text: 'Upload the architecture diagram', status: 'done' }),
    ),
    links: [{ url: 'https://docs.vendor.test/runners/sizing', description: 'How to size runners for large monorepos' }],
    nextCallAt: '2026-12-08T15:00:00.000Z',
    ...over,
  };
}

/** The content as plain lines, the way a reader scans it. */
function lines(content: FollowUpContent): string {
  const out: string[] = [content.greeting ?? ''];
  for (const b of content.blocks) {
    if (b.kind === 'heading') out.push(`## ${b.text}`);
    else if (b.kind === 'paragraph') out.push(b.text);
    else if (b.kind === 'list') out.push(...b.items.map((i) => `- ${i.text}${i.note ? ` [${i.note}]` : ''}`));
    else if (b.kind === 'links') out.push(...b.items.map((l) => `- ${l.label}: ${l.url}`));
  }
  out.push(...(content.signature ?? []));
  return out.join('\n');
}

describe('composeFollowUp', () => {
  it('names the call and its date in the subject', () => {
    expect(composeFollowUp(input()).subject).toBe('Follow-up: Acme / Globex CSM Call, 24 November 2026');
  });

  it('greets, recaps in the CSM’s words, says what we agreed, and closes with the next call and the sender', () => {
    const text = lines(composeFollowUp(input()).content);
    expect(text.startsWith('Hello Hank,\nThank you for your time on 24 November 2026.')).toBe(true);
    expect(text).toContain('## Summary\n- Runner timeouts are the top blocker\n- SSO roll-out starts in December');
    expect(text).toContain('## What we agreed\n- Globex moves to the 18.x release line in January');
    expect(text).toContain(`## Next call\nOur next call: ${formatCallTimeFor('2026-12-08T15:00:00.000Z', { zone: 'UTC' })}.`);
    expect(text.endsWith('Alice Archer')).toBe(true);
  });

  it('names the next call in the customer’s zone with ours in brackets', () => {
    const text = lines(composeFollowUp(input({ timezone: 'Australia/Sydney', ourTimezone: 'Europe/Berlin' })).content);
    // The one rule for a time a customer reads (call-time.ts): their zone, ours beside it.
    expect(text).toContain(`Our next call: ${formatCallTimeFor('2026-12-08T15:00:00.000Z', { zone: 'Australia/Sydney', otherZone: 'Europe/Berlin' })}.`);
    expect(text).toContain('Wednesday 9 December 2026, 02:00');
  });

  it('addresses every action item with its owner and due date, ours apart from theirs', () => {
    const text = lines(composeFollowUp(input()).content);
    const ours = text.indexOf('## Action items for us (Acme)');
    const theirs = text.indexOf('## Action items for you (Globex)');
    expect(ours).toBeGreaterThan(0);
    expect(theirs).toBeGreaterThan(ours);
    expect(text.slice(ours, theirs)).toContain('- Ask product about merge trains — Alice Archer, due 30 November 2026 [Next step: PM replied: planned for 18.0. We will update you by 4 December 2026]');
    expect(text.slice(theirs)).toContain('- Send the SSO metadata — Hank Scorpio, due 30 November 2026 [Open, due 30 November 2026]');
  });

  it('marks an item done in the call as done', () => {
    expect(lines(composeFollowUp(input()).content)).toContain('- Upload the architecture diagram — Hank Scorpio, due 30 November 2026 [Done]');
  });

  it('an item with no date says when we will tell them, three business days on, holidays skipped, and is not addressed', () => {
    const a = actionItem({ id: 'x', side: 'vendor', dueDate: null, text: 'Share the runner sizing guide' });
    const out = composeFollowUp(input({ actionItems: asCustomer(a) }));
    expect(lines(out.content)).toContain('[We will tell you by 27 November 2026 where it stands]');
    expect(out.review).toEqual([{ id: 'x', text: 'Share the runner sizing guide', side: 'vendor', status: 'open', addressed: false, reason: 'has no due date and no date for news' }]);
    expect(lines(composeFollowUp(input({ actionItems: asCustomer(a), calendar: businessCalendar(['2026-11-26']) })).content)).toContain('by 30 November 2026');
  });

  it('never promises a date that has passed: a missed due date is named as missed and a new date ahead is given', () => {
    const late = actionItem({ id: 'late', side: 'vendor', text: 'Send the SSO guide', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, dueDate: '2026-11-21', expectedUpdateOn: '2026-11-20' });
    const out = composeFollowUp(input({ heldAt: '2026-11-30T15:00:00.000Z', today: '2026-12-02', actionItems: asCustomer(late) }));
    const text = lines(out.content);
    expect(text).toContain('- Send the SSO guide — Alice Archer [Planned for 21 November 2026 and not done yet. We will tell you by 7 December 2026 where it stands]');
    expect(text).not.toMatch(/by 2[01] November|due 21 November/);
    expect(out.review[0]).toMatchObject({ addressed: false, reason: 'was due 21 November 2026, is not done and has no new date' });
  });

  it('an open item with a date still ahead is addressed', () => {
    const out = composeFollowUp(input());
    expect(out.review.filter((r) => r.status === 'open').map((r) => [r.id, r.addressed])).toEqual([
      ['ai-2', false],
      ['ai-3', true],
      ['ai-1', true],
    ]);
    expect(describeUnaddressed(out.review)).toBe('1 action item is not addressed: "Share the runner sizing guide" (has no due date and no date for news)');
    expect(describeUnaddressed(out.review.filter((r) => r.addressed))).toBeNull();
  });

  it('leaves dropped action items out', () => {
    const text = lines(composeFollowUp(input({ actionItems: asCustomer(actionItem({ text: 'Abandoned idea', status: 'dropped' })) })).content);
    expect(text).not.toContain('Abandoned idea');
    expect(text).toContain('No action items came out of this call.');
  });

  it('answers the questions raised, and says by when it answers the pending ones', () => {
    const text = lines(composeFollowUp(input()).content);
    expect(text).toContain('## Your questions\n- Does SSO support SCIM? [Answer: Yes, SCIM provisioning is included in your plan.]\n- Can runners autoscale on OpenShift? [We will answer by 27 November 2026]');
  });

  it('shows each link in full with its one-line description, the opened tickets too', () => {
    const requests = [
      { id: 'rr-1', meetingId: 'm-2', kind: 'ticket' as const, title: 'Runner timeouts', externalId: '48213', url: 'https://support.test/48213', dismissedReason: null },
      { id: 'rr-2', meetingId: 'm-2', kind: 'feature_request' as const, title: 'Merge trains', externalId: null, url: null, dismissedReason: 'Exists already' },
    ];
    const text = lines(composeFollowUp(input({ requests, links: [{ url: 'https://docs.vendor.test/sso?x=1&y=2', description: 'SSO set-up\nguide' }] })).content);
    expect(text).toContain('## Links\n- SSO set-up guide: https://docs.vendor.test/sso?x=1&y=2\n- Support ticket we opened: Runner timeouts: https://support.test/48213');
    expect(text).not.toContain('Merge trains');
  });

  it('refuses a link that is not a web address and says so', () => {
    const out = composeFollowUp(input({ links: [{ url: 'javascript:alert(1)', description: 'Bad' }] }));
    expect(lines(out.content)).not.toContain('javascript:');
    expect(out.warnings).toEqual(['Left out a link that is not a web address: javascript:alert(1)']);
  });

  it('asks for a recap when the CSM gave none, rather than filling one in', () => {
    const out = composeFollowUp(input({ outcomes: { recap: [], decisions: [], questions: [] } }));
    expect(lines(out.content)).not.toContain('## Summary');
    expect(out.warnings).toContain('No recap yet: add the highlights of the call for the customer.');
  });

  it('promises to confirm the next call when none is booked', () => {
    expect(lines(composeFollowUp(input({ nextCallAt: null })).content)).toContain('We will confirm the date of our next call shortly.');
  });
});

describe('contentFromText', () => {
  it('lays out a follow-up the CSM edited: paragraphs, headed lists and notes under items', () => {
    const content = contentFromText('Hello Hank,\n\nThanks for today.\nSee you soon.\n\nWHAT WE AGREED\n  - Move to 18.x\n    in January\n  - SSO first\n\n# Links\n- Guide: https://x.test');
    expect(content.blocks).toEqual([
      { kind: 'paragraph', text: 'Hello Hank,' },
      { kind: 'paragraph', text: 'Thanks for today.\nSee you soon.' },
      { kind: 'heading', text: 'WHAT WE AGREED' },
      { kind: 'list', items: [{ text: 'Move to 18.x', note: 'in January' }, { text: 'SSO first' }] },
      { kind: 'heading', text: 'Links' },
      { kind: 'list', items: [{ text: 'Guide: https://x.test' }] },
    ]);
  });
});
