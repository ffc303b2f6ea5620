import { assessEngagement, type EngagementAssessment } from '../../domain/meeting/engagement.ts';
import { businessCalendar, oneBusinessDayAfter } from '../../domain/calendar/business-calendar.ts';
import * as edits from '../../domain/agenda/agenda-edit.ts';
import type { ActionItem } from '../../domain/meeting/meeting.ts';
import type { WrapUp } from '../../domain/meeting/meeting-input.ts';
import { transitionMeeting } from '../../domain/meeting/meeting-state.ts';
import { summariseWrapUp, wrapUpTooEarly } from '../../domain/meeting/wrap-up.ts';
import { formatCallTimeFor } from '../../domain/calendar/call-time.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict } from '../../errors.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listRequestsRaised } from '../../store/agenda-context.repo.ts';
import { addCallOutcomes } from '../../store/call-outcomes.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { loadAgenda, saveAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { indexMeeting } from '../../store/notes-search.repo.ts';
import { insertTaskOnce } from '../../store/tasks.repo.ts';
import { loadCadenceSettings, refreshCadence } from '../team/cadence-engine.ts';
import { createActionItemIn } from './create-action-item.ts';
import { raiseRequestIn } from './create-raised-request.ts';
import { accountRiskOwner, raiseRiskIn } from '../health/create-risk.ts';
import { queueCrmPush } from '../connections/crm-sync.ts';
import { draftFollowUp, findNextCall } from './follow-ups.ts';
import { rescoreAccount } from '../health/health.ts';
import { assembleAgenda } from './agenda.ts';
import { getEditableMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { queueInternalUpdate } from '../internal-updates/internal-updates.ts';
import { saveNotesIn } from './save-notes.ts';

export interface WrapUpResult {
  meeting: MeetingRecord;
  actionItems: ActionItem[];
  engagement: EngagementAssessment;
  followUpDueAt: string;
}

export interface WrapUpHooks {
  /** Called inside the transaction after every write, before commit (tests make it throw). */
  beforeCommit?: () => void | Promise<void>;
}

/**
 * Wraps a call up in one transaction: marks it held; saves notes, discussed items, action items,
 * risks, requests to open and sentiment; writes the timeline; drafts the follow-up; prepares the
 * next call's agenda; and creates the follow-up task due one business day later. A failure
 * anywhere leaves nothing written.
 */
export async function wrapUpMeeting(deps: Deps, actor: Actor, meetingId: string, input: WrapUp, hooks: WrapUpHooks = {}): Promise<WrapUpResult> {
  const result = await deps.store.db.transaction().execute(async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, tx);
    const move = transitionMeeting(meeting.state, 'hold');
    if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; it cannot be wrapped up again`);
    const ourZone = actor.id ? (await findUser(tx, actor.id))?.timezone : undefined;
    const early = wrapUpTooEarly(meeting.startsAt, deps.now(), formatCallTimeFor(meeting.startsAt, { zone: ourZone ?? account.timezone, otherZone: account.timezone }));
    if (early) throw conflict(early, 'startsAt');
    const at = deps.now().toISOString();

    let agenda = await loadAgenda(tx, meetingId);
    let notes = meeting.notes;
    let notesVersion = meeting.notesVersion;
    if (input.notes) ({ agenda, notes, version: notesVersion } = await saveNotesIn(tx, deps, meeting, agenda, input.notes, 'notes.version'));
    for (const itemId of input.discussedItemIds ?? []) {
      const r = edits.markDiscussed(agenda, itemId, true);
      if (!r.ok) throw new AppError('invalid', `discussedItemIds: ${itemId} is not an item of this agenda`, { field: 'discussedItemIds' });
      agenda = r.agenda;
    }
    await saveAgenda(tx, agenda, at);

    // Through the same cores as the API, so the same rules hold; a refusal names the row.
    await captureEach('actionItems', input.actionItems, (a) => createActionItemIn(tx, deps, actor, account, { ...a, meetingId }));
    // Items accepted from the transcript before wrap-up were born through the same core: they count the same.
    const created = await listActionItems(tx, { meetingId });
    const outcomes = { recap: input.recap, decisions: input.decisions, questions: input.questions?.map((q) => ({ question: q.question, answer: q.answer ?? null })), links: input.links };
    await addCallOutcomes(tx, meetingId, outcomes, { newId: deps.newId, at });
    const riskOwner = input.risks.length ? await accountRiskOwner(tx, account) : null;
    await captureEach('risks', input.risks, (r) => raiseRiskIn(tx, deps, actor, account, { ...r, meetingId, ownerId: riskOwner }));
    await captureEach('requests', input.requests, (r) => raiseRequestIn(tx, deps, actor, account, meetingId, r));

    const held: MeetingRecord = {
      ...meeting,
      state: move.to,
      heldAt: at,
      notes,
      notesVersion,
      csmSentiment: input.csmSentiment ?? meeting.csmSentiment,
      productSentiment: input.productSentiment ?? meeting.productSentiment,
      recordingUrl: input.recordingUrl === undefined ? meeting.recordingUrl : input.recordingUrl,
      summary: input.summary ?? meeting.summary,
      updatedAt: at,
    };
    await saveMeeting(tx, held);
    await indexMeeting(tx, deps.store.dialect, meetingId);
    // Queued for the CRM in the same transaction; the outbox worker pushes it within seconds and retries failures.
    await queueCrmPush(deps, tx, meetingId);

    const next = await findNextCall(tx, meeting);
    // One business day later at the same local time, skipping weekends and the team's holidays.
    const { holidays } = await loadCadenceSettings(tx);
    const dueAt = oneBusinessDayAfter(at, account.timezone, businessCalendar(holidays));
    await draftFollowUp(deps, tx, actor, held, account, dueAt);
    // Undiscussed items and open action items carry over into the next call's agenda.
    if (next) await saveAgenda(tx, await assembleAgenda(deps, tx, next, account), at);

    const assigneeId = meeting.organiserId ?? account.ownerId;
    await insertTaskOnce(tx, {
      id: deps.newId(),
      key: `follow_up:${meetingId}`,
      rule: 'send_follow_up',
      accountId: account.id,
      assigneeId,
      title: `Send the follow-up for ${meeting.title}`,
      dueAt,
      cause: { type: 'meeting', id: meetingId },
      createdAt: at,
    });

    const requests = await listRequestsRaised(tx, meetingId);
    const engagement = assessEngagement(held, created, requests, { sentAt: null });
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'meeting.held',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: meeting.state },
      after: { state: held.state, heldAt: at, csmSentiment: held.csmSentiment, productSentiment: held.productSentiment },
      summary: summariseWrapUp({ meetingTitle: meeting.title, actionItems: created.length, risks: input.risks.length, requests: input.requests.length, effective: engagement.effective, summary: held.summary }),
    });
    // The account team's internal update (issue #19 item 6), when the account has one set up.
    await queueInternalUpdate(tx, deps, account.id, { kind: 'wrap_up', meetingTitle: meeting.title, recap: input.recap ?? [], summary: held.summary ?? null });
    await refreshCadence(deps, tx, [account.id]);
    await hooks.beforeCommit?.();
    return { meeting: held, actionItems: created, engagement, followUpDueAt: dueAt };
  });
  // The call's sentiment and action items feed the health score: rescore once the wrap-up committed.
  await rescoreAccount(deps, result.meeting.accountId, 'wrap-up');
  return result;
}

/** Creates each captured row in turn; a refusal names the list and row it came from ("risks.0.arrAtRisk"). */
async function captureEach<T, R>(list: string, rows: readonly T[], create: (row: T) => Promise<R>): Promise<R[]> {
  const made: R[] = [];
  for (const [i, row] of rows.entries()) {
    try {
      made.push(await create(row));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'invalid') throw err;
      throw new AppError('invalid', `${list}.${i}: ${err.message}`, { field: `${list}.${i}${err.field ? `.${err.field}` : ''}`, cause: err });
    }
  }
  return made;
}
