import type { Account, Actor } from '../../domain/model.ts';
import { createRisk, type RiskCreate, type RiskRecord } from '../../domain/account/risks.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import { findMeeting } from '../../store/meetings.repo.ts';
import { insertRiskRecord } from '../../store/risks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { recordCreation } from '../record-change.ts';
import { getActiveColleague } from '../users/active-colleague.ts';

/** A risk to raise on the account the caller already loaded (and checked the actor may change). */
export type RiskToRaise = Omit<RiskCreate, 'accountId'>;

/** Refuses a meeting id that is not a call with this account. */
export async function checkMeetingOf(db: Executor, accountId: string, meetingId: string | null | undefined): Promise<void> {
  if (!meetingId) return;
  const meeting = await findMeeting(db, meetingId);
  if (!meeting || meeting.accountId !== accountId) throw invalid('meetingId is not a meeting of this account', 'meetingId');
}

/** Refuses an owner who is not an active colleague. */
export async function checkRiskOwner(db: Executor, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  await getActiveColleague(db, ownerId, 'ownerId', `ownerId ${ownerId}`);
}

/**
 * Who works on a risk captured in a call (at wrap-up, from a transcript): the account's CSM, or
 * nobody yet when that CSM is no longer active, so the register shows it as unowned.
 */
export async function accountRiskOwner(db: Executor, account: Pick<Account, 'ownerId'>): Promise<string | null> {
  if (!account.ownerId) return null;
  const user = await findUser(db, account.ownerId);
  return user?.active ? user.id : null;
}

export const riskLabel = (r: Pick<RiskRecord, 'severity' | 'type'>) => `${r.severity} ${r.type.replace(/_/g, ' ')} risk`;

/**
 * The one way a risk is born, whoever raises it (the risk register, a wrap-up, an accepted
 * transcript suggestion): the owner is an active user, the meeting is the account's, ARR at risk
 * fits inside the account's ARR; the row, its audit entry and its timeline line are written in
 * the caller's transaction.
 */
export async function raiseRiskIn(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, account: Pick<Account, 'id' | 'arr'>, input: RiskToRaise): Promise<RiskRecord> {
  await checkRiskOwner(tx, input.ownerId);
  await checkMeetingOf(tx, account.id, input.meetingId);
  const outcome = createRisk({ ...input, accountId: account.id }, { id: deps.newId() }, account.arr, deps.now());
  if (!outcome.ok) throw invalid(outcome.error.message, outcome.error.field);
  const risk = outcome.risk;
  await insertRiskRecord(tx, risk);
  await recordCreation(tx, deps, actor, {
    accountId: account.id,
    action: 'risk.raised',
    entityType: 'risk',
    record: risk,
    summary: `Risk raised: ${riskLabel(risk)}${risk.arrAtRisk ? ` (${risk.arrAtRisk} ARR at risk)` : ''}: ${risk.evidence}`,
  });
  return risk;
}
