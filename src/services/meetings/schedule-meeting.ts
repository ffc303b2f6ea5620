import type { Attendee } from '../../domain/meeting/meeting.ts';
import type { MeetingCreate } from '../../domain/meeting/meeting-input.ts';
import { expandSeries, seriesTitle } from '../../domain/calendar/recurrence.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { conflict, invalid } from '../../errors.ts';
import { outOfHoursWarning, type CallSlot } from '../../domain/calendar/working-hours.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { insertMeeting, saveAgenda, type MeetingRecord } from '../../store/meetings.repo.ts';
import { indexMeeting } from '../../store/notes-search.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { recordChange } from '../record-change.ts';
import { assembleAgenda } from './agenda.ts';
import { checkBackToBack } from './back-to-back.ts';
import { writeMeetingToCalendar } from '../calendar-sync/write-calendar.ts';

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
 * Refuses (409, field `acknowledgeOutOfHours`) a call outside 08:00–18:00 for the customer (the
 * account's zone) or the CSM (the organiser's zone, else the account owner's), naming both local
 * times, unless the CSM has seen that and acknowledged it.
 */
export async function checkWorkingHours(db: Executor, slots: CallSlot[], account: Account, organiserId: string | null, acknowledged: boolean | undefined): Promise<void> {
  if (acknowledged) return;
  const csm = (organiserId ? await findUser(db, organiserId) : undefined) ?? (account.ownerId ? await findUser(db, account.ownerId) : undefined);
  const warning = outOfHoursWarning(slots, { who: account.name, zone: account.timezone }, { who: csm?.name ?? 'the CSM', zone: csm?.timezone ?? 'UTC' });
  if (warning) throw conflict(`${warning}. Book it anyway with acknowledgeOutOfHours`, 'acknowledgeOutOfHours');
}

/**
 * Schedules a call with an account (or a recurring series of them) and prepares the agenda at
 * once. A series shares one id and carries its RRULE on the first call.
 */
export async function scheduleMeeting(deps: Deps, actor: Actor, input: MeetingCreate): Promise<MeetingRecord & { seriesMeetingIds?: string[] }> {
  const scheduled = await deps.store.db.transaction().execute(async (tx) => {
    const account = await getAccount(deps, actor, input.accountId, tx);
    authorize(canEditAccount(actor, account), `you may not schedule calls with ${account.name}`);
    const timezone = input.timezone ?? account.timezone;
    let starts = [new Date(input.startsAt).toISOString()];
    if (input.recurrence) {
      const series = expandSeries(starts[0]!, timezone, input.recurrence);
      if (!series.ok) throw invalid(series.message, series.field);
      starts = series.starts;
    }
    await checkWorkingHours(
      tx,
      starts.map((s) => ({ startsAt: s, endsAt: new Date(Date.parse(s) + input.durationMinutes * 60_000).toISOString() })),
      account,
      actor.id,
      input.acknowledgeOutOfHours,
    );
    await checkBackToBack(
      deps,
      tx,
      starts.map((s) => ({ startsAt: s, endsAt: new Date(Date.parse(s) + input.durationMinutes * 60_000).toISOString() })),
      account,
      actor.id,
      [],
      input.acknowledgeBackToBack,
    );
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
        originalStartsAt: seriesId ? start : null,
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
  // Written to the organiser's connected calendar once saved (never throws; the sync retries a failure).
  await writeMeetingToCalendar(deps, scheduled);
  return scheduled;
}
