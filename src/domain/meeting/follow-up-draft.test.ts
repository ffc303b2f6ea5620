import { describe, expect, it } from 'vitest';
import { draftFollowUpFor, mayRedraft, type CallForFollowUp } from './follow-up.ts';
import { actionItem, agendaItem, attendee, meeting } from './meeting.fixtures.ts';

function call(over: Partial<CallForFollowUp> = {}): CallForFollowUp {
  return {
    vendorName: 'Acme',
    accountName: 'Globex',
    timezone: 'Europe/Berlin',
    senderName: 'Alice Archer',
    meeting: { ...meeting({ heldAt: '2026-11-24T16:00:00.000Z', recordingUrl: 'https://rec.example/1' }), summary: 'Rollout on track\n\n SSO in December ' },
    agenda: {
      items: [
        agendaItem({ id: 'a', text: 'Runner sizing', discussed: true }),
        agendaItem({ id: 'b', text: 'Internal: renewal price', discussed: true, visibility: 'internal' }),
        agendaItem({ id: 'c', text: 'Not reached', discussed: false }),
      ],
    },
    openItems: [actionItem({ text: 'Send the SSO guide', side: 'vendor' })],
    nextCallAt: '2026-12-08T14:00:00.000Z',
    now: new Date('2026-11-24T17:00:00Z'),
    ...over,
  };
}

describe('draftFollowUpFor', () => {
  it('the follow-up recaps the summary and the shared items discussed, lists open action items, links the recording and names the next call', () => {
    const draft = draftFollowUpFor(call());
    expect(draft.text).toContain('- Rollout on track\n- SSO in December\n- Runner sizing');
    expect(draft.text).not.toContain('renewal price');
    expect(draft.text).not.toContain('Not reached');
    expect(draft.text).toContain('Send the SSO guide');
    expect(draft.text).toContain('Recording of the call: https://rec.example/1');
    expect(draft.text).toContain('Our next call: ');
  });

  it('the follow-up goes to the customer attendees with an email, greeted by first name', () => {
    const attendees = [attendee(), attendee({ kind: 'contact', id: 'c-1', name: 'Hank Scorpio', email: 'hank@globex.test', side: 'customer' }), attendee({ kind: 'contact', id: 'c-2', name: 'Mindy Lee', email: null, side: 'customer' })];
    const draft = draftFollowUpFor(call({ meeting: { ...call().meeting, attendees } }));
    expect(draft.recipients).toEqual(['hank@globex.test']);
    expect(draft.text.startsWith('Hello Hank, Mindy,')).toBe(true);
  });

  it('without a next call planned, the follow-up promises to confirm one', () => {
    expect(draftFollowUpFor(call({ nextCallAt: null })).text).toContain('We will confirm the date of our next call shortly.');
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
