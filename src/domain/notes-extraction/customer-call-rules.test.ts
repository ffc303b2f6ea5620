import { describe, expect, it } from 'vitest';
import { extractNotes } from './extract-notes.ts';
import type { NotesContext } from './schema.ts';

/**
 * What a CSM sees for the things customers say in their own words: a feature asked for without the
 * request's title, a budget cut said as a freeze or a seat cut, a deadline given in the answer to a
 * request. Each case is a few lines of a call and the suggestion that should come out.
 */
const context: NotesContext = {
  meetingDate: '2026-11-17', // a Tuesday
  timezone: 'America/Chicago',
  attendees: [
    { name: 'Laura Chen', side: 'vendor' },
    { name: 'Mateo Silva', side: 'vendor' },
    { name: 'Derek Holt', side: 'customer' },
    { name: 'Nadia Rahman', side: 'customer' },
  ],
  knownRequests: [
    { id: 'FR-1', title: 'Webhooks for delayed shipments' },
    { id: 'FR-2', title: 'Two-way calendar sync with Google Calendar' },
    { id: 'FR-3', title: 'Spanish patient forms' },
    { id: 'FR-4', title: 'Text message appointment reminders' },
  ],
};

function notes(lines: readonly [string, string][], extra: Partial<NotesContext> = {}) {
  return extractNotes({ format: 'plain', cues: lines.map(([speaker, text], i) => ({ speaker, text, at: i * 20 })) }, { ...context, ...extra });
}
const shown = <T extends { shown?: boolean | undefined }>(items: readonly T[] | undefined) => (items ?? []).filter((i) => i.shown !== false);
const requested = (lines: readonly [string, string][]) => shown(notes(lines).requests).map((r) => r.matchedId);

describe('feature requests said in the customer’s words', () => {
  it('"we need X for Y" is the known request X', () => {
    expect(requested([['Derek Holt', 'And we need webhooks for delayed shipments for our own customer emails.']])).toEqual(['FR-1']);
  });

  it('"we\'d love X" and "do you have X?" are the known requests they name', () => {
    expect(requested([['Nadia Rahman', "We'd love text message reminders for patients, half our no-shows forgot."]])).toEqual(['FR-4']);
    expect(requested([['Derek Holt', 'Do you have Spanish versions of the patient forms? Our patients need them.']])).toEqual(['FR-3']);
  });

  it('a wish in other words is matched by the request our side names in the answer', () => {
    const lines: [string, string][] = [
      ['Derek Holt', 'Is there a way to have changes made in Google come back into the schedule?'],
      ['Laura Chen', "That's two-way sync, it's being built. I'll add you to the request for two-way calendar sync."],
    ];
    expect(requested(lines)).toEqual(['FR-2']);
  });

  it('"we need to talk about seats" or "we need the list by Friday" is no feature request', () => {
    expect(requested([['Derek Holt', 'We need to talk about seats and the renewal date.']])).toEqual([]);
    expect(requested([['Derek Holt', 'We need the list of admins by Friday for our audit.']])).toEqual([]);
  });

  it('our own staff restating the wish is not a request', () => {
    expect(requested([['Laura Chen', 'So you need webhooks for delayed shipments, noted.']])).toEqual([]);
  });
});

describe('budget cuts said as seat cuts and freezes', () => {
  const risks = (text: string, speaker = 'Derek Holt') => shown(notes([[speaker, text]]).risks).map((r) => ({ type: r.type, severity: r.severity }));

  it.each([
    'Finance asked us to reduce seats across every tool this year.',
    "We're freezing all new software spend until the second quarter.",
    'The CFO told us to cut software spend by fifteen percent next year.',
    "There's a spending freeze until April.",
    'Our budgets have been cut for next year.',
  ])('"%s" is a budget risk', (said) => {
    expect(risks(said)).toEqual([expect.objectContaining({ type: 'budget' })]);
  });

  it('a cut that reaches the seats is high; software spend away from the renewal is medium', () => {
    expect(risks('Finance asked us to reduce seats across every tool this year.')).toEqual([{ type: 'budget', severity: 'high' }]);
    expect(risks('The CFO told us to cut software spend by fifteen percent next year.')).toEqual([{ type: 'budget', severity: 'medium' }]);
  });

  it('said twice in a call, it is one risk', () => {
    const found = notes([
      ['Derek Holt', 'Finance asked us to reduce seats across every tool this year.'],
      ['Nadia Rahman', "And we're freezing all new software spend until the second quarter."],
    ]).risks;
    expect(found.filter((r) => r.type === 'budget')).toHaveLength(1);
  });

  it('the cost of a product, our own budget, or no cut at all is no risk', () => {
    expect(risks('We need to cut the cost of the case to hit twelve fifty.')).toEqual([]);
    expect(risks('The budget for the project is twenty five euros per unit.')).toEqual([]);
    expect(risks("Our budget wasn't cut this year, we're fine.")).toEqual([]);
    expect(risks("We're freezing spend on other vendors, not on you.", 'Laura Chen')).toEqual([]);
  });
});

describe('due dates customers and CSMs say', () => {
  const items = (lines: readonly [string, string][]) => shown(notes(lines).actionItems).map((a) => ({ owner: a.owner, text: a.text, due: a.due }));

  it('"this week" is its Friday, "early next week" the Tuesday after', () => {
    expect(items([['Laura Chen', "I'll send the renewal timeline to everyone this week."]])).toContainEqual(expect.objectContaining({ owner: 'Laura Chen', due: '2026-11-20' }));
    expect(items([['Mateo Silva', "I'll put together two pricing options early next week."]])).toContainEqual({ owner: 'Mateo Silva', text: 'Put together two pricing options early next week', due: '2026-11-24' });
  });

  it('"can you get me X by Tuesday?" "Sure." is the one who said sure, due Tuesday', () => {
    expect(
      items([
        ['Laura Chen', 'Can you get me the list of people who still log in every week by Tuesday?'],
        ['Nadia Rahman', 'Sure.'],
      ]),
    ).toEqual([expect.objectContaining({ owner: 'Nadia Rahman', due: '2026-11-24' })]);
  });

  it('the date given in the answer dates the task asked for, and the answer is no second task', () => {
    const found = items([
      ['Laura Chen', 'Nadia, could you send me your admin contacts for the renewal paperwork?'],
      ['Nadia Rahman', 'Yes, I can have that to you by the end of next week.'],
    ]);
    expect(found).toEqual([{ owner: 'Nadia Rahman', text: 'Send your admin contacts for the renewal paperwork', due: '2026-11-27' }]);
  });

  it('a request with its reason after it is taken on by whoever answers yes', () => {
    const found = items([
      ['Derek Holt', 'Can you send us a short incident report by Monday? Our customers are asking.'],
      ['Laura Chen', "Yes, I'll make sure you have it."],
    ]);
    expect(found).toEqual([expect.objectContaining({ owner: 'Laura Chen', due: '2026-11-23' })]);
  });

  it('"we can do that by next Wednesday" answering a request dates it', () => {
    const found = items([
      ['Derek Holt', 'Could you also include annual billing? Finance prefers one invoice.'],
      ['Mateo Silva', 'We can do that by next Wednesday, once finance signs off.'],
    ]);
    expect(found).toEqual([expect.objectContaining({ owner: 'Mateo Silva', text: 'Include annual billing', due: '2026-11-25' })]);
  });
});
