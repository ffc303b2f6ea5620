import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../calendar/business-calendar.ts';
import { composeFollowUp, type FollowUpInput } from './follow-up.ts';
import { actionItem } from './meeting.fixtures.ts';

function input(over: Partial<FollowUpInput> = {}): FollowUpInput {
  return {
    vendorName: 'Acme',
    accountName: 'Globex',
    meetingTitle: 'Acme / Globex CSM Call',
    heldAt: '2026-11-24T15:00:00.000Z',
    timezone: 'UTC',
    greetingNames: ['Hank'],
    senderName: 'Alice Archer',
    recap: ['Runner timeouts are the top blocker', 'SSO roll-out starts in December'],
    actionItems: [
      actionItem({ id: 'ai-1', text: 'Send the SSO metadata', dueDate: '2026-11-30' }),
      actionItem({ id: 'ai-2', side: 'vendor', text: 'Share the runner sizing guide', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, dueDate: null }),
      actionItem({ id: 'ai-3', side: 'vendor', text: 'Ask product about merge trains', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, lastUpdate: 'PM replied: planned for 18.0' }),
      actionItem({ id: 'ai-4', text: 'Upload the architecture diagram', status: 'done' }),
    ],
    links: [{ url: 'https://docs.vendor.test/runners/sizing', description: 'How to size runners for large monorepos' }],
    answers: [{ question: 'Does SSO support SCIM?', answer: 'Yes, SCIM provisioning is included in your plan.' }],
    nextCallAt: '2026-12-08T15:00:00.000Z',
    ...over,
  };
}

describe('composeFollowUp', () => {
  it('names the call and its date in the subject', () => {
    expect(composeFollowUp(input()).subject).toBe('Follow-up: Acme / Globex CSM Call, 24 November 2026');
  });

  it('greets, recaps, and closes with the next call and the sender', () => {
    const { text } = composeFollowUp(input());
    expect(text.startsWith('Hello Hank,\n\nThank you for your time on 24 November 2026.')).toBe(true);
    expect(text).toContain('Recap\n- Runner timeouts are the top blocker\n- SSO roll-out starts in December');
    expect(text).toContain('Our next call: Tuesday 8 December 2026, 15:00 UTC.');
    expect(text.trimEnd().endsWith('Best regards,\nAlice Archer')).toBe(true);
  });

  it('addresses every action item with its owner and due date, in text and HTML', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      actionItem({ id: `ai-${i}`, text: `Task number ${i}`, side: i % 2 ? 'vendor' : 'customer', owner: { kind: 'user', id: `u-${i}`, name: `Owner ${i}` }, dueDate: i % 3 ? '2026-12-01' : null }),
    );
    const { text, html } = composeFollowUp(input({ actionItems: many }));
    for (const a of many) {
      const due = a.dueDate ? 'due 1 December 2026' : 'no due date';
      expect(text).toContain(`- ${a.text} (${a.owner.name}, ${due})`);
      expect(html).toContain(`${a.text} (${a.owner.name}, ${due})`);
    }
  });

  it('separates what we owe from what the customer owes', () => {
    const { text } = composeFollowUp(input());
    const ours = text.indexOf('Action items for us (Acme)');
    const theirs = text.indexOf('Action items for you (Globex)');
    expect(ours).toBeGreaterThan(0);
    expect(theirs).toBeGreaterThan(ours);
    expect(text.slice(ours, theirs)).toContain('Share the runner sizing guide');
    expect(text.slice(theirs)).toContain('Send the SSO metadata');
  });

  it('says when an item has no update yet and when to expect one', () => {
    const { text } = composeFollowUp(input());
    // No date at all: three business days after the Tuesday call.
    expect(text).toContain('- Share the runner sizing guide (Alice Archer, no due date)\n  No update yet: we are working on it and will update you by 27 November 2026.');
    expect(text).toContain('- Send the SSO metadata (Hank Scorpio, due 30 November 2026)\n  No update yet: expected by 30 November 2026.');
    expect(text).toContain('  Update: PM replied: planned for 18.0');
    expect(text).toContain('- Upload the architecture diagram (Hank Scorpio, due 30 November 2026)\n  Done.');
  });

  it('an item with no date expects an update three business days after the call, holidays skipped', () => {
    const a = actionItem({ side: 'vendor', dueDate: null });
    expect(composeFollowUp(input({ actionItems: [a] })).text).toContain('will update you by 27 November 2026.');
    expect(composeFollowUp(input({ actionItems: [a], calendar: businessCalendar(['2026-11-26']) })).text).toContain('will update you by 30 November 2026.');
  });

  it('prefers the date the owner promised news by', () => {
    const a = actionItem({ side: 'vendor', expectedUpdateOn: '2026-12-03', dueDate: '2026-12-15' });
    expect(composeFollowUp(input({ actionItems: [a] })).text).toContain('will update you by 3 December 2026.');
  });

  it('leaves dropped action items out', () => {
    const { text } = composeFollowUp(input({ actionItems: [actionItem({ text: 'Abandoned idea', status: 'dropped' })] }));
    expect(text).not.toContain('Abandoned idea');
    expect(text).toContain('No action items came out of this call.');
  });

  it('shows each link in full with its one-line description, and the full URL as the HTML link text', () => {
    const { text, html } = composeFollowUp(input({ links: [{ url: 'https://docs.vendor.test/sso?x=1&y=2', description: 'SSO set-up\nguide' }] }));
    expect(text).toContain('Links\n- SSO set-up guide: https://docs.vendor.test/sso?x=1&y=2');
    expect(html).toContain('<a href="https://docs.vendor.test/sso?x=1&amp;y=2" rel="noopener noreferrer">https://docs.vendor.test/sso?x=1&amp;y=2</a>');
  });

  it('links the tickets and feature requests opened from the call', () => {
    const requests = [
      { id: 'rr-1', meetingId: 'm-2', kind: 'ticket' as const, title: 'Runner timeouts', externalId: '48213', url: 'https://support.test/48213', dismissedReason: null },
      { id: 'rr-2', meetingId: 'm-2', kind: 'feature_request' as const, title: 'Merge trains', externalId: null, url: null, dismissedReason: 'Exists already' },
    ];
    const { text } = composeFollowUp(input({ requests }));
    expect(text).toContain('- Support ticket we opened: Runner timeouts: https://support.test/48213');
    expect(text).not.toContain('Merge trains');
  });

  it('refuses a link that is not a web address and says so', () => {
    const out = composeFollowUp(input({ links: [{ url: 'javascript:alert(1)', description: 'Bad' }] }));
    expect(out.text).not.toContain('javascript:');
    expect(out.html).not.toContain('javascript:');
    expect(out.warnings).toEqual(['Left out a link that is not a web address: javascript:alert(1)']);
  });

  it('answers the questions raised on the call', () => {
    expect(composeFollowUp(input()).text).toContain('Answers to your questions\n- Does SSO support SCIM?\n  Yes, SCIM provisioning is included in your plan.');
  });

  it('escapes whatever people typed in the HTML version', () => {
    const { html } = composeFollowUp(input({ recap: ['<script>alert(1)</script>'], greetingNames: ['<b>Hank</b>'] }));
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('promises to confirm the next call when none is booked', () => {
    expect(composeFollowUp(input({ nextCallAt: null })).text).toContain('We will confirm the date of our next call shortly.');
  });
});
