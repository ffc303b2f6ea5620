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

export const MyDaySchema = z
  .object({
    date: CalendarDateOutSchema.describe("Today in the user's time zone"),
    timezone: z.string(),
    callsToday: z.array(z.object({ ...DayMeetingFields, agendaSent: z.boolean() })),
    tasksDue: z.array(z.object({ id: z.string(), title: z.string(), rule: z.string(), accountId: z.string().nullable(), dueAt: InstantSchema, overdue: z.boolean() })),
    agendasToSend: z.array(z.object({ ...DayMeetingFields, sendBy: InstantSchema, late: z.boolean() })),
    followUpsOwed: z.array(z.object({ ...DayMeetingFields, dueAt: InstantSchema, hoursLeft: z.number(), late: z.boolean() })),
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
