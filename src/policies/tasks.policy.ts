import type { Actor } from '../domain/model.ts';
import type { AccountPeople } from './access.ts';
import { canEditAccount } from './accounts.policy.ts';

/**
 * Closing, dismissing or reopening a playbook task: its assignee, or whoever may edit its
 * account. A task without an account belongs to its assignee alone.
 */
export function canUpdateTask(actor: Actor, task: { assigneeId: string | null }, account: AccountPeople | null): boolean {
  if (task.assigneeId === actor.id) return true;
  return account !== null && canEditAccount(actor, account);
}
