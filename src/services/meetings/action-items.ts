import type { ActionItemCreate, ActionItemUpdate, TouchCreate } from '../../domain/meeting/action-items.ts';
import type { ActionItem, ActionItemStatus } from '../../domain/meeting/meeting.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid, notFound } from '../../errors.ts';
import { findActionItem, listActionItems as listRows, saveActionItem } from '../../store/action-items.repo.ts';
import { insertTouch } from '../../store/touches.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { withEditableAccount } from '../accounts/account-access.ts';
import { refreshCadence } from '../team/cadence-engine.ts';
import { createActionItemIn, resolveOwner } from './create-action-item.ts';
import { redraftUnsentFollowUps } from './follow-ups.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { recordChange } from '../record-change.ts';

/**
 * Adds an action item to an account by hand (from the account page, or to a call already wrapped
 * up): the same core as wrap-up and accepted suggestions; a follow-up not sent yet picks it up.
 */
export async function createActionItem(deps: Deps, actor: Actor, input: ActionItemCreate): Promise<ActionItem> {
  return withEditableAccount(deps, actor, input.accountId, async (tx, account) => {
    const item = await createActionItemIn(tx, deps, actor, account, input);
    await redraftUnsentFollowUps(deps, tx, actor, account);
    return item;
  });
}

export async function updateActionItem(deps: Deps, actor: Actor, id: string, patch: ActionItemUpdate): Promise<ActionItem> {
  const existing = await findActionItem(deps.store.db, id);
  if (!existing) throw notFound('action item');
  return withEditableAccount(deps, actor, existing.accountId, async (tx, account) => {
    const before = (await findActionItem(tx, id))!;
    const at = deps.now().toISOString();
    const status: ActionItemStatus = patch.status ?? before.status;
    const after: ActionItem = {
      ...before,
      text: patch.text ?? before.text,
      side: patch.side ?? before.side,
      owner: patch.owner ? await resolveOwner(tx, before.accountId, patch.owner) : before.owner,
      dueDate: patch.dueDate === undefined ? before.dueDate : patch.dueDate,
      status,
      lastUpdate: patch.lastUpdate === undefined ? before.lastUpdate : patch.lastUpdate,
      expectedUpdateOn: patch.expectedUpdateOn === undefined ? before.expectedUpdateOn : patch.expectedUpdateOn,
      completedAt: status === 'done' ? (before.completedAt ?? at) : null,
    };
    await saveActionItem(tx, after, at);
    const verb = status !== before.status ? (status === 'done' ? 'done' : status === 'dropped' ? 'dropped' : 'reopened') : 'updated';
    await recordChange(tx, deps, actor, {
      accountId: after.accountId,
      action: `action_item.${verb}`,
      entityType: 'action_item',
      entityId: id,
      before,
      after,
      summary: `Action item ${verb}: ${after.text}`,
    });
    // Edited or closed after wrap-up: the follow-up not sent yet says so too (unless the CSM edited it; the preview then names the change).
    await redraftUnsentFollowUps(deps, tx, actor, account);
    return after;
  });
}

export interface ActionItemListQuery {
  accountId: string;
  status?: ActionItemStatus[] | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** One page of an account's action items, oldest first, as every list of the API pages. */
export async function listAccountActionItems(deps: Deps, actor: Actor, query: ActionItemListQuery): Promise<{ items: ActionItem[]; nextCursor: string | null }> {
  await getAccount(deps, actor, query.accountId);
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor, 'action-item-created') : undefined;
  const rows = await listRows(deps.store.db, { accountId: query.accountId, status: query.status }, { limit: limit + 1, after: after ? { createdAt: String(after.value), id: after.id } : undefined });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor('action-item-created', last.createdAt, last.id) : null };
}

/**
 * Records a touch (a call, an email, a Slack message): the seeds' floor is one touch a month,
 * whatever the cadence of calls.
 */
export async function recordTouch(deps: Deps, actor: Actor, input: TouchCreate) {
  return withEditableAccount(deps, actor, input.accountId, async (tx) => {
    const at = deps.now().toISOString();
    const touch = {
      id: deps.newId(),
      account_id: input.accountId,
      kind: input.kind,
      occurred_at: input.occurredAt ? new Date(input.occurredAt).toISOString() : at,
      note: input.note ?? null,
      user_id: actor.id,
      created_at: at,
    };
    if (touch.occurred_at > at) throw invalid('occurredAt is in the future', 'occurredAt');
    await insertTouch(tx, touch);
    await refreshCadence(deps, tx, [input.accountId]);
    await recordChange(tx, deps, actor, {
      accountId: input.accountId,
      action: 'touch.recorded',
      entityType: 'touch',
      entityId: touch.id,
      before: null,
      after: touch,
      summary: `Touch by ${input.kind}${input.note ? `: ${input.note}` : ''}`,
    });
    return { id: touch.id, accountId: touch.account_id, kind: touch.kind, occurredAt: touch.occurred_at, note: touch.note };
  });
}
