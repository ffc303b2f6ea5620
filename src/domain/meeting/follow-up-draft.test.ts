import { describe, expect, it } from 'vitest';
import { formatCallTimeFor } from '../calendar/call-time.ts';
import { projectCustomerCall } from '../agenda/customer-view.ts';
import { draftFollowUpFor, mayRedraft, type CallForFollowUp } from './follow-up.ts';
import type { ActionItem, Meeting } from './meeting.ts';
import { actionItem, attendee, meeting } from './meeting.fixtures.ts';

/** A held call as the service hands it over: its records, through the customer view of the call. */
function call(over: Partial<CallForFollowUp> & { meeting?: Meeting; actionItems?: ActionItem[] } = {}): CallForFollowUp {
  const { meeting: held = meeting({ heldAt: '2026-11-24T16:00:00.000Z', recordingUrl: 'https://rec.example/1' }), actionItems = [actionItem({ text: 'Send the SSO guide', side: 'vendor' })], ...rest } = over;
  return {
    vendorName: 'Acme',
    timezone: 'Europe/Berlin',
    senderName: 'Alice Archer',
    customer: projectCustomerCall(held, 'Globex', {
      outcomes: { recap: ['Rollout on track', 'SSO in December'], decisions: ['SSO before the second business unit'], questions: [] },
      actionItems,
    }),
    nextCallAt: '2026-12-08T14:00:00.000Z',
    now: new Date('2026-11-24T17:00:00Z'),
    ...rest,
  };
}

const words = (d: ReturnType<typeof draftFollowUpFor>) => JSON.stringify(d.content);

describe('draftFollowUpFor', () => {
  it('the follow-up starts from the CSM’s recap and decisions, lists the action items, links the recording and names the next call', () => {
    const draft = draftFollowUpFor(call());
    expect(words(draft)).toContain('Rollout on track');
    expect(words(draft)).toContain('SSO before the second business unit');
    expect(words(draft)).toContain('Send the SSO guide');
    expect(draft.content.blocks).toContainEqual({ kind: 'links', items: [{ url: 'https://rec.example/1', label: 'Recording of the call' }] });
    expect(words(draft)).toContain(`Our next call: ${formatCallTimeFor('2026-12-08T14:00:00.000Z', { zone: 'Europe/Berlin' })}.`);
  });

  it('dates count from the day it is written, so a draft written later promises nothing already past', () => {
    const item = actionItem({ side: 'vendor', text: 'Send the SSO guide', dueDate: '2026-11-25' });
    const onTime = draftFollowUpFor(call({ actionItems: [item] }));
    const later = draftFollowUpFor(call({ actionItems: [item], now: new Date('2026-11-30T09:00:00Z') }));
    expect(onTime.review[0]!.addressed).toBe(true);
    expect(later.review[0]!.addressed).toBe(false);
    expect(words(later)).toContain('Planned for 25 November 2026 and not done yet. We will tell you by 3 December 2026 where it stands');
  });

  it('the follow-up goes to the customer attendees with an email, greeted by first name', () => {
    const attendees = [attendee(), attendee({ kind: 'contact', id: 'c-1', name: 'Hank Scorpio', email: 'hank@globex.test', side: 'customer' }), attendee({ kind: 'contact', id: 'c-2', name: 'Mindy Lee', email: null, side: 'customer' })];
    const draft = draftFollowUpFor(call({ meeting: meeting({ recordingUrl: 'https://rec.example/1', attendees }) }));
    expect(draft.recipients).toEqual(['hank@globex.test']);
    expect(draft.content.greeting).toBe('Hello Hank, Mindy,');
  });

  it('without a next call planned, the follow-up promises to confirm one', () => {
    expect(words(draftFollowUpFor(call({ nextCallAt: null })))).toContain('We will confirm the date of our next call shortly.');
  });
});

describe('mayRedraft', () => {
  it('a redraft replaces only a draft nobody edited or sent', () => {
    expect(mayRedraft(undefined)).toBe(true);
    expect(mayRedraft({ sentAt: null, editedAt: null })).toBe(true);
    expect(mayRedraft({ sentAt: null, editedAt: '2026-11-24T18:00:00.000Z' })).toBe(false);
    expect(mayRedraft({ sentAt: '2026-11-25T09:00:00.000Z', editedAt: null })).toBe(false);
  });
});
