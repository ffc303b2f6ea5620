import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../transcripts/parse-transcript.ts';
import type { Transcript } from '../transcripts/transcript.ts';
import { extractNotes } from './extract-notes.ts';
import { NotesSuggestionsSchema, type NotesContext } from './schema.ts';

function load(name: string): Transcript {
  const parsed = parseTranscript(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.transcript;
}

const renewalCall: NotesContext = {
  meetingDate: '2026-03-10', // a Tuesday
  timezone: 'Europe/Berlin',
  attendees: [
    { name: "Dana O'Brien", side: 'vendor' },
    { name: 'Sam Patel', side: 'customer' },
    { name: 'Priya Shah', side: 'customer' },
  ],
  agenda: [
    { id: 'ag-tickets', text: 'Open support tickets' },
    { id: 'ag-renewal', text: 'Renewal planning' },
  ],
  account: { name: 'Acme', renewalDate: '2026-06-30' },
  knownTickets: [
    { id: 'ZD-4512', title: 'Runner outage on shared runners' },
    { id: 'ZD-4600', title: 'SSO login loop' },
  ],
  knownRequests: [{ id: 'FR-88', title: 'Export dashboard to CSV' }],
};

describe('notes from a renewal-season cadence call', () => {
  const notes = extractNotes(load('renewal-risk-call.vtt'), renewalCall);

  it('action items name their owner, side and a due date resolved from the meeting date', () => {
    const items = notes.actionItems.map((a) => ({ owner: a.owner, side: a.side, due: a.due, text: a.text }));
    expect(items).toContainEqual({ owner: "Dana O'Brien", side: 'vendor', due: '2026-03-13', text: 'Escalate the runner ticket with our support manager by Friday' });
    expect(items).toContainEqual({ owner: 'Sam Patel', side: 'customer', due: '2026-06-29', text: 'Introduce me to her replacement before the renewal' });
    expect(items).toContainEqual({ owner: 'Sam Patel', side: 'customer', due: '2026-03-20', text: 'Share the licence usage report next week' });
    expect(items).toContainEqual({ owner: "Dana O'Brien", side: 'vendor', due: '2026-03-11', text: 'Send the SSO setup guide tomorrow' });
  });

  it('"I\'ll be your main contact" and "let\'s move on" are not action items', () => {
    expect(notes.actionItems.map((a) => a.text).join(' | ')).not.toMatch(/main contact|roadmap slides/i);
  });

  it('every suggestion carries the quote and the second it was said at', () => {
    const escalate = notes.actionItems.find((a) => a.text.startsWith('Escalate'));
    expect(escalate).toMatchObject({ quote: "I'll escalate the runner ticket with our support manager by Friday.", at: 19 });
  });

  it('the decision agreed in the call is shown; things only named wait under "show more"', () => {
    expect(notes.decisions.filter((d) => d.shown).map((d) => d.text)).toEqual(['Run a value review workshop for your finance team']);
  });

  // A risk needs explicit evidence (a named person leaving, a competitor or consolidation, a budget cut): a long-open ticket is a support problem, not a risk.
  it('a leaving champion and tool consolidation are typed risks; the vendor promising to escalate is not', () => {
    expect(notes.risks.map((r) => [r.type, r.severity, r.at])).toEqual([
      ['champion_leaving', 'high', 26],
      ['tool_consolidation', 'high', 43],
    ]);
  });

  it('problems and wishes are matched to the known ticket and feature request', () => {
    expect(notes.requests.map((r) => [r.kind, r.matchedId])).toEqual([
      ['support_problem', 'ZD-4512'],
      ['feature_request', 'FR-88'],
    ]);
  });

  it('the question nobody answered is listed for the follow-up', () => {
    expect(notes.questions.map((q) => [q.askedBy, q.text])).toEqual([['Sam Patel', 'Who owns the migration plan for the legacy Jenkins jobs on your side?']]);
  });

  it('the summary follows the agenda', () => {
    expect(notes.summary.map((s) => s.agendaItemId)).toEqual(['ag-tickets', 'ag-renewal']);
    expect(notes.summary[0]?.points[0]?.text).toMatch(/runner outage ticket/);
  });

  it('the frustrated customer shows up as a negative sentiment hint', () => {
    expect(notes.sentiment[0]).toMatchObject({ speaker: 'Sam Patel', side: 'customer', tone: 'negative', at: 10 });
  });

  it('the output has the shape the LLM answer is checked against, and is the same every time', () => {
    expect(NotesSuggestionsSchema.safeParse(notes).success).toBe(true);
    expect(extractNotes(load('renewal-risk-call.vtt'), renewalCall)).toEqual(notes);
  });
});

describe('notes from an onboarding kickoff typed as plain lines', () => {
  const notes = extractNotes(load('onboarding-call.txt'), {
    meetingDate: '2026-03-10',
    timezone: 'America/New_York',
    attendees: [
      { name: 'Lee Wong', side: 'vendor' },
      { name: 'Maria Garcia', side: 'customer' },
    ],
  });

  it("a request by name becomes the customer's action item due at the end of the week", () => {
    expect(notes.actionItems).toContainEqual(expect.objectContaining({ owner: 'Maria Garcia', side: 'customer', due: '2026-03-13', at: 220 }));
    expect(notes.actionItems).toContainEqual(expect.objectContaining({ owner: 'Lee Wong', text: 'Open a support ticket for the import timeout today', due: '2026-03-10' }));
  });

  it('"let\'s go with" agreed by the customer is a decision', () => {
    expect(notes.decisions.filter((d) => d.shown).map((d) => d.text)).toEqual(['SAML through Okta for the SSO setup']);
  });

  // "Only a few users" is no explicit evidence of a risk; a new leader from a named competitor is.
  it('a new leader from a competitor is flagged; a slow start is not a risk', () => {
    expect(notes.risks.map((r) => r.type)).toEqual(['competitor_hire']);
  });

  it('the failing import is a support problem with no known ticket to link', () => {
    expect(notes.requests).toEqual([expect.objectContaining({ kind: 'support_problem', matchedId: null, at: 120 })]);
  });
});
