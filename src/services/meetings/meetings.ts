import { buildAgenda } from '../../domain/agenda/agenda.ts';
import * as edits from '../../domain/agenda/agenda-edit.ts';
import type { Agenda, Attendee } from '../../domain/meeting/meeting.ts';
import { AgendaEditSchema, type AgendaEditRequest, type MeetingCreate, type MeetingUpdate, type NotesSave } from '../../domain/meeting/meeting-input.ts';
import { expandSeries, seriesTitle } from '../../domain/calendar/recurrence.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listFindingsSince, listObjectives, listOpenRequests, listOpenRisks, listOpenTickets } from '../../store/agenda-context.repo.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findMeeting, findPreviousMeeting, insertMeeting, listMeetings as listMeetingRows, loadAgenda, saveAgenda, saveMeeting, type MeetingRecord } from '../../store/meetings.repo.ts';
import { indexMeeting } from '../../store/notes-search.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { getTopicLibrary } from './agenda-topics.ts';
import { recordChange } from '../record-change.ts';
import { saveNotesIn } from './save-notes.ts';

export const HELD_STATES = ['held', 'followed_up', 'complete'];

/** A meeting the actor may see (through its account), with that account. */
export async function getMeeting(deps: Deps, actor: Actor, id: string, db: Executor = deps.store.db): Promise<{ meeting: MeetingRecord; account: Account }> {
  const meeting = await findMeeting(db, id);
  if (!meeting) throw notFound('meeting');
  try {
    return { meeting, account: await getAccount(deps, actor, meeting.accountId, db) };
  } catch {
    throw notFound('meeting');
  }
}

/** The same, for a change: 403 when the actor may see but not change the account. */
export async function getEditableMeeting(deps: Deps, actor: Actor, id: string, db: Executor): Promise<{ meeting: MeetingRecord; account: Account }> {
  const found = await getMeeting(deps, actor, id, db);
  authorize(canEditAccount(actor, found.account), `you may not change meetings of ${found.account.name}`);
  return found;
}

/** The naming convention of the handbook: "<Vendor> / <Customer> CSM Call". */
export function conventionalTitle(vendor: string, account: Pick<Account, 'name'>, type: string): string {
  if (type === 'kickoff') return `${vendor} / ${account.name} Kickoff`;
  if (type === 'cbr') return `${vendor} / ${account.name} Business Review`;
  if (type === 'internal_review') return `${account.name}: account team sync`;
  return `${vendor} / ${account.name} CSM Call`;
}

async function attendeesFor(db: Executor, account: Account, input: { attendeeUserIds?: string[]; attendeeContactIds?: string[]; shadowUserIds?: string[] }): Promise<Attendee[]> {
  const userIds = input.attendeeUserIds ?? [...new Set([account.ownerId, ...account.team.filter((m) => m.role !== 'shadow').map((m) => m.userId)].filter((id): id is string => !!id))];
  const people: Attendee[] = [];
  for (const [i, id] of userIds.entries()) {
    const user = await findUser(db, id);
    if (!user) throw invalid(`attendeeUserIds.${i} is not a user`, `attendeeUserIds.${i}`);
    const role = account.team.find((m) => m.userId === id)?.role.toUpperCase() ?? (id === account.ownerId ? 'CSM' : null);
    people.push({ kind: 'user', id, name: user.name, email: user.email, side: 'vendor', role, shadowing: false });
  }
  for (const [i, id] of (input.shadowUserIds ?? []).entries()) {
    const user = await findUser(db, id);
    if (!user) throw invalid(`shadowUserIds.${i} is not a user`, `shadowUserIds.${i}`);
    people.push({ kind: 'user', id, name: user.name, email: user.email, side: 'vendor', role: 'CSM', shadowing: true });
  }
  const contacts = await listContacts(db, { accountIds: [account.id], scopeUserIds: null }, { limit: 500 });
  const wanted = input.attendeeContactIds
    ? input.attendeeContactIds.map((id, i) => {
        const c = contacts.find((x) => x.id === id);
        if (!c) throw invalid(`attendeeContactIds.${i} is not a contact of ${account.name}`, `attendeeContactIds.${i}`);
        return c;
      })
    : contacts.filter((c) => c.status === 'active' && c.email && c.role !== 'user');
  for (const c of wanted) people.push({ kind: 'contact', id: c.id, name: c.name, email: c.email, side: 'customer', role: c.title, shadowing: false });
  return people;
}

/**
 * Schedules a call with an account (or a recurring series of them) and prepares the agenda at
 * once. A series shares one id and carries its RRULE on the first call.
 */
export async function scheduleMeeting(deps: Deps, actor: Actor, input: MeetingCreate): Promise<MeetingRecord & { seriesMeetingIds?: string[] }> {
  return deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, input.accountId, tx);
    authorize(canEditAccount(actor, account), `you may not schedule calls with ${account.name}`);
    const timezone = input.timezone ?? account.timezone;
    let starts = [new Date(input.startsAt).toISOString()];
    if (input.recurrence) {
      const series = expandSeries(starts[0]!, timezone, input.recurrence);
      if (!series.ok) throw invalid(series.message, series.field);
      starts = series.starts;
    }
    const at = deps.now().toISOString();
    const attendees = await attendeesFor(tx, account, input);
    const title = input.title ?? (input.recurrence ? seriesTitle(deps.config.vendorName, input.recurrence.frequency) : conventionalTitle(deps.config.vendorName, account, input.type));
    const seriesId = input.recurrence ? deps.newId() : null;
    const made: MeetingRecord[] = [];
    for (const [i, start] of starts.entries()) {
      const meeting: MeetingRecord = {
        id: deps.newId(),
        accountId: account.id,
        seriesId,
        type: input.type,
        title,
        state: 'planned',
        startsAt: start,
        endsAt: new Date(Date.parse(start) + input.durationMinutes * 60_000).toISOString(),
        timezone,
        sequence: 0,
        recurrence: input.recurrence && i === 0 ? JSON.stringify(input.recurrence) : null,
        attendees,
        notes: '',
        notesVersion: 0,
        recordingUrl: null,
        csmSentiment: null,
        productSentiment: null,
        summary: null,
        organiserId: actor.id,
        agendaSentAt: null,
        heldAt: null,
        followUpSentAt: null,
        completedAt: null,
        cancelledAt: null,
        createdAt: at,
        updatedAt: at,
      };
      await insertMeeting(tx, meeting, deps.newId);
      made.push(meeting);
    }
    // Agendas after all calls exist, so each one knows the date of the next.
    for (const meeting of made) {
      await saveAgenda(tx, await assembleAgenda(deps, tx, meeting, account), at);
      await indexMeeting(tx, deps.store.dialect, meeting.id);
    }
    const first = made[0]!;
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'meeting.scheduled',
      entityType: 'meeting',
      entityId: first.id,
      before: null,
      after: { title: first.title, startsAt: first.startsAt, type: first.type, calls: made.length },
      summary: made.length > 1 ? `${first.title}: ${made.length} calls scheduled from ${first.startsAt.slice(0, 10)} (${input.recurrence?.frequency})` : `${first.title} scheduled for ${first.startsAt.slice(0, 16).replace('T', ' ')} UTC`,
    });
    return made.length > 1 ? { ...first, seriesMeetingIds: made.map((m) => m.id) } : first;
  });
}

/** Gathers what the store knows about the account and builds the agenda for the meeting. */
export async function assembleAgenda(deps: Deps, db: Executor, meeting: MeetingRecord, account: Account): Promise<Agenda> {
  const previous = await findPreviousMeeting(db, account.id, meeting.startsAt, HELD_STATES);
  const earlier = await listMeetingRows(db, { accountIds: [account.id], scopeUserIds: null, to: meeting.startsAt, states: HELD_STATES }, 6, true);
  const previousAgendas = await Promise.all(earlier.map((m) => loadAgenda(db, m.id)));
  const next = (await listMeetingRows(db, { accountIds: [account.id], scopeUserIds: null, from: meeting.endsAt ?? meeting.startsAt, states: ['planned', 'agenda_sent'] }, 1))[0];
  const lastCallAt = previous ? (previous.heldAt ?? previous.startsAt) : null;
  const [contacts, actionItems, tickets, requests, findings, objectives, risks] = await Promise.all([
    listContacts(db, { accountIds: [account.id], scopeUserIds: null }, { limit: 500 }),
    listActionItems(db, { accountId: account.id, status: ['open'] }),
    listOpenTickets(db, account.id),
    listOpenRequests(db, account.id),
    listFindingsSince(db, account.id, lastCallAt),
    listObjectives(db, account.id),
    listOpenRisks(db, account.id),
  ]);
  const { topics: library, hotSheet } = await getTopicLibrary(deps, db);
  return buildAgenda(
    {
      meeting: { ...meeting, id: meeting.id },
      account,
      lastCallAt,
      previousAgendas,
      materials: [],
      contacts,
      actionItems,
      tickets,
      requests,
      findings,
      objectives,
      risks,
      topicLibrary: library,
      hotSheet,
      nextCallAt: next?.startsAt ?? null,
      newId: deps.newId,
    },
    deps.now(),
  );
}

export async function listMeetings(deps: Deps, actor: Actor, query: { accountId?: string; from?: string; to?: string; state?: string[]; limit?: number }) {
  if (query.accountId) await getAccount(deps, actor, query.accountId);
  const scope = accountScopeFor(actor);
  const items = await listMeetingRows(
    deps.store.db,
    {
      accountIds: query.accountId ? [query.accountId] : undefined,
      scopeUserIds: scope.kind === 'all' ? null : scope.userIds,
      from: query.from,
      to: query.to,
      states: query.state,
    },
    query.limit ?? 100,
  );
  return { items, nextCursor: null };
}

export async function updateMeeting(deps: Deps, actor: Actor, id: string, patch: MeetingUpdate): Promise<MeetingRecord> {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, id, tx);
    const at = deps.now().toISOString();
    const startsAt = patch.startsAt ? new Date(patch.startsAt).toISOString() : meeting.startsAt;
    const duration = patch.durationMinutes ?? (Date.parse(meeting.endsAt ?? meeting.startsAt) - Date.parse(meeting.startsAt)) / 60_000;
    const moved = startsAt !== meeting.startsAt || patch.durationMinutes !== undefined;
    const after: MeetingRecord = {
      ...meeting,
      title: patch.title ?? meeting.title,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + duration * 60_000).toISOString(),
      recordingUrl: patch.recordingUrl === undefined ? meeting.recordingUrl : patch.recordingUrl,
      // Calendar clients apply a changed invite only when its SEQUENCE grows.
      sequence: moved || patch.title ? meeting.sequence + 1 : meeting.sequence,
      updatedAt: at,
    };
    await saveMeeting(tx, after);
    await recordChange(tx, deps, actor, {
      accountId: meeting.accountId,
      action: 'meeting.updated',
      entityType: 'meeting',
      entityId: id,
      before: { startsAt: meeting.startsAt, title: meeting.title },
      after: { startsAt: after.startsAt, title: after.title },
      summary: moved ? `${after.title} moved to ${after.startsAt.slice(0, 16).replace('T', ' ')} UTC` : `${after.title} updated`,
    });
    return after;
  });
}

export async function getAgenda(deps: Deps, actor: Actor, meetingId: string): Promise<Agenda> {
  await getMeeting(deps, actor, meetingId);
  return loadAgenda(deps.store.db, meetingId);
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
  }
}

/**
 * Saves the notes document (free notes and per-item notes) if nobody saved since `version`;
 * a stale save is refused with a 409 and the current text, never applied over newer notes.
 * Repeating the same save is harmless: it answers with the version it made.
 */
export async function saveNotes(deps: Deps, actor: Actor, meetingId: string, input: NotesSave): Promise<{ version: number; notes: string; itemNotes: Record<string, string> }> {
  return deps.store.db.transaction().execute(async (tx) => {
    const { meeting } = await getEditableMeeting(deps, actor, meetingId, tx);
    const saved = await saveNotesIn(tx, deps, meeting, await loadAgenda(tx, meetingId), input, 'version');
    await indexMeeting(tx, deps.store.dialect, meetingId);
    return { version: saved.version, notes: saved.notes, itemNotes: saved.itemNotes };
  });
}
