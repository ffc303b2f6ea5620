/**
 * Customers tick off their own action items on the share link (Totango's customer portal does
 * this): only their side's items, only ones still open, with an optional plain-text comment. The
 * CSM reads it on the timeline and in the next agenda ("Done by the customer: …").
 * Pure: the caller loads the item and passes `now` and ids.
 */
import { z } from 'zod';
import type { Instant } from '../model.ts';
import type { ActionItem, Agenda, AgendaItem } from '../meeting/meeting.ts';
import { AGENDA_SECTIONS } from '../meeting/meeting.ts';

export const MAX_CUSTOMER_COMMENT = 1000;

export const CustomerDoneSchema = z.strictObject({
  comment: z.string().max(MAX_CUSTOMER_COMMENT, `must be at most ${MAX_CUSTOMER_COMMENT} characters`).optional(),
  name: z.string().max(100, 'must be at most 100 characters').optional(),
});
export type CustomerDone = z.infer<typeof CustomerDoneSchema>;

/** Plain text only: markup and runs of white space go, whatever renders it later. */
export function plainText(text: string | undefined): string | null {
  const clean = (text ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length ? clean : null;
}

export type CustomerDoneOutcome = { ok: true; item: ActionItem; changed: boolean } | { ok: false; error: 'not_found' };

/**
 * Marks a customer's item done. An item of the vendor's side, another account's or a dropped one
 * is `not_found`, exactly as a wrong id: the share link never tells internal items apart. An item
 * already done stays as it was (a second tick changes nothing).
 */
export function markDoneByCustomer(item: ActionItem | undefined, accountId: string, input: { comment: string | null }, now: Date): CustomerDoneOutcome {
  if (!item || item.accountId !== accountId || item.side !== 'customer' || item.status === 'dropped') return { ok: false, error: 'not_found' };
  if (item.status === 'done') return { ok: true, item, changed: false };
  return {
    ok: true,
    changed: true,
    item: { ...item, status: 'done', completedAt: now.toISOString(), lastUpdate: input.comment ?? item.lastUpdate },
  };
}

/** What the next agenda says of an item the customer ticked off. */
export function doneByCustomerText(text: string, comment: string | null): string {
  return `Done by the customer: ${text}${comment ? ` (“${comment}”)` : ''}`;
}

/** An item the customer ticked off, as the agenda builder is given it. */
export interface CustomerDoneItem {
  id: string;
  text: string;
  comment: string | null;
  completedAt: Instant;
}

/**
 * Puts "Done by the customer: …" on an agenda still to come: the item that listed the open action
 * item takes the new wording; without one, a new shared item goes at the end of the follow-ups.
 */
export function noteDoneOnAgenda(agenda: Agenda, done: CustomerDoneItem, newId: () => string): Agenda {
  const text = doneByCustomerText(done.text, done.comment);
  const at = agenda.items.findIndex((i) => i.source?.type === 'action_item' && i.source.id === done.id);
  if (at >= 0) return { ...agenda, items: agenda.items.map((i, k) => (k === at ? { ...i, text } : i)) };
  const item: AgendaItem = { id: newId(), section: 'follow_ups', text, source: { type: 'action_item', id: done.id }, addedBy: 'cadence', visibility: 'shared', prepNote: null, discussed: false, notes: '', carriedOverFrom: null };
  const rank = (s: string) => AGENDA_SECTIONS.indexOf(s as (typeof AGENDA_SECTIONS)[number]);
  const after = agenda.items.findIndex((i) => rank(i.section) > rank('follow_ups'));
  const items = agenda.items.slice();
  items.splice(after < 0 ? items.length : after, 0, item);
  return { ...agenda, items };
}
