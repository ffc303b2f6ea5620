import { assessEngagement, type EngagementAssessment } from '../domain/engagement.ts';
import { businessCalendar, oneBusinessDayAfter } from '../domain/business-calendar.ts';
import { composeFollowUp } from '../domain/follow-up.ts';
import * as edits from '../domain/agenda-edit.ts';
import type { ActionItem } from '../domain/meeting.ts';
import { WrapUpSchema } from '../domain/meeting-input.ts';
import { transitionMeeting } from '../domain/meeting-state.ts';
import type { Actor } from '../domain/model.ts';
import type { Deps } from '../deps.ts';
import { AppError, conflict } from '../errors.ts';
import { listActionItems, listRequestsRaised } from '../store/account-context.repo.ts';
import type { Executor } from '../store/database.ts';
import { findFollowUp, saveFollowUp } from '../store/follow-ups.repo.ts';
import { listMeetings, loadAgenda, saveAgenda, saveMeeting, saveNotesIfCurrent, type MeetingRecord } from '../store/meetings.repo.ts';
import { indexMeeting } from '../store/notes-search.repo.ts';
import { insertTaskOnce } from '../store/tasks.repo.ts';
import { findUser } from '../store/users.repo.ts';
import { loadCadenceSettings, refreshCadence } from './cadence-engine.ts';
import { createActionItemIn } from './create-action-item.ts';
import { raiseRequestIn } from './create-raised-request.ts';
import { raiseRiskIn } from './create-risk.ts';
import { queueCrmPush } from './crm-sync.ts';
import { rescoreAccount } from './health.ts';
import { assembleAgenda, getEditableMeeting } from './meetings.ts';
import { parseInput } from './parse-input.ts';
import { recordChange } from './record-change.ts';

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
export async function wrapUpMeeting(deps: Deps, actor: Actor, meetingId: string, body: unknown, hooks: WrapUpHooks = {}): Promise<WrapUpResult> {
  const input = parseInput(WrapUpSchema, body);
  const result = await deps.store.db.transaction().execute(async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, tx);
    const move = transitionMeeting(meeting.state, 'hold');
    if (!move.ok) throw conflict(`the call is ${meeting.state.replace('_', ' ')}; it cannot be wrapped up again`);
    const at = deps.now().toISOString();

    let notes = meeting.notes;
    let notesVersion = meeting.notesVersion;
    if (input.notes) {
      if (!(await saveNotesIfCurrent(tx, meetingId, input.notes.version, input.notes.notes, at))) {
        throw conflict(`these notes were changed elsewhere (now version ${meeting.notesVersion}); reload them before wrapping up`, 'notes.version');
      }
      notes = input.notes.notes;
      notesVersion = input.notes.version + 1;
    }
    let agenda = await loadAgenda(tx, meetingId);
    for (const [itemId, text] of Object.entries(input.notes?.itemNotes ?? {})) {
      const r = edits.setItemNotes(agenda, itemId, text);
      if (!r.ok) throw new AppError('invalid', `notes.itemNotes.${itemId}: no such agenda item`, { field: `notes.itemNotes.${itemId}` });
      agenda = r.agenda;
    }
    for (const itemId of input.discussedItemIds ?? []) {
      const r = edits.markDiscussed(agenda, itemId, true);
      if (!r.ok) throw new AppError('invalid', `discussedItemIds: ${itemId} is not an item of this agenda`, { field: 'discussedItemIds' });
      agenda = r.agenda;
    }
    await saveAgenda(tx, agenda, at);

    // Through the same cores as the API, so the same rules hold; a refusal names the row.
    const created = await captureEach('actionItems', input.actionItems, (a) => createActionItemIn(tx, deps, actor, account, { ...a, meetingId }));
    await captureEach('risks', input.risks, (r) => raiseRiskIn(tx, deps, actor, account, { ...r, meetingId, ownerId: account.ownerId }));
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
    // Queued for the CRM in the same transaction; the crm-retry job pushes it within a minute and retries failures.
    await queueCrmPush(deps, tx, meetingId);

    const next = (await listMeetings(tx, { accountIds: [account.id], scopeUserIds: null, from: meeting.startsAt, states: ['planned', 'agenda_sent'] }, 5)).find((m) => m.id !== meetingId);
    // One business day later at the same local time, skipping weekends and the team's holidays.
    const { holidays } = await loadCadenceSettings(tx);
    const dueAt = oneBusinessDayAfter(at, account.timezone, businessCalendar(holidays));
    await draftFollowUp(deps, tx, held, account.name, account.timezone, next?.startsAt ?? null, dueAt, actor);
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
    const counts = [
      `${created.length} action item${created.length === 1 ? '' : 's'}`,
      ...(input.risks.length ? [`${input.risks.length} risk${input.risks.length === 1 ? '' : 's'}`] : []),
      ...(input.requests.length ? [`${input.requests.length} request${input.requests.length === 1 ? '' : 's'} to open`] : []),
    ].join(', ');
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'meeting.held',
      entityType: 'meeting',
      entityId: meetingId,
      before: { state: meeting.state },
      after: { state: held.state, heldAt: at, csmSentiment: held.csmSentiment, productSentiment: held.productSentiment },
      summary: `${meeting.title} held: ${counts}${engagement.effective === false ? ' (not effective: no action items)' : ''}${held.summary ? `. ${held.summary}` : ''}`,
    });
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

/** Drafts (or redrafts) the follow-up from the call: recap, every open action item, next call. */
export async function draftFollowUp(
  deps: Deps,
  db: Executor,
  meeting: MeetingRecord,
  accountName: string,
  timezone: string,
  nextCallAt: string | null,
  dueAt: string,
  actor: Actor,
): Promise<void> {
  const agenda = await loadAgenda(db, meeting.id);
  const openItems = await listActionItems(db, { accountId: meeting.accountId, status: ['open'] });
  const sender = actor.id ? await findUser(db, actor.id) : undefined;
  const { holidays } = await loadCadenceSettings(db);
  const customers = meeting.attendees.filter((a) => a.side === 'customer');
  const recap = [
    ...(meeting.summary ? meeting.summary.split('\n').map((l) => l.trim()).filter(Boolean) : []),
    ...agenda.items.filter((i) => i.discussed && i.visibility === 'shared' && i.section !== 'recap' && i.section !== 'attendees').map((i) => i.text),
  ];
  const composed = composeFollowUp({
    vendorName: deps.config.vendorName,
    accountName,
    meetingTitle: meeting.title,
    heldAt: meeting.heldAt ?? deps.now().toISOString(),
    timezone,
    greetingNames: customers.map((c) => c.name.split(' ')[0] ?? c.name),
    senderName: sender?.name ?? deps.config.vendorName,
    recap,
    actionItems: openItems,
    links: meeting.recordingUrl ? [{ url: meeting.recordingUrl, description: 'Recording of the call' }] : [],
    answers: [],
    nextCallAt,
    calendar: businessCalendar(holidays),
  });
  const existing = await findFollowUp(db, meeting.id);
  await saveFollowUp(db, {
    meetingId: meeting.id,
    subject: composed.subject,
    text: composed.text,
    html: composed.html,
    recipients: customers.map((c) => c.email).filter((e): e is string => !!e),
    dueAt: existing?.dueAt ?? dueAt,
    draftedAt: deps.now().toISOString(),
    sentAt: null,
    messageId: null,
  });
}
