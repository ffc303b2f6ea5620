import { backToBackWarning, DEFAULT_BACK_TO_BACK_MINUTES } from '../../domain/calendar/back-to-back.ts';
import type { Deps } from '../../deps.ts';
import type { CallSlot } from '../../domain/calendar/working-hours.ts';
import type { Account } from '../../domain/model.ts';
import { conflict } from '../../errors.ts';
import { listBusyCalls } from '../../store/busy-calls.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findUser } from '../../store/users.repo.ts';
import { loadCadenceSettings } from '../team/cadence-engine.ts';

/**
 * Refuses (409, field `acknowledgeBackToBack`) a call within the team's back-to-back gap (the
 * cadence policy's `backToBackMinutes`, else CADENCE_BACK_TO_BACK_MINUTES, 15; 0 switches it off) of another of the
 * CSM's calls, the way out-of-hours calls are refused: the CSM (the organiser, else the account
 * owner) sees which call it crowds and books it anyway with the flag. `movingIds` are the calls
 * being moved, which do not crowd themselves.
 */
export async function checkBackToBack(
  deps: Pick<Deps, 'config'>,
  db: Executor,
  slots: CallSlot[],
  account: Pick<Account, 'ownerId'>,
  organiserId: string | null,
  movingIds: readonly string[],
  acknowledged: boolean | undefined,
): Promise<void> {
  if (acknowledged || slots.length === 0) return;
  const csmId = organiserId ?? account.ownerId;
  if (!csmId) return;
  const { policy } = await loadCadenceSettings(db);
  const gap = policy.backToBackMinutes ?? deps.config.backToBackMinutes ?? DEFAULT_BACK_TO_BACK_MINUTES;
  if (!(gap > 0)) return;
  const starts = slots.map((s) => Date.parse(s.startsAt));
  const ends = slots.map((s) => Date.parse(s.endsAt));
  const from = new Date(Math.min(...starts) - gap * 60_000).toISOString();
  const to = new Date(Math.max(...ends) + gap * 60_000).toISOString();
  const busy = await listBusyCalls(db, csmId, from, to, movingIds);
  if (busy.length === 0) return;
  const csm = await findUser(db, csmId);
  const warning = backToBackWarning(slots, busy, gap, csm?.timezone ?? 'UTC');
  if (warning) throw conflict(`${warning}. Book it anyway with acknowledgeBackToBack`, 'acknowledgeBackToBack');
}
