import { z } from 'zod';
import { ACTION_ITEM_STATUSES, type ActionItem, type ActionItemOwner } from './meeting.ts';
import { SIDES } from '../model.ts';
import { CalendarDateSchema, isCalendarDate, optionalText, shortText } from '../validation.ts';

/** Who owns an action item: a colleague (user), a customer contact, or just a name. */
export const ActionItemOwnerSchema = z
  .strictObject({
    userId: z.string().max(64).optional(),
    contactId: z.string().max(64).optional(),
    name: shortText(200).optional(),
  })
  .refine((o) => o.userId || o.contactId || o.name, { message: 'needs a userId, a contactId or a name' });

export const ActionItemCreateSchema = z.strictObject({
  accountId: shortText(64),
  meetingId: z.string().max(64).nullable().optional(),
  text: shortText(2000),
  side: z.enum(SIDES),
  owner: ActionItemOwnerSchema,
  dueDate: CalendarDateSchema.nullable().optional(),
});
export type ActionItemCreate = z.infer<typeof ActionItemCreateSchema>;

export type ActionItemOutcome = { ok: true; item: ActionItem } | { ok: false; error: { field: string; message: string } };

/**
 * A new open action item, however it was captured (by hand, at wrap-up, from a transcript): it
 * says what is to be done, it has an owner, and its due date is a real date. Suggestions from a
 * transcript reach here without the API's schema, so the rules are checked again here.
 */
export function newActionItem(input: Pick<ActionItemCreate, 'meetingId' | 'text' | 'side' | 'dueDate'>, owner: ActionItemOwner, ids: { id: string; accountId: string }, now: Date): ActionItemOutcome {
  const text = input.text.trim();
  if (!text) return { ok: false, error: { field: 'text', message: 'text must not be empty' } };
  if (!owner.name.trim()) return { ok: false, error: { field: 'owner', message: 'owner needs a user, a contact or a name' } };
  if (input.dueDate && !isCalendarDate(input.dueDate)) return { ok: false, error: { field: 'dueDate', message: 'dueDate is not a date (YYYY-MM-DD)' } };
  return {
    ok: true,
    item: {
      id: ids.id,
      accountId: ids.accountId,
      meetingId: input.meetingId ?? null,
      text,
      owner,
      side: input.side,
      dueDate: input.dueDate ?? null,
      status: 'open',
      lastUpdate: null,
      expectedUpdateOn: null,
      createdAt: now.toISOString(),
      completedAt: null,
    },
  };
}

export const ActionItemUpdateSchema = z
  .strictObject({
    text: shortText(2000).optional(),
    side: z.enum(SIDES).optional(),
    owner: ActionItemOwnerSchema.optional(),
    dueDate: CalendarDateSchema.nullable().optional(),
    status: z.enum(ACTION_ITEM_STATUSES).optional(),
    lastUpdate: optionalText(2000),
    expectedUpdateOn: CalendarDateSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ActionItemUpdate = z.infer<typeof ActionItemUpdateSchema>;

export const TOUCH_KINDS = ['call', 'email', 'slack', 'meeting', 'other'] as const;
export const TouchCreateSchema = z.strictObject({
  accountId: shortText(64),
  kind: z.enum(TOUCH_KINDS),
  occurredAt: z.iso.datetime({ offset: true, message: 'is not an ISO 8601 time' }).optional(),
  note: optionalText(2000),
});
export type TouchCreate = z.infer<typeof TouchCreateSchema>;
