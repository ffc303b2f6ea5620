import { businessCalendar, daysBetween, localDate } from '../../domain/calendar/business-calendar.ts';
import { buildCockpit, type CockpitAccount, type CockpitItem } from '../../domain/cadence/cockpit.ts';
import { buildMyDay, type MyDay, type TaskQuery, type TaskUpdate } from '../../domain/cadence/my-day.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { canUpdateTask } from '../../policies/tasks.policy.ts';
import { activityOf } from '../../store/account-activity.repo.ts';
import { findAccountsByIds } from '../../store/accounts.repo.ts';
import { listMeetings, meetingsWithItemNotes } from '../../store/meetings.repo.ts';
import { findFollowUps } from '../../store/follow-ups.repo.ts';
import { findTask, listTasks, setTaskStatus, type Task } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { loadCadenceSettings } from './cadence-engine.ts';
import { recordChange } from '../record-change.ts';

const DAY = 86_400_000;

/**
 * "My day" for a signed-in user, in their own time zone: the lists by kind, and the cockpit, one
 * list ordered by what to do first with the reason on each item.
 */
export async function myDay(deps: Deps, actor: Actor): Promise<MyDay & { cockpit: CockpitItem[] }> {
  if (!actor.id) throw new AppError('invalid', 'my day belongs to a user: run it as one (--as EMAIL)');
  const user = await findUser(deps.store.db, actor.id);
  if (!user) throw notFound('user');
  const now = deps.now();
  const meetings = await listMeetings(deps.store.db, { scopeUserIds: [user.id], from: new Date(now.getTime() - 10 * DAY).toISOString(), to: new Date(now.getTime() + 10 * DAY).toISOString() }, 500);
  const tasks = await listTasks(deps.store.db, { assigneeId: user.id, status: ['open'] });
  // All of the day's accounts in one look-up, not one per account (issue #16).
  const accounts: Map<string, Account> = await findAccountsByIds(deps.store.db, [...meetings.map((m) => m.accountId), ...tasks.flatMap((t) => (t.accountId ? [t.accountId] : []))]);
  const followUpDue = new Map<string, string>();
  const hasNotes = new Set<string>();
  const todayFrom = now.getTime() - DAY;
  const todayTo = now.getTime() + DAY;
  // The follow-ups and the agenda notes of all the day's calls in a query each, not one per call.
  const followUps = await findFollowUps(
    deps.store.db,
    meetings.filter((m) => m.state === 'held').map((m) => m.id),
  );
  for (const m of meetings) {
    const f = followUps.get(m.id);
    if (f && !f.sentAt) followUpDue.set(m.id, f.dueAt);
  }
  // Prep state of the calls around today: any notes, free or against an agenda item.
  const aroundToday = meetings.filter((m) => {
    const starts = Date.parse(m.startsAt);
    return (m.state === 'planned' || m.state === 'agenda_sent') && starts >= todayFrom && starts <= todayTo;
  });
  const itemNotes = await meetingsWithItemNotes(
    deps.store.db,
    aroundToday.filter((m) => !m.notes.trim()).map((m) => m.id),
  );
  for (const m of aroundToday) if (m.notes.trim() || itemNotes.has(m.id)) hasNotes.add(m.id);
  const { holidays, playbook } = await loadCadenceSettings(deps.store.db);
  const calendar = businessCalendar(holidays);
  const name = (accountId: string) => accounts.get(accountId)?.name ?? '';
  const day = buildMyDay(
    {
      meetings: meetings.map((m) => ({ id: m.id, accountId: m.accountId, accountName: name(m.accountId), title: m.title, state: m.state, startsAt: m.startsAt, agendaSentAt: m.agendaSentAt, heldAt: m.heldAt })),
      followUpDue,
      // Follow-up tasks are shown as follow-ups owed, with their SLA, not twice.
      tasks: tasks.filter((t) => t.rule !== 'send_follow_up').map((t) => ({ id: t.id, title: t.title, rule: t.rule, accountId: t.accountId, dueAt: t.dueAt })),
      // The same send-by time as the playbook's agenda task and the dashboard's agenda figure.
      agendaLeadDays: playbook.send_agenda.businessDaysBefore,
      calendar,
    },
    now,
    user.timezone,
  );
  const activity = await activityOf(deps.store.db, [...accounts.keys()], now.toISOString());
  const cockpitAccounts = new Map<string, CockpitAccount>(
    [...accounts.values()].map((a) => {
      const nextCallDue = activity.get(a.id)?.nextCallDue ?? null;
      const callOverdueDays = nextCallDue ? Math.max(0, daysBetween(nextCallDue, localDate(now, a.timezone))) : null;
      return [a.id, { name: a.name, arr: a.arr ?? 0, renewalDate: a.renewalDate, callOverdueDays }];
    }),
  );
  const cockpit = buildCockpit(
    {
      meetings: meetings.map((m) => ({
        id: m.id,
        accountId: m.accountId,
        accountName: name(m.accountId),
        title: m.title,
        state: m.state,
        startsAt: m.startsAt,
        endsAt: m.endsAt ?? null,
        agendaSentAt: m.agendaSentAt,
        heldAt: m.heldAt,
        hasNotes: hasNotes.has(m.id),
        accountTimezone: accounts.get(m.accountId)?.timezone ?? user.timezone,
      })),
      followUpsOwed: followUpDue,
      tasks: tasks.map((t) => ({ id: t.id, title: t.title, rule: t.rule, accountId: t.accountId, dueAt: t.dueAt, cause: t.cause })),
      accounts: cockpitAccounts,
      agendaLeadDays: playbook.send_agenda.businessDaysBefore,
      calendar,
    },
    now,
    user.timezone,
  );
  return { ...day, cockpit };
}

/** Tasks: the actor's own, or an account's (which the actor must be able to see). */
export async function listTasksFor(deps: Deps, actor: Actor, query: TaskQuery): Promise<Task[]> {
  if (query.accountId) {
    await getAccount(deps, actor, query.accountId);
    return listTasks(deps.store.db, { accountId: query.accountId, status: [query.status] });
  }
  if (!actor.id) return listTasks(deps.store.db, { status: [query.status] });
  return listTasks(deps.store.db, { assigneeId: actor.id, status: [query.status] });
}

/** Marks a task done or dismissed (or reopens it): its assignee, or whoever may edit its account. */
export async function updateTask(deps: Deps, actor: Actor, id: string, input: TaskUpdate): Promise<Task> {
  return deps.store.db.transaction().execute(async (tx) => {
    const task = await findTask(tx, id);
    if (!task) throw notFound('task');
    if (task.assigneeId !== actor.id) {
      // A task on an account the actor may not even read is one they cannot know about.
      const account = task.accountId
        ? await getAccount(deps, actor, task.accountId, tx).catch(() => {
            throw notFound('task');
          })
        : null;
      authorize(canUpdateTask(actor, task, account), 'this task is not yours');
    }
    const at = deps.now().toISOString();
    await setTaskStatus(tx, id, input.status, at);
    await recordChange(tx, deps, actor, {
      accountId: task.accountId,
      action: `task.${input.status}`,
      entityType: 'task',
      entityId: id,
      before: { status: task.status },
      after: { status: input.status },
      summary: `Task ${input.status === 'open' ? 'reopened' : input.status}: ${task.title}`,
    });
    return { ...task, status: input.status, closedAt: input.status === 'open' ? null : at };
  });
}
