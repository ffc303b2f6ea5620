import { buildAgenda } from '../../domain/agenda/agenda.ts';
import * as edits from '../../domain/agenda/agenda-edit.ts';
import type { Agenda } from '../../domain/meeting/meeting.ts';
import { AgendaEditSchema, type AgendaEditRequest } from '../../domain/meeting/meeting-input.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listFindingsSince, listObjectives, listOpenRequests, listOpenRisks, listOpenTickets } from '../../store/agenda-context.repo.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import { listDoneByCustomer } from '../../store/customer-done.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { clearAgendaPending, isAgendaPending } from '../../store/calendar-sync.repo.ts';
import { findMeeting, findPreviousMeeting, listMeetings as listMeetingRows, loadAgenda, saveAgenda, type MeetingRecord } from '../../store/meetings.repo.ts';
import { getTopicLibrary } from './agenda-topics.ts';
import { scoreUseCasesOf } from '../use-cases/use-cases.ts';
import { HELD_STATES, getEditableMeeting, getMeeting } from './meetings.ts';

/** Gathers what the store knows about the account and builds the agenda for the meeting. */
export async function assembleAgenda(deps: Deps, db: Executor, meeting: MeetingRecord, account: Account): Promise<Agenda> {
  const previous = await findPreviousMeeting(db, account.id, meeting.startsAt, HELD_STATES);
  const earlier = await listMeetingRows(db, { accountIds: [account.id], scopeUserIds: null, to: meeting.startsAt, states: HELD_STATES }, 6, true);
  const previousAgendas = await Promise.all(earlier.map((m) => loadAgenda(db, m.id)));
  const next = (await listMeetingRows(db, { accountIds: [account.id], scopeUserIds: null, from: meeting.endsAt ?? meeting.startsAt, states: ['planned', 'agenda_sent'] }, 1))[0];
  const lastCallAt = previous ? (previous.heldAt ?? previous.startsAt) : null;
  const [contacts, actionItems, customerDone, tickets, requests, findings, objectives, risks] = await Promise.all([
    listContacts(db, { accountIds: [account.id], scopeUserIds: null }, { limit: 500 }),
    listActionItems(db, { accountId: account.id, status: ['open'] }),
    listDoneByCustomer(db, account.id),
    listOpenTickets(db, account.id),
    listOpenRequests(db, account.id),
    listFindingsSince(db, account.id, lastCallAt),
    listObjectives(db, account.id),
    listOpenRisks(db, account.id),
  ]);
  const { topics: library, hotSheet } = await getTopicLibrary(deps, db);
  const useCases = (await scoreUseCasesOf(deps, db, [account.id])).get(account.id) ?? [];
  return buildAgenda(
    {
      meeting: { ...meeting, id: meeting.id },
      account,
      lastCallAt,
      previousAgendas,
      materials: [],
      contacts,
      actionItems,
      customerDone,
      tickets,
      requests,
      findings,
      objectives,
      risks,
      topicLibrary: library,
      hotSheet,
      nextCallAt: next?.startsAt ?? null,
      useCases,
      newId: deps.newId,
    },
    deps.now(),
  );
}

export async function getAgenda(deps: Deps, actor: Actor, meetingId: string): Promise<Agenda> {
  await getMeeting(deps, actor, meetingId);
  await buildAgendaIfPending(deps, meetingId);
  return loadAgenda(deps.store.db, meetingId);
}

/**
 * A call taken from the calendar far ahead (or in the past) gets its agenda when it is first
 * opened or comes within the agenda window (lazy agendas, calendar sync), from that day's facts.
 * Items someone already put there are kept as they are.
 */
export async function buildAgendaIfPending(deps: Deps, meetingId: string): Promise<void> {
  if (!(await isAgendaPending(deps.store.db, meetingId))) return;
  await deps.store.db.transaction().execute(async (tx) => {
    const at = deps.now().toISOString();
    if (!(await clearAgendaPending(tx, meetingId, at))) return;
    const meeting = await findMeeting(tx, meetingId);
    const account = meeting ? await findAccount(tx, meeting.accountId) : undefined;
    if (!meeting || !account || (await loadAgenda(tx, meetingId)).items.length > 0) return;
    await saveAgenda(tx, await assembleAgenda(deps, tx, meeting, account), at);
  });
}

/** Rebuilds the agenda from the latest facts, keeping what people added by hand. */
export async function refreshAgenda(deps: Deps, actor: Actor, meetingId: string): Promise<Agenda> {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, tx);
    const current = await loadAgenda(tx, meetingId);
    const fresh = await assembleAgenda(deps, tx, meeting, account);
    const byHand = current.items.filter((i) => i.addedBy !== 'cadence');
    const agenda = { meetingId, items: [...fresh.items.filter((i) => i.section !== 'recap'), ...byHand, ...fresh.items.filter((i) => i.section === 'recap')] };
    await saveAgenda(tx, agenda, deps.now().toISOString());
    return agenda;
  });
}

const EDIT_ERRORS: Record<edits.AgendaEditError, string> = {
  not_found: 'no such agenda item',
  empty_text: 'text must not be empty',
  too_long: `text must be at most ${edits.MAX_ITEM_TEXT} characters`,
  duplicate_id: 'an agenda item with this id already exists',
  unknown_section: 'unknown agenda section',
};

/** Applies one edit (add, edit, move, drop, mark discussed …) to the agenda. */
export async function editAgenda(deps: Deps, actor: Actor, meetingId: string, request: AgendaEditRequest): Promise<Agenda> {
  return deps.store.db.transaction().execute(async (tx) => {
    await getEditableMeeting(deps, actor, meetingId, tx);
    const agenda = await loadAgenda(tx, meetingId);
    const result = applyEdit(agenda, request, deps.newId);
    if (!result.ok) throw new AppError(result.error === 'not_found' ? 'not_found' : 'invalid', EDIT_ERRORS[result.error], { field: result.error === 'not_found' ? 'itemId' : 'text' });
    await saveAgenda(tx, result.agenda, deps.now().toISOString());
    return result.agenda;
  });
}

function applyEdit(agenda: Agenda, request: ReturnType<typeof AgendaEditSchema.parse>, newId: () => string): edits.AgendaEdit {
  switch (request.op) {
    case 'add':
      return edits.addItem(agenda, { id: newId(), text: request.text, section: request.section, addedBy: 'csm', visibility: request.internal ? 'internal' : 'shared' });
    case 'edit':
      return edits.editItemText(agenda, request.itemId, request.text);
    case 'move':
      return edits.moveItem(agenda, request.itemId, request.toIndex);
    case 'up':
      return edits.moveItemUp(agenda, request.itemId);
    case 'down':
      return edits.moveItemDown(agenda, request.itemId);
    case 'drop':
      return edits.dropItem(agenda, request.itemId);
    case 'discussed':
      return edits.markDiscussed(agenda, request.itemId, request.discussed);
    case 'visibility':
      return edits.setItemVisibility(agenda, request.itemId, request.internal ? 'internal' : 'shared');
    case 'prep_note':
      return edits.setItemPrepNote(agenda, request.itemId, request.prepNote);
  }
}
