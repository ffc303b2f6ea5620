import type { Actor } from '../domain/model.ts';
import type { AccountPeople } from './access.ts';
import { canReadAccount } from './accounts.policy.ts';

/**
 * The full body of a mail captured on an account: whoever may read the account's notes. Notes
 * follow the account scope (access.ts: viewers read the whole book, being the executives and
 * support staff who look notes up in an escalation; a CSM reads the accounts they own or sit on
 * the team of; a manager their team's), so a CSM outside the account is told it does not exist.
 */
export function canReadCapturedMailBody(actor: Actor, account: AccountPeople): boolean {
  return canReadAccount(actor, account);
}
