import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { forbidden, invalid } from '../../errors.ts';
import type { CalendarProvider, CalendarRef } from '../../integrations/calendar/port.ts';
import { isIntegrationError } from '../../integrations/errors.ts';
import {
  claimCalendarConnection,
  findCalendarConnection,
  listCalendarConnections,
  listCalendarObjectsIn,
  listContactEmails,
  listAgendaPendingMeetings,
  listDueCalendarConnections,
  listPendingCalendarWrites,
  relaxedCommit,
  listUserEmails,
  updateCalendarConnection,
  type CalendarConnection,
  type SyncCounts,
  type SyncedCalendar,
} from '../../store/calendar-sync.repo.ts';
import { listSeriesMeetings } from '../../store/meeting-series.repo.ts';
import { findMeeting } from '../../store/meetings.repo.ts';
import { getSetting, putSetting } from '../../store/settings.repo.ts';
import { closeTasksFor, insertTaskOnce } from '../../store/tasks.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { actorFor } from '../users/users.ts';
import type { Account } from '../../domain/model.ts';
import { buildAgendaIfPending } from '../meetings/agenda.ts';
import { APPLY_BATCH, applyCalendarDeletion, applyCalendarObjects, emptyCounts, type ApplyContext } from './apply-object.ts';
import { buildMatchDirectory, DEFAULT_NEVER_CUSTOMER_DOMAINS, type MatchDirectory } from './match-event.ts';
import { describeFailure, isReauthNeeded, providerFor } from './provider.ts';
import { uidDomain, writeFor } from './write-calendar.ts';

/** The setting holding the domains that are never customers (JSON array); the defaults when unset. */
export const NEVER_CUSTOMER_SETTING = 'calendar_sync.never_customer_domains';
/** How far ahead (and back) a sync reads occurrences of recurring events. */
export const WINDOW_DAYS_AHEAD = 90;
export const WINDOW_DAYS_BEHIND = 30;
/** How long one node holds a connection while syncing it. */
const LEASE_MS = 10 * 60_000;
/** Calls this close get their agenda at import or at the next sync; later ones when they come this close or are opened. */
export const AGENDA_WINDOW_DAYS = 14;

/**
 * What one run over many connections reads once and shares: who is a user, which contact and
 * domain is which account's (20,000 accounts take a while to read and index), the accounts seen.
 * A run is one job tick or one `cadence calendar sync`; the next run reads them afresh.
 */
export interface SyncRun {
  directory?: Promise<MatchDirectory>;
  accounts?: Map<string, Account | undefined>;
}

async function matchDirectory(deps: Deps, run: SyncRun): Promise<MatchDirectory> {
  run.directory ??= (async () => {
    const [users, contacts, never] = await Promise.all([listUserEmails(deps.store.db), listContactEmails(deps.store.db), neverCustomerDomains(deps)]);
    return buildMatchDirectory({ users, contacts, neverCustomerDomains: never, vendorDomains: [uidDomain(deps)] });
  })();
  try {
    return await run.directory;
  } catch (err) {
    run.directory = undefined;
    throw err;
  }
}

export interface CalendarSyncResult {
  connectionId: string;
  status: 'ok' | 'failed' | 'needs_reauth' | 'busy';
  counts: SyncCounts;
  error: string | null;
}

export async function neverCustomerDomains(deps: Deps): Promise<string[]> {
  return (await getSetting<string[]>(deps.store.db, NEVER_CUSTOMER_SETTING)) ?? [...DEFAULT_NEVER_CUSTOMER_DOMAINS];
}

/** Replaces the never-customer domains (admins): lower case, without "@", each a plausible domain. */
export async function setNeverCustomerDomains(deps: Deps, actor: Actor, domains: string[]): Promise<string[]> {
  if (actor.role !== 'admin') throw forbidden('only an admin sets the never-customer domains');
  const clean = [...new Set(domains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean))];
  const bad = clean.find((d) => !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d));
  if (bad) throw invalid(`domains: "${bad}" is not a domain`, 'domains');
  await putSetting(deps.store.db, NEVER_CUSTOMER_SETTING, clean, deps.now().toISOString(), actor.id);
  return clean;
}

function nextRun(deps: Deps, c: CalendarConnection): string {
  return new Date(deps.now().getTime() + c.intervalMinutes * 60_000).toISOString();
}

function merge(known: SyncedCalendar[], found: CalendarRef[]): SyncedCalendar[] {
  return found.map((f) => ({ ...(known.find((k) => k.url === f.url) ?? {}), url: f.url, name: f.name, writable: f.writable }));
}

/**
 * One sync of one connection: Cadence's pending writes first, then each calendar's changes since
 * its cursor (sync-collection, or ctag and etags), each object applied in its own transaction.
 * One node at a time per connection (a lease in the database). A connection marked needs_reauth
 * is not tried: the server said the password is wrong, and asking again would not change that.
 * A calendar deleted on the server is dropped from the connection; the meetings it made are kept.
 */
export async function syncCalendarConnection(deps: Deps, connectionId: string, options: { provider?: CalendarProvider; run?: SyncRun } = {}): Promise<CalendarSyncResult> {
  const counts = emptyCounts();
  const now = deps.now();
  const at = now.toISOString();
  const run = options.run ?? {};
  // One round trip in the usual case: the lease is taken and the connection read by the same statement.
  const { db, dialect } = deps.store;
  const connection = await relaxedCommit(db, dialect, (tx) => claimCalendarConnection(tx, connectionId, at, new Date(now.getTime() + LEASE_MS).toISOString()));
  if (!connection) {
    const seen = await findCalendarConnection(deps.store.db, connectionId);
    if (!seen) return { connectionId, status: 'failed', counts, error: 'no such calendar connection' };
    if (seen.status === 'needs_reauth') return { connectionId, status: 'needs_reauth', counts, error: seen.lastError };
    return { connectionId, status: 'busy', counts, error: null };
  }
  const warnings: string[] = [];
  try {
    const provider = options.provider ?? providerFor(deps, connection);
    let calendars = connection.calendars;
    let writeCalendarUrl = connection.writeCalendarUrl;
    if (calendars.length === 0) {
      calendars = merge([], await provider.listCalendars());
      writeCalendarUrl = calendars.find((c) => c.writable)?.url ?? null;
      await updateCalendarConnection(deps.store.db, connection.id, { calendars, writeCalendarUrl }, at);
    }
    const live = { ...connection, calendars, writeCalendarUrl };

    for (const pending of await listPendingCalendarWrites(deps.store.db, connection.id)) {
      const id = pending.uid.slice(0, pending.uid.lastIndexOf('@'));
      const meeting = (await findMeeting(deps.store.db, id)) ?? (await listSeriesMeetings(deps.store.db, id))[0];
      if (meeting && (await writeFor(deps, live, meeting, provider)) === 'written') counts.written += 1;
    }

    // Built only when something changed: an unchanged calendar costs its REPORT and nothing more.
    let ctx: ApplyContext | undefined;
    const agendaUntil = new Date(now.getTime() + AGENDA_WINDOW_DAYS * 86_400_000).toISOString();
    const context = async (): Promise<ApplyContext> => {
      if (ctx) return ctx;
      const owner = await findUser(deps.store.db, connection.userId);
      if (!owner) throw new Error('the connection’s user no longer exists');
      ctx = {
        deps,
        connection: live,
        actor: { ...(await actorFor(deps, owner)), label: `calendar sync (${owner.name})` },
        ownerId: owner.id,
        dir: await matchDirectory(deps, run),
        ourDomain: uidDomain(deps),
        window: {
          from: new Date(now.getTime() - WINDOW_DAYS_BEHIND * 86_400_000).toISOString(),
          to: new Date(now.getTime() + WINDOW_DAYS_AHEAD * 86_400_000).toISOString(),
          floatingZone: owner.timezone || 'UTC',
        },
        agendaUntil,
        accounts: (run.accounts ??= new Map()),
        counts,
      };
      return ctx;
    };

    const gone: SyncedCalendar[] = [];
    for (const calendar of calendars) {
      let changes;
      try {
        changes = await provider.changesSince(calendar.url, calendar.syncToken !== undefined || calendar.ctag !== undefined ? { syncToken: calendar.syncToken, ctag: calendar.ctag, etags: calendar.etags } : null);
      } catch (err) {
        if (isIntegrationError(err) && err.kind === 'not_found') {
          gone.push(calendar);
          continue;
        }
        throw err;
      }
      // One object the database refuses (or a bug) does not stop the others: it is skipped with reason "error" and retried when it changes.
      for (let i = 0; i < changes.changed.length; i += APPLY_BATCH) await applyCalendarObjects(await context(), calendar.url, changes.changed.slice(i, i + APPLY_BATCH));
      const deleted = new Set(changes.deleted);
      if (changes.full) {
        // Listed from scratch: whatever Cadence knew there and the server no longer lists is gone.
        const listed = new Set(changes.changed.map((o) => o.href));
        for (const o of await listCalendarObjectsIn(deps.store.db, connection.id, calendar.url)) if (!listed.has(o.href) && !o.pendingWrite) deleted.add(o.href);
      }
      for (const href of deleted) await applyCalendarDeletion(await context(), href);
      const cursorBefore = JSON.stringify([calendar.syncToken, calendar.ctag, calendar.etags]);
      Object.assign(calendar, { syncToken: changes.cursor.syncToken, ctag: changes.cursor.ctag, etags: changes.cursor.etags });
      if (JSON.stringify([calendar.syncToken, calendar.ctag, calendar.etags]) !== cursorBefore) await updateCalendarConnection(deps.store.db, connection.id, { calendars }, at);
    }

    if (gone.length > 0) {
      calendars = merge(calendars, await provider.listCalendars());
      if (writeCalendarUrl && !calendars.some((c) => c.url === writeCalendarUrl)) writeCalendarUrl = calendars.find((c) => c.writable)?.url ?? null;
      for (const g of gone) warnings.push(`The calendar “${g.name}” is no longer on the server (deleted or unshared); it is not synced any more, and the meetings it brought into Cadence were kept.`);
      if (calendars.length === 0) warnings.push('No calendar is left on this connection: connect another calendar URL.');
    }
    // Calls that came within the agenda window since they were imported get their agenda now.
    for (const id of await listAgendaPendingMeetings(db, dialect, connection.id, at, agendaUntil)) await buildAgendaIfPending(deps, id);

    const finished = deps.now().toISOString();
    // The cursors that moved were written (durably) as each calendar finished; this is the run's bookkeeping.
    await relaxedCommit(db, dialect, (tx) =>
      updateCalendarConnection(
        tx,
        connection.id,
        {
          calendars,
          writeCalendarUrl,
          status: calendars.length === 0 ? 'failing' : 'ok',
          lastSuccessAt: finished,
          lastAttemptAt: finished,
          nextSyncAt: nextRun(deps, connection),
          lastError: warnings.length ? warnings.join(' ') : null,
          lastCounts: counts,
          leaseUntil: null,
        },
        finished,
      ),
    );
    // A "not synced" task exists only after a silence of three intervals (syncDueCalendars); otherwise there is none to close.
    if (now.getTime() - Date.parse(connection.lastSuccessAt ?? connection.createdAt) > 3 * connection.intervalMinutes * 60_000) {
      await closeTasksFor(deps.store.db, 'calendar_connection', connection.id, ['calendar_sync_silent'], finished);
    }
    return { connectionId, status: 'ok', counts, error: warnings.length ? warnings.join(' ') : null };
  } catch (err) {
    const reauth = isReauthNeeded(err);
    const error = describeFailure(err, 'syncing the calendar');
    const finished = deps.now().toISOString();
    await updateCalendarConnection(
      deps.store.db,
      connection.id,
      { status: reauth ? 'needs_reauth' : 'failing', lastAttemptAt: finished, nextSyncAt: reauth ? null : nextRun(deps, connection), lastError: error, lastCounts: counts, leaseUntil: null },
      finished,
    );
    if (!reauth) deps.logger.warn({ connectionId, err: isIntegrationError(err) ? err.message : err }, 'calendar sync failed');
    return { connectionId, status: reauth ? 'needs_reauth' : 'failed', counts, error };
  }
}

/** Syncs these users' connections (or every connection) now, whatever their next run says. */
export async function syncCalendars(deps: Deps, filter: { userId?: string } = {}): Promise<CalendarSyncResult[]> {
  const results: CalendarSyncResult[] = [];
  const run: SyncRun = {};
  for (const c of await listCalendarConnections(deps.store.db, filter)) results.push(await syncCalendarConnection(deps, c.id, { run }));
  return results;
}

/**
 * The scheduled run: every connection whose next sync is due, then a task for the owner of any
 * connection silent (no successful sync) for more than three intervals, once per silence.
 */
export async function syncDueCalendars(deps: Deps): Promise<{ results: CalendarSyncResult[]; silentTasks: number }> {
  const results: CalendarSyncResult[] = [];
  const run: SyncRun = {};
  for (const c of await listDueCalendarConnections(deps.store.db, deps.now().toISOString())) results.push(await syncCalendarConnection(deps, c.id, { run }));
  let silentTasks = 0;
  const now = deps.now();
  for (const c of await listCalendarConnections(deps.store.db)) {
    const since = c.lastSuccessAt ?? c.createdAt;
    if (now.getTime() - Date.parse(since) <= 3 * c.intervalMinutes * 60_000) continue;
    const made = await insertTaskOnce(deps.store.db, {
      id: deps.newId(),
      key: `calendar_sync_silent:${c.id}:${since}`,
      rule: 'calendar_sync_silent',
      accountId: null,
      assigneeId: c.userId,
      title: `Your calendar (${c.url}) has not synced since ${since.slice(0, 16).replace('T', ' ')} UTC${c.lastError ? `: ${c.lastError}` : ''}`,
      dueAt: now.toISOString(),
      cause: { type: 'calendar_connection', id: c.id },
      createdAt: now.toISOString(),
    });
    if (made) silentTasks += 1;
  }
  return { results, silentTasks };
}
