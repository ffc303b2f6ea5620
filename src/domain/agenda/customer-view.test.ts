import { describe, expect, it } from 'vitest';
import { buildAgenda } from './agenda.ts';
import { setItemNotes, setItemVisibility } from './agenda-edit.ts';
import { agendaInviteDescription, projectCustomerView } from './customer-view.ts';
import type { Agenda } from '../meeting/meeting.ts';
import { NOW, actionItem, agendaInput, meeting, risk } from '../meeting/meeting.fixtures.ts';

function preparedAgenda(): Agenda {
  let agenda = buildAgenda(
    agendaInput({
      risks: [risk()],
      account: { ...agendaInput().account, licencesUsed: 499 },
      actionItems: [actionItem()],
    }),
    NOW,
  );
  const first = agenda.items.find((i) => i.section === 'follow_ups')!;
  const noted = setItemNotes(agenda, first.id, 'Hank sounded unsure, internal: escalate to VP');
  if (noted.ok) agenda = noted.agenda;
  return agenda;
}

const items = [
  actionItem({ id: 'ai-cust', text: 'Send the SSO metadata' }),
  actionItem({ id: 'ai-vendor', side: 'vendor', text: 'Vendor-side chore', owner: { kind: 'user', id: 'u-1', name: 'Alice' } }),
  actionItem({ id: 'ai-other', accountId: 'acc-initech', text: 'Initech secret plan' }),
  actionItem({ id: 'ai-dropped', status: 'dropped', text: 'Dropped idea' }),
  actionItem({ id: 'ai-done', status: 'done', text: 'Upload the architecture diagram' }),
];

describe('the customer view through the share link', () => {
  const m = meeting({ notes: 'Free notes: renewal is shaky, competitor demo next week', csmSentiment: 'red', productSentiment: 'yellow', recordingUrl: 'https://gong.test/rec/1' });
  const view = projectCustomerView(m, preparedAgenda(), items);
  const json = JSON.stringify(view);

  it('never shows internal notes, risks, health, ARR or sentiment', () => {
    for (const secret of ['Hank sounded unsure', 'Free notes', 'competitor demo', 'Initech', '184', 'Health', 'yellow', 'champion', 'loop in the AE', 'gong.test', 'Internal prep']) {
      expect(json).not.toContain(secret);
    }
  });

  it('shows the shared agenda with its headings and the customer side of the action items for this account only', () => {
    expect(view.agenda.length).toBeGreaterThan(5);
    expect(view.agenda.every((i) => i.section !== 'internal_prep')).toBe(true);
    expect(view.agenda.find((i) => i.section === 'commercial')?.sectionTitle).toBe('Renewal and licences');
    expect(view.actionItems.map((a) => a.id)).toEqual(['ai-cust', 'ai-done']);
    expect(view.actionItems[0]).toEqual({ id: 'ai-cust', text: 'Send the SSO metadata', ownerName: 'Hank Scorpio', dueDate: '2026-11-30', status: 'open' });
  });

  it('lists attendees by name and role without their email addresses', () => {
    expect(view.meeting.attendees).toEqual([
      { name: 'Alice Archer', side: 'vendor', role: 'CSM' },
      { name: 'Hank Scorpio', side: 'customer', role: 'VP Engineering' },
    ]);
    expect(json).not.toContain('@');
  });

  it('keeps a risk out even if someone marked its item shared by mistake', () => {
    const agenda = preparedAgenda();
    const riskItem = agenda.items.find((i) => i.source?.type === 'risk')!;
    const flipped = setItemVisibility(agenda, riskItem.id, 'shared');
    if (!flipped.ok) throw new Error(flipped.error);
    expect(JSON.stringify(projectCustomerView(m, flipped.agenda, []))).not.toContain('Initech');
  });

  it('hides an item the CSM marked internal', () => {
    const agenda = preparedAgenda();
    const ticket = agenda.items.find((i) => i.section === 'pain_points')!;
    const hidden = setItemVisibility(agenda, ticket.id, 'internal');
    if (!hidden.ok) throw new Error(hidden.error);
    expect(projectCustomerView(m, hidden.agenda, []).agenda.map((i) => i.id)).not.toContain(ticket.id);
  });

  it('keeps the AE hand-off out even if its item was marked shared, and the prep note behind every item', () => {
    const agenda = preparedAgenda();
    const handOff = agenda.items.find((i) => i.source?.type === 'licence' && i.source.id === 'loop-in-ae')!;
    const flipped = setItemVisibility(agenda, handOff.id, 'shared');
    if (!flipped.ok) throw new Error(flipped.error);
    const shown = JSON.stringify(projectCustomerView(m, flipped.agenda, []));
    expect(shown).not.toContain('loop in the AE');
    expect(agenda.items.some((i) => i.prepNote?.startsWith('Licence use: 499 of 500'))).toBe(true);
    expect(shown).not.toContain('Licence use:');
  });

  it('writes the invite description from the same view: the call time, the link and the customer items only', () => {
    const description = agendaInviteDescription(view, { callTime: 'Tuesday 24 November 2026, 10:00 EST', shareUrl: 'https://cadence.test/share/abc' });
    expect(description.split('\n').slice(0, 3)).toEqual(['Tuesday 24 November 2026, 10:00 EST', 'Agenda and topics: https://cadence.test/share/abc', '']);
    expect(description).toContain('Renewal and licences');
    for (const secret of ['Initech', 'Internal prep', 'Hank sounded unsure', 'loop in the AE', 'Licence use:']) expect(description).not.toContain(secret);
    expect(agendaInviteDescription(view, { callTime: 'x', shareUrl: 'javascript:alert(1)' })).not.toContain('javascript:');
  });

  it('shows an empty agenda before one is prepared', () => {
    expect(projectCustomerView(m, null, []).agenda).toEqual([]);
  });
});
