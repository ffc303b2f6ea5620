import { newActionItem, type ActionItemCreate } from '../../domain/meeting/action-items.ts';
import type { ActionItem, ActionItemOwner } from '../../domain/meeting/meeting.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import { insertActionItem } from '../../store/action-items.repo.ts';
import { findContact } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { checkMeetingOf } from '../health/create-risk.ts';
import { recordCreation } from '../record-change.ts';
import { getActiveColleague } from '../users/active-colleague.ts';

/** An action item to add to the account the caller already loaded (and checked the actor may change). */
export type ActionItemToCreate = Omit<ActionItemCreate, 'accountId'>;

/** Resolves an owner given as an active colleague, a contact of the account, or a bare name. */
export async function resolveOwner(db: Executor, accountId: string, owner: ActionItemCreate['owner']): Promise<ActionItemOwner> {
  if (owner.userId) {
    const user = await getActiveColleague(db, owner.userId, 'owner.userId');
    return { kind: 'user', id: user.id, name: user.name };
  }
  if (owner.contactId) {
    const contact = await findContact(db, owner.contactId);
    if (!contact || contact.accountId !== accountId) throw invalid('owner.contactId is not a contact of this account', 'owner.contactId');
    return { kind: 'contact', id: contact.id, name: contact.name };
  }
  return { kind: 'contact', id: '', name: owner.name ?? '' };
}

/**
 * The one way an action item is born, whoever captures it (by hand, at wrap-up, from an accepted
 * transcript suggestion): its meeting is the account's, its owner resolves, the domain checks
 * pass; the row, its audit entry and its timeline line are written in the caller's transaction.
 */
export async function createActionItemIn(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, account: Pick<Account, 'id'>, input: ActionItemToCreate): Promise<ActionItem> {
  await checkMeetingOf(tx, account.id, input.meetingId);
  const owner = await resolveOwner(tx, account.id, input.owner);
  const outcome = newActionItem(input, owner, { id: deps.newId(), accountId: account.id }, deps.now());
  if (!outcome.ok) throw invalid(outcome.error.message, outcome.error.field);
  const item = outcome.item;
  await insertActionItem(tx, item);
  await recordCreation(tx, deps, actor, {
    accountId: item.accountId,
    action: 'action_item.created',
    entityType: 'action_item',
    record: item,
    summary: `Action item for ${item.owner.name || item.side}: ${item.text}${item.dueDate ? ` (due ${item.dueDate})` : ''}`,
  });
  return item;
}
