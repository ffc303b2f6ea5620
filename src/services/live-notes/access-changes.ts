import type { Deps } from '../../deps.ts';
import { liveNotesOf, type AccessChange } from './documents.ts';

/**
 * Tells the live notes on every node that who may see some notes changed (an account's team or
 * owner, a user's role, a deactivation), so an open notes socket of someone who lost access is
 * closed at once instead of at its next connect. Call it after the change is committed. It never
 * throws: the change itself stands, and the periodic check (ACCESS_CHECK_MS) catches up.
 */
export async function announceAccessChange(deps: Deps, change: AccessChange): Promise<void> {
  if (!change.accountIds?.length && !change.userIds?.length) return;
  try {
    await liveNotesOf(deps).accessChanged(change);
  } catch (err) {
    deps.logger.warn({ err }, 'live notes: an access change could not be announced (the periodic check catches up)');
  }
}
