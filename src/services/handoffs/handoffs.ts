import { draftHandoffNote, type HandoffStatus } from '../../domain/handoff/handoff-note.ts';
import { markdownToSafeHtml } from '../../domain/markdown.ts';
import type { Account, Actor, User } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid, notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canAssignOwner, canEditAccount, canReadAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { findAccount, lockAccounts, saveAccount } from '../../store/accounts.repo.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listObjectives, listOpenRequests, listOpenRisks, listOpenTickets } from '../../store/agenda-context.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findHandoff, insertHandoff, listHandoffs as listHandoffRows, listRecentCalls, lockHandoff, saveHandoff, type Handoff } from '../../store/handoffs.repo.ts';
import { insertTaskOnce, setTaskStatus } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { recordChange } from '../record-change.ts';
import { announceAccessChange } from '../live-notes/access-changes.ts';

/** The playbook rule of the task a handoff gives its new owner (My day links it to the review page). */
export const HANDOFF_TASK_RULE = 'handoff_review';
const REVIEW_WITHIN_DAYS = 3;

export interface HandoffCreate {
  accountIds: string[];
  toUserId: string;
  reason?: string | undefined;
  introMail?: boolean | undefined;
}

/** Thrown to roll a dry run back after everything was checked and drafted. */
class DryRunRollback extends Error {
  constructor(readonly result: { handoffs: HandoffSummary[] }) {
    super('dry run');
  }
}

export interface HandoffSummary {
  id: string;
  accountId: string;
  accountName: string;
  fromUserId: string | null;
  toUserId: string;
  status: HandoffStatus;
  taskId: string | null;
}

export interface HandoffView extends HandoffSummary {
  fromUserName: string | null;
  toUserName: string;
  reason: string | null;
  note: string;
  /** The note as sanitised HTML (no script, no javascript: link). */
  noteHtml: string;
  introMail: boolean;
  introSentAt: string | null;
  createdAt: string;
  updatedAt: string;
  reviewedAt: string | null;
}

/** The new owner: an active user who may own accounts (not a viewer), or a 400 naming toUserId. */
async function getNewOwner(db: Executor, toUserId: string): Promise<User> {
  const user = await findUser(db, toUserId);
  if (!user || !user.active) throw invalid('toUserId is not an active user', 'toUserId');
  if (user.role === 'viewer') throw invalid('toUserId is a viewer, and viewers do not own accounts', 'toUserId');
  return user;
}

/** Drafts the note for one account from its records, as they are in this transaction. */
async function draftFor(db: Executor, account: Account, from: User | undefined, to: User, reason: string | null, today: string): Promise<string> {
  const [actionItems, risks, objectives, tickets, requests, recentCalls] = await Promise.all([
    listActionItems(db, { accountId: account.id, status: ['open'] }),
    listOpenRisks(db, account.id),
    listObjectives(db, account.id),
    listOpenTickets(db, account.id),
    listOpenRequests(db, account.id),
    listRecentCalls(db, account.id, 3),
  ]);
  return draftHandoffNote({ accountName: account.name, fromName: from?.name ?? null, toName: to.name, reason, renewalDate: account.renewalDate, actionItems, risks, objectives, tickets, requests, recentCalls, today });
}

/**
 * Hands accounts to a new owner, all or nothing: for each account the owner changes (the new owner
 * leaves the account team, where they may have sat as a shadow or CSM), a handoff note is drafted
 * from its records and the new owner gets a task to review it. Who may: whoever may edit the
 * account and give it to that owner (an admin; a manager within their team).
 */
export async function createHandoffs(deps: Deps, actor: Actor, input: HandoffCreate, options: { dryRun?: boolean } = {}): Promise<{ handoffs: HandoffSummary[] }> {
  try {
    return await handOff(deps, actor, input, options.dryRun === true);
  } catch (err) {
    if (err instanceof DryRunRollback) return err.result;
    throw err;
  }
}

async function handOff(deps: Deps, actor: Actor, input: HandoffCreate, dryRun: boolean): Promise<{ handoffs: HandoffSummary[] }> {
  const reason = input.reason?.trim() || null;
  const done = await deps.store.db.transaction().execute(async (tx) => {
    const to = await getNewOwner(tx, input.toUserId);
    authorize(canAssignOwner(actor, to.id), 'you may not give accounts to that owner: ask their manager or an admin');
    const ids = input.accountIds;
    const seen = new Set<string>();
    for (const [i, id] of ids.entries()) {
      if (seen.has(id)) throw invalid(`accountIds.${i} repeats account ${id}`, `accountIds.${i}`);
      seen.add(id);
    }
    await lockAccounts(tx, deps.store.dialect, ids);
    const accounts: Account[] = [];
    for (const [i, id] of ids.entries()) {
      const account = await findAccount(tx, id);
      if (!account || !canReadAccount(actor, account)) throw invalid(`accountIds.${i} is not an account`, `accountIds.${i}`);
      if (account.archivedAt) throw invalid(`accountIds.${i} (${account.name}) is archived: restore it first`, `accountIds.${i}`);
      authorize(canEditAccount(actor, account), `you may not hand off ${account.name}`);
      if (account.ownerId === to.id) throw invalid(`accountIds.${i} (${account.name}) is already owned by ${to.name}`, `accountIds.${i}`);
      accounts.push(account);
    }
    const now = deps.now();
    const at = now.toISOString();
    const today = at.slice(0, 10);
    const dueAt = new Date(now.getTime() + REVIEW_WITHIN_DAYS * 86_400_000).toISOString();
    const owners = new Map<string, User | undefined>();
    const handoffs: HandoffSummary[] = [];
    for (const before of accounts) {
      if (before.ownerId && !owners.has(before.ownerId)) owners.set(before.ownerId, await findUser(tx, before.ownerId));
      const from = before.ownerId ? owners.get(before.ownerId) : undefined;
      const after: Account = { ...before, ownerId: to.id, team: before.team.filter((m) => m.userId !== to.id), updatedAt: at };
      await saveAccount(tx, before, after);
      const id = deps.newId();
      const taskId = deps.newId();
      await insertTaskOnce(tx, { id: taskId, key: `handoff:${id}`, rule: HANDOFF_TASK_RULE, accountId: before.id, assigneeId: to.id, title: `Review the handoff of ${before.name}`, dueAt, cause: { type: 'handoff', id }, createdAt: at });
      const note = await draftFor(tx, before, from, to, reason, today);
      const handoff: Handoff = {
        id,
        accountId: before.id,
        fromUserId: before.ownerId,
        toUserId: to.id,
        reason,
        status: 'pending_review',
        note,
        taskId,
        introMail: input.introMail ?? false,
        introSentAt: null,
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
        reviewedAt: null,
        reviewedBy: null,
      };
      await insertHandoff(tx, handoff);
      await recordChange(tx, deps, actor, {
        accountId: before.id,
        action: 'account.handed_off',
        entityType: 'handoff',
        entityId: id,
        before: { ownerId: before.ownerId, team: before.team },
        after: { ownerId: after.ownerId, team: after.team, reason },
        summary: `Handed off from ${from?.name ?? 'no owner'} to ${to.name}${reason ? `: ${reason}` : ''}`,
      });
      handoffs.push({ id, accountId: before.id, accountName: before.name, fromUserId: before.ownerId, toUserId: to.id, status: 'pending_review', taskId });
    }
    // A dry run checks and drafts everything, then rolls it all back.
    if (dryRun) throw new DryRunRollback({ handoffs });
    return { handoffs };
  });
  // The former owner may have the notes of these accounts open: they are checked again.
  await announceAccessChange(deps, { accountIds: done.handoffs.map((h) => h.accountId) });
  return done;
}

/** Whether the actor may read a handoff: its new or former owner, whoever handed it off, or anyone who sees the account. */
function canReadHandoff(actor: Actor, handoff: Handoff, account: Account | undefined): boolean {
  if (actor.id !== null && [handoff.toUserId, handoff.fromUserId, handoff.createdBy].includes(actor.id)) return true;
  return account !== undefined && canReadAccount(actor, account);
}

/** The new owner reviews and edits the note; so may whoever may edit the account (their manager, an admin). */
export function canReviewHandoff(actor: Actor, handoff: Handoff, account: Account | undefined): boolean {
  if (actor.role === 'viewer') return false;
  if (actor.id !== null && actor.id === handoff.toUserId) return true;
  return account !== undefined && canEditAccount(actor, account);
}

export async function loadHandoff(deps: Deps, actor: Actor, id: string, db: Executor): Promise<{ handoff: Handoff; account: Account | undefined }> {
  const handoff = await findHandoff(db, id);
  if (!handoff) throw notFound('handoff');
  const account = await findAccount(db, handoff.accountId);
  if (!canReadHandoff(actor, handoff, account)) throw notFound('handoff');
  return { handoff, account };
}

export async function viewOf(db: Executor, handoff: Handoff, account: Account | undefined): Promise<HandoffView> {
  const [from, to] = await Promise.all([handoff.fromUserId ? findUser(db, handoff.fromUserId) : undefined, findUser(db, handoff.toUserId)]);
  return {
    id: handoff.id,
    accountId: handoff.accountId,
    accountName: account?.name ?? '',
    fromUserId: handoff.fromUserId,
    toUserId: handoff.toUserId,
    status: handoff.status,
    taskId: handoff.taskId,
    fromUserName: from?.name ?? null,
    toUserName: to?.name ?? '',
    reason: handoff.reason,
    note: handoff.note,
    noteHtml: markdownToSafeHtml(handoff.note),
    introMail: handoff.introMail,
    introSentAt: handoff.introSentAt,
    createdAt: handoff.createdAt,
    updatedAt: handoff.updatedAt,
    reviewedAt: handoff.reviewedAt,
  };
}

export async function getHandoff(deps: Deps, actor: Actor, id: string): Promise<HandoffView> {
  const { handoff, account } = await loadHandoff(deps, actor, id, deps.store.db);
  return viewOf(deps.store.db, handoff, account);
}

/** Handoffs the actor may see, newest first; `for: 'me'` keeps those handed to the actor. */
export async function listHandoffs(deps: Deps, actor: Actor, query: { status?: HandoffStatus[] | undefined; for?: 'me' | undefined }): Promise<{ items: HandoffView[]; nextCursor: null }> {
  const scope = accountScopeFor(actor);
  const rows = await listHandoffRows(deps.store.db, {
    status: query.status,
    ...(query.for === 'me' ? { toUserId: actor.id ?? '' } : {}),
    userIds: scope.kind === 'all' ? null : scope.userIds,
  });
  const items: HandoffView[] = [];
  for (const h of rows) items.push(await viewOf(deps.store.db, h, await findAccount(deps.store.db, h.accountId)));
  return { items, nextCursor: null };
}

/** The new owner's edit of the note (Markdown, rendered sanitised). */
export async function updateHandoffNote(deps: Deps, actor: Actor, id: string, patch: { note: string }): Promise<HandoffView> {
  return deps.store.db.transaction().execute(async (tx) => {
    await lockHandoff(tx, deps.store.dialect, id);
    const { handoff, account } = await loadHandoff(deps, actor, id, tx);
    authorize(canReviewHandoff(actor, handoff, account), 'only the new owner (or their manager) edits the handoff note');
    if (patch.note === handoff.note) return viewOf(tx, handoff, account);
    const after: Handoff = { ...handoff, note: patch.note, updatedAt: deps.now().toISOString() };
    await saveHandoff(tx, after);
    await recordChange(tx, deps, actor, { accountId: handoff.accountId, action: 'handoff.note_edited', entityType: 'handoff', entityId: id, before: { note: handoff.note }, after: { note: after.note }, summary: 'Handoff note edited' });
    return viewOf(tx, after, account);
  });
}

/** Marks the handoff reviewed and closes the new owner's task; a second review changes nothing. */
export async function reviewHandoff(deps: Deps, actor: Actor, id: string): Promise<HandoffView> {
  return deps.store.db.transaction().execute(async (tx) => {
    await lockHandoff(tx, deps.store.dialect, id);
    const { handoff, account } = await loadHandoff(deps, actor, id, tx);
    authorize(canReviewHandoff(actor, handoff, account), 'only the new owner (or their manager) reviews the handoff');
    if (handoff.status === 'reviewed') return viewOf(tx, handoff, account);
    const at = deps.now().toISOString();
    const after: Handoff = { ...handoff, status: 'reviewed', reviewedAt: at, reviewedBy: actor.id, updatedAt: at };
    await saveHandoff(tx, after);
    if (handoff.taskId) await setTaskStatus(tx, handoff.taskId, 'done', at);
    await recordChange(tx, deps, actor, {
      accountId: handoff.accountId,
      action: 'handoff.reviewed',
      entityType: 'handoff',
      entityId: id,
      before: { status: handoff.status },
      after: { status: 'reviewed' },
      summary: `Handoff reviewed by ${actor.label}`,
    });
    return viewOf(tx, after, account);
  });
}
