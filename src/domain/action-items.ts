import { z } from 'zod';
import { ACTION_ITEM_STATUSES } from './meeting.ts';
import { SIDES } from './model.ts';
import { CalendarDateSchema, optionalText, shortText } from './validation.ts';

/** Who owns an action item: a colleague (user), a customer contact, or just a name. */
export const ActionItemOwnerSchema = z.strictObject({
  userId: z.string().max(64).optional(),
  contactId: z.string().max(64).optional(),
  name: shortText(200).optional(),
}).refine((o) => o.userId || o.contactId || o.name, { message: 'needs a userId, a contactId or a name' });

export const ActionItemCreateSchema = z.strictObject({
  accountId: shortText(64),
  meetingId: z.string().max(64).nullable().optional(),
  text: shortText(2000),
  side: z.enum(SIDES),
  owner: ActionItemOwnerSchema,
  dueDate: CalendarDateSchema.nullable().optional(),
});
export type ActionItemCreate = z.infer<typeof ActionItemCreateSchema>;

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
