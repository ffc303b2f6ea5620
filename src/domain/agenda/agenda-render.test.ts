import { describe, expect, it } from 'vitest';
import { buildAgenda } from './agenda.ts';
import { addItem } from './agenda-edit.ts';
import { renderAgendaHtml, renderAgendaMarkdown, renderAgendaText } from './agenda-render.ts';
import { agendaMail, projectCustomerView } from './customer-view.ts';
import type { Agenda } from '../meeting/meeting.ts';
import { NOW, actionItem, agendaInput, meeting, risk, ticket } from '../meeting/meeting.fixtures.ts';

const mailOf = (agenda: Agenda, input: { greetingNames: string[]; senderName: string; shareUrl: string | null }, callTime = 'Tuesday 24 November 2026, 15:00 UTC') =>
  agendaMail(projectCustomerView(meeting({ title: 'Acme / Globex CSM Call' }), agenda, []), { ...input, callTime });
const mailText = (m: ReturnType<typeof mailOf>) => JSON.stringify(m);

function agendaWithCustomerTopic(text: string): Agenda {
  const agenda = buildAgenda(agendaInput({ actionItems: [actionItem()], tickets: [ticket()], risks: [risk()] }), NOW);
  const added = addItem(agenda, { id: 'cust-1', section: 'customer_topics', text, addedBy: 'customer' });
  if (!added.ok) throw new Error(added.error);
  return added.agenda;
}

const options = { title: 'Acme / Globex CSM Call', startsAt: '2026-11-24T15:00:00.000Z' };

describe('rendering the agenda', () => {
  it('writes Markdown with the title, the time and one heading per section in call order', () => {
    const md = renderAgendaMarkdown(agendaWithCustomerTopic('Budget for next year'), options);
    expect(md.startsWith('# Acme / Globex CSM Call\n\nTuesday 24 November 2026, 15:00 UTC\n')).toBe(true);
    const headings = md.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 3)).toEqual(['## Attendees', '## Intros & housekeeping', '## Follow-ups on previous items']);
    expect(headings[headings.length - 1]).toBe('## Recap & next steps');
    expect(md).toContain('- Send the SSO metadata (owner Hank Scorpio (you), open 13 days, due 2026-11-30)');
    expect(md).toContain('- Budget for next year _(added by you)_');
  });

  it('leaves internal prep out of everything a customer receives', () => {
    const agenda = agendaWithCustomerTopic('Budget');
    const email = mailOf(agenda, { greetingNames: ['Hank'], senderName: 'Alice Archer', shareUrl: 'https://cadence.test/s/abc' });
    for (const out of [renderAgendaMarkdown(agenda, options), renderAgendaHtml(agenda, options), renderAgendaText(agenda, options), mailText(email)]) {
      expect(out).not.toContain('Internal prep');
      expect(out).not.toContain('Initech');
      expect(out).not.toContain('184,000');
      expect(out).not.toContain('Health');
    }
  });

  it('shows the team the internal prep and which items were discussed', () => {
    const agenda = agendaWithCustomerTopic('Budget');
    const first = agenda.items.find((i) => i.section === 'follow_ups');
    const ticked = { ...agenda, items: agenda.items.map((i) => (i === first ? { ...i, discussed: true } : i)) };
    const md = renderAgendaMarkdown(ticked, { ...options, audience: 'team' });
    expect(md).toContain('## Internal prep (not shared)');
    expect(md).toContain('[ ] Risk (high): champion leaving');
    expect(md).toContain('- [x] Send the SSO metadata');
  });

  it('shows a customer topic with markup as the words they typed, never as HTML', () => {
    const agenda = agendaWithCustomerTopic('<img src=x onerror=alert(1)> [win](javascript:alert(1)) **loud**');
    const html = renderAgendaHtml(agenda, options);
    expect(html).not.toMatch(/<img|<[^>]*\sonerror=|href="javascript|<strong>/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('opens a new heading when the CSM moves an item into another section', () => {
    const agenda = agendaWithCustomerTopic('Budget');
    const cust = agenda.items.find((i) => i.id === 'cust-1')!;
    const moved = { ...agenda, items: [cust, ...agenda.items.filter((i) => i !== cust)] };
    const md = renderAgendaMarkdown(moved, options);
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .slice(0, 2),
    ).toEqual(['## Your topics', '## Attendees']);
  });

  it('writes a plain-text body with headings in capitals and no markup', () => {
    const text = renderAgendaText(agendaWithCustomerTopic('Budget for next year'), options);
    expect(text).toContain('\nFOLLOW-UPS ON PREVIOUS ITEMS\n  - Send the SSO metadata');
    expect(text).not.toMatch(/^#|\\|_\(|<\/?[a-z]/m);
  });

  it('emails the agenda with a greeting, the share link and a subject naming the call', () => {
    const email = mailOf(agendaWithCustomerTopic('Budget'), { greetingNames: ['Hank', 'Mindy'], senderName: 'Alice Archer', shareUrl: 'https://cadence.test/s/abc' }, 'Tuesday 24 November 2026, 10:00 EST');
    expect(email.subject).toBe('Agenda: Acme / Globex CSM Call, Tuesday 24 November 2026, 10:00 EST');
    expect(email.content.greeting).toBe('Hello Hank, Mindy,');
    expect(email.content.blocks).toContainEqual({ kind: 'button', label: 'Read the agenda and propose topics', url: 'https://cadence.test/s/abc' });
    expect(email.content.blocks).toContainEqual({ kind: 'heading', text: 'Your topics' });
    expect(email.content.signature).toEqual(['Alice Archer']);
  });

  it('does not turn a share link that is not http(s) into a link', () => {
    const email = mailOf(agendaWithCustomerTopic('Budget'), { greetingNames: [], senderName: 'A', shareUrl: 'javascript:alert(1)' });
    expect(mailText(email)).not.toContain('javascript:');
  });

  it('shows the team the prep note beside the customer wording, and the customer only the wording', () => {
    const agenda = buildAgenda(agendaInput({ findings: [] }), NOW);
    const item = agenda.items.find((i) => i.source?.type === 'finding' && i.source.id === 'none')!;
    expect(item.prepNote).toContain('either they are not using it or it is not working');
    expect(renderAgendaText(agenda, { ...options, audience: 'team' })).toContain(`${item.text} (prep: ${item.prepNote})`);
    for (const out of [renderAgendaText(agenda, options), renderAgendaMarkdown(agenda, options), mailText(mailOf(agenda, { greetingNames: [], senderName: 'A', shareUrl: null }))]) {
      expect(out).toContain(item.text);
      expect(out).not.toContain('not working');
    }
  });
});
