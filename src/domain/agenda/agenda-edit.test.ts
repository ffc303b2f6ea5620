import { describe, expect, it } from 'vitest';
import { MAX_ITEM_TEXT, addItem, changeItemSection, dropItem, editItemText, markDiscussed, moveItem, moveItemDown, moveItemUp, normaliseItemText, setItemNotes, setItemVisibility, type AgendaEdit } from './agenda-edit.ts';
import type { Agenda } from '../meeting/meeting.ts';
import { agendaItem } from '../meeting/meeting.fixtures.ts';

const agenda: Agenda = {
  meetingId: 'm-2',
  items: [
    agendaItem({ id: 'a', section: 'attendees', text: 'Attendees' }),
    agendaItem({ id: 'f1', section: 'follow_ups', text: 'Follow-up one' }),
    agendaItem({ id: 'f2', section: 'follow_ups', text: 'Follow-up two' }),
    agendaItem({ id: 'r', section: 'recap', text: 'Recap' }),
  ],
};

function ok(edit: AgendaEdit): Agenda {
  if (!edit.ok) throw new Error(`expected success, got ${edit.error}`);
  return edit.agenda;
}
const order = (a: Agenda) => a.items.map((i) => i.id);

describe('editing the agenda', () => {
  it('rewords an item and leaves the original agenda untouched', () => {
    const next = ok(editItemText(agenda, 'f1', '  Follow-up   one, reworded '));
    expect(next.items[1]?.text).toBe('Follow-up one, reworded');
    expect(agenda.items[1]?.text).toBe('Follow-up one');
  });

  it('moves an item to a position, clamped to the list', () => {
    expect(order(ok(moveItem(agenda, 'r', 1)))).toEqual(['a', 'r', 'f1', 'f2']);
    expect(order(ok(moveItem(agenda, 'a', 99)))).toEqual(['f1', 'f2', 'r', 'a']);
    expect(order(ok(moveItem(agenda, 'r', -5)))).toEqual(['r', 'a', 'f1', 'f2']);
  });

  it('moves an item up and down one place, and the ends stay put', () => {
    expect(order(ok(moveItemUp(agenda, 'f2')))).toEqual(['a', 'f2', 'f1', 'r']);
    expect(order(ok(moveItemDown(agenda, 'f1')))).toEqual(['a', 'f2', 'f1', 'r']);
    expect(order(ok(moveItemUp(agenda, 'a')))).toEqual(order(agenda));
    expect(order(ok(moveItemDown(agenda, 'r')))).toEqual(order(agenda));
  });

  it('adds an item at the end of its section, or right after a chosen item', () => {
    const atEnd = ok(addItem(agenda, { id: 'n', section: 'follow_ups', text: 'New one', addedBy: 'csm' }));
    expect(order(atEnd)).toEqual(['a', 'f1', 'f2', 'n', 'r']);
    const intoEmptySection = ok(addItem(agenda, { id: 'p', section: 'pain_points', text: 'Slow CI', addedBy: 'csm' }));
    expect(order(intoEmptySection)).toEqual(['a', 'f1', 'f2', 'p', 'r']);
    const after = ok(addItem(agenda, { id: 'n', section: 'follow_ups', text: 'New one', addedBy: 'csm', afterItemId: 'a' }));
    expect(order(after)).toEqual(['a', 'n', 'f1', 'f2', 'r']);
  });

  it('keeps a customer proposal shared even if asked to make it internal', () => {
    const next = ok(addItem(agenda, { id: 'c', section: 'customer_topics', text: 'Budget', addedBy: 'customer', visibility: 'internal' }));
    expect(next.items.find((i) => i.id === 'c')).toMatchObject({ visibility: 'shared', addedBy: 'customer', source: null });
  });

  it('refuses an id already on the agenda, an empty text and an unknown item', () => {
    expect(addItem(agenda, { id: 'f1', section: 'follow_ups', text: 'Dup', addedBy: 'csm' })).toEqual({ ok: false, error: 'duplicate_id' });
    expect(addItem(agenda, { id: 'x', section: 'follow_ups', text: ' \n\t ', addedBy: 'csm' })).toEqual({ ok: false, error: 'empty_text' });
    expect(editItemText(agenda, 'nope', 'text')).toEqual({ ok: false, error: 'not_found' });
    expect(addItem(agenda, { id: 'x', section: 'follow_ups', text: 'T', addedBy: 'csm', afterItemId: 'nope' })).toEqual({ ok: false, error: 'not_found' });
  });

  it('drops an item', () => {
    expect(order(ok(dropItem(agenda, 'f1')))).toEqual(['a', 'f2', 'r']);
    expect(dropItem(agenda, 'f1-missing')).toEqual({ ok: false, error: 'not_found' });
  });

  it('moves an item under another heading, at the end of that section', () => {
    const next = ok(changeItemSection(agenda, 'a', 'follow_ups'));
    expect(order(next)).toEqual(['f1', 'f2', 'a', 'r']);
    expect(next.items[2]?.section).toBe('follow_ups');
  });

  it('ticks items off, marks them internal and keeps notes against them', () => {
    let next = ok(markDiscussed(agenda, 'f1'));
    next = ok(setItemVisibility(next, 'f2', 'internal'));
    next = ok(setItemNotes(next, 'f1', '- agreed on **Friday**'));
    expect(next.items[1]).toMatchObject({ discussed: true, notes: '- agreed on **Friday**' });
    expect(next.items[2]?.visibility).toBe('internal');
    expect(ok(markDiscussed(next, 'f1', false)).items[1]?.discussed).toBe(false);
  });
});

describe('normaliseItemText', () => {
  it('makes one clean line of what a customer typed, without hidden characters', () => {
    expect(normaliseItemText('Budget\r\nfor\u0000 next\u202e year\u200b')).toEqual({ ok: true, text: 'Budget for next year' });
  });

  it('refuses text over the length limit', () => {
    expect(normaliseItemText('x'.repeat(MAX_ITEM_TEXT))).toMatchObject({ ok: true });
    expect(normaliseItemText('x'.repeat(MAX_ITEM_TEXT + 1))).toEqual({ ok: false, error: 'too_long' });
  });
});
