/**
 * Editing an agenda: the CSM rewords, reorders, adds and drops items; customers propose topics
 * through the share link. Every operation returns a new agenda or says why it could not.
 * The list order is the order of the call; an item keeps its section when moved.
 */
import type { Agenda, AgendaItem, AgendaSection, Visibility } from '../meeting/meeting.ts';
import { AGENDA_SECTIONS } from '../meeting/meeting.ts';

export const MAX_ITEM_TEXT = 500;
export const MAX_ITEM_NOTES = 20_000;

export type AgendaEditError = 'not_found' | 'empty_text' | 'too_long' | 'duplicate_id' | 'unknown_section';
export type AgendaEdit = { ok: true; agenda: Agenda } | { ok: false; error: AgendaEditError };

/**
 * Agenda text as stored: one line, control characters removed, whitespace collapsed, at most
 * 500 characters. Customer proposals go through here before anything else sees them.
 */
export function normaliseItemText(text: string): { ok: true; text: string } | { ok: false; error: 'empty_text' | 'too_long' } {
  const clean = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return { ok: false, error: 'empty_text' };
  if ([...clean].length > MAX_ITEM_TEXT) return { ok: false, error: 'too_long' };
  return { ok: true, text: clean };
}

function indexOf(agenda: Agenda, itemId: string): number {
  return agenda.items.findIndex((i) => i.id === itemId);
}

function update(agenda: Agenda, itemId: string, change: (item: AgendaItem) => AgendaItem): AgendaEdit {
  const at = indexOf(agenda, itemId);
  const item = agenda.items[at];
  if (!item) return { ok: false, error: 'not_found' };
  const items = agenda.items.slice();
  items[at] = change(item);
  return { ok: true, agenda: { ...agenda, items } };
}

/** Rewords an item. */
export function editItemText(agenda: Agenda, itemId: string, text: string): AgendaEdit {
  const clean = normaliseItemText(text);
  if (!clean.ok) return clean;
  return update(agenda, itemId, (item) => ({ ...item, text: clean.text }));
}

/** Moves an item to `toIndex` in the call order (clamped to the list). */
export function moveItem(agenda: Agenda, itemId: string, toIndex: number): AgendaEdit {
  const from = indexOf(agenda, itemId);
  const item = agenda.items[from];
  if (!item) return { ok: false, error: 'not_found' };
  const items = agenda.items.slice();
  items.splice(from, 1);
  const to = Math.max(0, Math.min(items.length, Math.trunc(toIndex)));
  items.splice(to, 0, item);
  return { ok: true, agenda: { ...agenda, items } };
}

/** Moves an item one place earlier; the first item stays first. */
export function moveItemUp(agenda: Agenda, itemId: string): AgendaEdit {
  const from = indexOf(agenda, itemId);
  return from < 0 ? { ok: false, error: 'not_found' } : moveItem(agenda, itemId, from - 1);
}

/** Moves an item one place later; the last item stays last. */
export function moveItemDown(agenda: Agenda, itemId: string): AgendaEdit {
  const from = indexOf(agenda, itemId);
  return from < 0 ? { ok: false, error: 'not_found' } : moveItem(agenda, itemId, from + 1);
}

/** Puts an item under another heading, at the end of that section. */
export function changeItemSection(agenda: Agenda, itemId: string, section: AgendaSection): AgendaEdit {
  if (!AGENDA_SECTIONS.includes(section)) return { ok: false, error: 'unknown_section' };
  const from = indexOf(agenda, itemId);
  const item = agenda.items[from];
  if (!item) return { ok: false, error: 'not_found' };
  const rest = agenda.items.filter((i) => i.id !== itemId);
  return { ok: true, agenda: { ...agenda, items: insertAtSectionEnd(rest, { ...item, section }) } };
}

export interface NewAgendaItem {
  id: string;
  section: AgendaSection;
  text: string;
  addedBy: 'csm' | 'customer';
  visibility?: Visibility;
  /** Insert right after this item; otherwise at the end of the item's section. */
  afterItemId?: string;
}

/**
 * Adds an item typed by a person. A customer's item is always shared; where it goes is the
 * CSM's call, so it lands at the end of its section.
 */
export function addItem(agenda: Agenda, input: NewAgendaItem): AgendaEdit {
  if (!AGENDA_SECTIONS.includes(input.section)) return { ok: false, error: 'unknown_section' };
  if (indexOf(agenda, input.id) >= 0) return { ok: false, error: 'duplicate_id' };
  const clean = normaliseItemText(input.text);
  if (!clean.ok) return clean;
  const item: AgendaItem = {
    id: input.id,
    section: input.section,
    text: clean.text,
    source: null,
    addedBy: input.addedBy,
    visibility: input.addedBy === 'customer' ? 'shared' : (input.visibility ?? 'shared'),
    discussed: false,
    notes: '',
    carriedOverFrom: null,
  };
  const after = input.afterItemId === undefined ? -1 : indexOf(agenda, input.afterItemId);
  if (input.afterItemId !== undefined && after < 0) return { ok: false, error: 'not_found' };
  if (after >= 0) {
    const items = agenda.items.slice();
    items.splice(after + 1, 0, item);
    return { ok: true, agenda: { ...agenda, items } };
  }
  return { ok: true, agenda: { ...agenda, items: insertAtSectionEnd(agenda.items, item) } };
}

/** Drops an item from the agenda. */
export function dropItem(agenda: Agenda, itemId: string): AgendaEdit {
  if (indexOf(agenda, itemId) < 0) return { ok: false, error: 'not_found' };
  return { ok: true, agenda: { ...agenda, items: agenda.items.filter((i) => i.id !== itemId) } };
}

/** Ticks an item off (or back on) during the call; undiscussed items carry over. */
export function markDiscussed(agenda: Agenda, itemId: string, discussed = true): AgendaEdit {
  return update(agenda, itemId, (item) => ({ ...item, discussed }));
}

/** Marks an item shared with the customer or internal to the team. */
export function setItemVisibility(agenda: Agenda, itemId: string, visibility: Visibility): AgendaEdit {
  return update(agenda, itemId, (item) => ({ ...item, visibility }));
}

/** Replaces the CSM's prep note of an item (empty clears it); the customer never reads it. */
export function setItemPrepNote(agenda: Agenda, itemId: string, prepNote: string): AgendaEdit {
  const note = prepNote.trim();
  if (note.length > MAX_ITEM_TEXT) return { ok: false, error: 'too_long' };
  return update(agenda, itemId, (item) => ({ ...item, prepNote: note || null }));
}

/** Replaces the Markdown notes held against an item. */
export function setItemNotes(agenda: Agenda, itemId: string, notes: string): AgendaEdit {
  if (notes.length > MAX_ITEM_NOTES) return { ok: false, error: 'too_long' };
  return update(agenda, itemId, (item) => ({ ...item, notes }));
}

/** Inserts after the last item of the same section, or before the first item of a later one. */
function insertAtSectionEnd(items: readonly AgendaItem[], item: AgendaItem): AgendaItem[] {
  const rank = AGENDA_SECTIONS.indexOf(item.section);
  let at = items.length;
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const here = items[i];
    if (here && AGENDA_SECTIONS.indexOf(here.section) <= rank) {
      at = i + 1;
      break;
    }
    at = i;
  }
  const out = items.slice();
  out.splice(at, 0, item);
  return out;
}
