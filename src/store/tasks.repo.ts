import { compiledPerShape } from './compiled-once.ts';
import type { Executor } from './database.ts';
import type { TasksTable } from './schema.ts';

export interface Task {
  id: string;
  key: string;
  rule: string;
  accountId: string | null;
  assigneeId: string | null;
  title: string;
  dueAt: string;
  status: 'open' | 'done' | 'dismissed';
  cause: { type: string; id: string } | null;
  createdAt: string;
  closedAt: string | null;
}

function toTask(r: TasksTable): Task {
  return {
    id: r.id,
    key: r.key,
    rule: r.rule,
    accountId: r.account_id,
    assigneeId: r.assignee_id,
    title: r.title,
    dueAt: r.due_at,
    status: r.status as Task['status'],
    cause: r.cause_type && r.cause_id ? { type: r.cause_type, id: r.cause_id } : null,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

/**
 * Creates the task unless one with the same key exists: a rule's occurrence makes exactly one
 * task, however many times (or on however many nodes) the rule runs. Returns whether it was new.
 */
export async function insertTaskOnce(db: Executor, task: Omit<Task, 'status' | 'closedAt'>): Promise<boolean> {
  const result = await db
    .insertInto('tasks')
    .values({
      id: task.id,
      key: task.key,
      rule: task.rule,
      account_id: task.accountId,
      assignee_id: task.assigneeId,
      title: task.title,
      due_at: task.dueAt,
      status: 'open',
      cause_type: task.cause?.type ?? null,
      cause_id: task.cause?.id ?? null,
      created_at: task.createdAt,
      closed_at: null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Closes the open tasks a resolved cause made (the agenda was sent, the follow-up went out). */
export async function closeTasksFor(db: Executor, causeType: string, causeId: string, rules: string[], at: string): Promise<number> {
  const result = await db.updateTable('tasks').set({ status: 'done', closed_at: at }).where('cause_type', '=', causeType).where('cause_id', '=', causeId).where('rule', 'in', rules).where('status', '=', 'open').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function closeTasksByKeys(db: Executor, keys: string[], at: string): Promise<number> {
  if (keys.length === 0) return 0;
  let closed = 0;
  for (let i = 0; i < keys.length; i += 500) {
    const r = await db
      .updateTable('tasks')
      .set({ status: 'done', closed_at: at })
      .where('key', 'in', keys.slice(i, i + 500))
      .where('status', '=', 'open')
      .executeTakeFirst();
    closed += Number(r.numUpdatedRows);
  }
  return closed;
}

interface TaskFilter {
  assigneeId?: string;
  accountId?: string;
  status?: string[];
  dueBefore?: string;
}

// My day asks it on every request (issue #16): built and compiled once per set of filters given. Its
// values in this order: the assignee, the account, the statuses, due before.
const tasksQuery = compiledPerShape(
  (f: TaskFilter) => `${!!f.assigneeId}|${!!f.accountId}|${f.status?.length ?? 0}|${!!f.dueBefore}`,
  (db: Executor, f: TaskFilter, values: readonly string[]) => {
    let at = 0;
    let q = db.selectFrom('tasks').selectAll();
    if (f.assigneeId) q = q.where('assignee_id', '=', values[at++]!);
    if (f.accountId) q = q.where('account_id', '=', values[at++]!);
    if (f.status?.length) q = q.where('status', 'in', values.slice(at, (at += f.status.length)));
    if (f.dueBefore) q = q.where('due_at', '<', values[at]!);
    return q.orderBy('due_at').orderBy('id').limit(1000);
  },
);

export async function listTasks(db: Executor, filter: TaskFilter): Promise<Task[]> {
  const values: string[] = [];
  if (filter.assigneeId) values.push(filter.assigneeId);
  if (filter.accountId) values.push(filter.accountId);
  values.push(...(filter.status ?? []));
  if (filter.dueBefore) values.push(filter.dueBefore);
  return (await tasksQuery(db, filter, values)).map(toTask);
}

export async function findTask(db: Executor, id: string): Promise<Task | undefined> {
  const r = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTask(r) : undefined;
}

export async function setTaskStatus(db: Executor, id: string, status: Task['status'], at: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ status, closed_at: status === 'open' ? null : at })
    .where('id', '=', id)
    .execute();
}

export async function openTaskKeys(db: Executor, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('tasks')
      .select('key')
      .where('key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.key);
  }
  return found;
}
