import { z } from 'zod';
import { TOUCH_KINDS } from '../../domain/meeting/action-items.ts';
import { ACTION_ITEM_STATUSES } from '../../domain/meeting/meeting.ts';
import { SIDES } from '../../domain/model.ts';
import { cursorParam, limitParam, listParam } from './query.ts';
import { CalendarDateOutSchema, InstantSchema, pageOf } from './responses.ts';

// The bodies are the domain's: createActionItem, updateActionItem and recordTouch take exactly these.
export { ActionItemCreateSchema, ActionItemUpdateSchema, TouchCreateSchema, type ActionItemCreate, type ActionItemUpdate } from '../../domain/meeting/action-items.ts';

export const ActionItemListQuerySchema = z.strictObject({ accountId: z.string().min(1).max(64), status: listParam(ACTION_ITEM_STATUSES), cursor: cursorParam, limit: limitParam });

export const ActionItemSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    meetingId: z.string().nullable().describe('The call it was born in; null when added by hand'),
    text: z.string(),
    owner: z.object({ kind: z.enum(['user', 'contact']), id: z.string(), name: z.string() }),
    side: z.enum(SIDES),
    dueDate: CalendarDateOutSchema.nullable(),
    status: z.enum(ACTION_ITEM_STATUSES),
    lastUpdate: z.string().nullable(),
    expectedUpdateOn: CalendarDateOutSchema.nullable(),
    createdAt: InstantSchema,
    completedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'ActionItem' });
export const ActionItemListSchema = pageOf(ActionItemSchema).meta({ id: 'ActionItemList' });

export const TouchSchema = z.object({ id: z.string(), accountId: z.string(), kind: z.enum(TOUCH_KINDS), occurredAt: InstantSchema, note: z.string().nullable() }).meta({ id: 'Touch' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type ActionItem = z.output<typeof ActionItemSchema>;
