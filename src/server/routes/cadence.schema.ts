import { z } from 'zod';
import { CadenceOverrideSchema, CadencePolicySchema, FREQUENCIES } from '../../domain/cadence/cadence.ts';
import { PlaybookSettingsSchema } from '../../domain/cadence/playbook.ts';
import { CalendarDateOutSchema } from './responses.ts';

// The override body is the domain's own: the cadence engine reads exactly this.
export { CadenceOverrideSchema };

export const DueQuerySchema = z.strictObject({ withinDays: z.coerce.number().int().min(0).max(90).default(7) });

// Each section is merged with the saved one and then checked whole by the service, which names the field.
export const CadenceSettingsUpdateSchema = z.strictObject({ policy: z.unknown().optional(), holidays: z.unknown().optional(), playbook: z.unknown().optional() });

export const CadenceDueSchema = z
  .object({
    frequency: z.enum(FREQUENCIES),
    because: z.string().describe('Why, in words: "enterprise: monthly; eased to quarterly because health is green"'),
    lastCallOn: CalendarDateOutSchema.nullable(),
    lastTouchOn: CalendarDateOutSchema.nullable(),
    nextCallDue: CalendarDateOutSchema.nullable(),
    nextTouchDue: CalendarDateOutSchema,
    callOverdueDays: z.number().int(),
    touchOverdueDays: z.number().int(),
    state: z.enum(['overdue', 'due_soon', 'ok', 'touches_only']),
  })
  .meta({ id: 'CadenceDue' });

export const AccountCadenceSchema = CadenceDueSchema.extend({ override: CadenceOverrideSchema.nullable() }).meta({ id: 'AccountCadence' });
export type AccountCadence = z.infer<typeof AccountCadenceSchema>;

export const DueAccountsSchema = z
  .object({
    items: z.array(z.object({ accountId: z.string(), name: z.string(), ownerId: z.string().nullable(), due: CadenceDueSchema })),
    nextCursor: z.null(),
  })
  .meta({ id: 'DueAccounts' });

export const CadenceSettingsSchema = z.object({ policy: CadencePolicySchema, holidays: z.array(CalendarDateOutSchema), playbook: PlaybookSettingsSchema }).meta({ id: 'CadenceSettings' });
export type CadenceSettingsView = z.infer<typeof CadenceSettingsSchema>;

export const PlaybookRunSchema = z.object({ accounts: z.number().int(), cadenceRowsChanged: z.number().int(), tasksCreated: z.number().int(), tasksClosed: z.number().int() }).meta({ id: 'PlaybookRun' });
