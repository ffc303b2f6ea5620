import { z } from 'zod';
import { CalendarDateOutSchema, InstantSchema } from './responses.ts';

// The query and body are the task list's: listTasksFor and updateTask take exactly these.
export { TaskQuerySchema, TaskUpdateSchema, type TaskQuery, type TaskUpdate } from '../../domain/cadence/my-day.ts';

const DayMeetingFields = {
  id: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  title: z.string(),
  state: z.string(),
  startsAt: InstantSchema,
  agendaSentAt: InstantSchema.nullable(),
  heldAt: InstantSchema.nullable(),
};

const CockpitItemSchema = z
  .object({
    key: z.string(),
    kind: z.enum(['follow_up', 'wrap_up', 'call', 'agenda', 'cadence', 'renewal', 'task']),
    accountId: z.string().nullable(),
    accountName: z.string(),
    title: z.string(),
    reason: z.string().describe('Why it is here, in words: "agenda 2 days late", "ended 2 h ago — wrap up"'),
    urgency: z.enum(['late', 'today', 'soon']),
    dueAt: InstantSchema.nullable(),
    target: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('meeting'), id: z.string(), panel: z.enum(['agenda', 'notes', 'wrap-up', 'follow-up']) }),
        z.object({ type: z.literal('account'), id: z.string(), section: z.enum(['meetings', 'renewal', 'overview']) }),
        z.object({ type: z.literal('action_item'), id: z.string(), accountId: z.string() }),
        z.object({ type: z.literal('handoff'), id: z.string() }).describe('The handoff review page'),
      ])
      .describe('The exact thing to open'),
    taskId: z.string().nullable().describe('The playbook task behind it, which Done closes'),
  })
  .meta({ id: 'MyDayCockpitItem' });

export const MyDaySchema = z
  .object({
    date: CalendarDateOutSchema.describe("Today in the user's time zone"),
    timezone: z.string(),
    callsToday: z.array(z.object({ ...DayMeetingFields, agendaSent: z.boolean() })),
    tasksDue: z.array(z.object({ id: z.string(), title: z.string(), rule: z.string(), accountId: z.string().nullable(), dueAt: InstantSchema, overdue: z.boolean() })),
    agendasToSend: z.array(z.object({ ...DayMeetingFields, sendBy: InstantSchema, late: z.boolean() })),
    followUpsOwed: z.array(z.object({ ...DayMeetingFields, dueAt: InstantSchema, hoursLeft: z.number(), late: z.boolean() })),
    cockpit: z.array(CockpitItemSchema).describe('Everything above in one list, ordered by what to do first, each with its reason'),
  })
  .meta({ id: 'MyDay' });

export const TaskSchema = z
  .object({
    id: z.string(),
    key: z.string().describe('One task per occurrence: the rule and what it is about'),
    rule: z.string().describe('The playbook rule that made it, or `manual`'),
    accountId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    title: z.string(),
    dueAt: InstantSchema,
    status: z.enum(['open', 'done', 'dismissed']),
    cause: z.object({ type: z.string(), id: z.string() }).nullable(),
    createdAt: InstantSchema,
    closedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'Task' });
export const TaskListSchema = z.object({ items: z.array(TaskSchema), nextCursor: z.null() }).meta({ id: 'TaskList' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type MyDay = z.output<typeof MyDaySchema>;
export type Task = z.output<typeof TaskSchema>;
