import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { createCalDavClient } from '../../integrations/caldav/client.ts';
import type { CalendarProvider } from '../../integrations/calendar/port.ts';
import { isIntegrationError } from '../../integrations/errors.ts';
import { encryptSecret } from '../../integrations/secrets.ts';
import {
  decideUnmatchedEvent,
  deleteCalendarConnection,
  findCalendarConnection,
  findCalendarConnectionByUrl,
  findUnmatchedEvent,
  forgetCalendarObjectEtags,
  insertCalendarConnection,
  listCalendarConnections,
  listUnmatchedEvents,
  updateCalendarConnection,
  type CalendarConnection,
  type SyncCounts,
  type UnmatchedEvent,
} from '../../store/calendar-sync.repo.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { findUser, findUserByEmail } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { describeFailure, secretContext } from './provider.ts';

export const CalDavConnectSchema = z.strictObject({
  provider: z.literal('caldav').default('caldav'),
  url: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'must be an http:// or https:// URL'),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
  intervalMinutes: z.number().int().min(5).max(1440).optional(),
});
export type CalDavConnect = z.infer<typeof CalDavConnectSchema>;

/** A connection as its owner (or an admin) sees it: never the password. */
export interface CalendarConnectionView {
  id: string;
  userId: string;
  userEmail: string | null;
  provider: string;
  url: string;
  username: string;
  status: CalendarConnection['status'];
  calendars: { url: string; name: string; writable: boolean }[];
  writeCalendarUrl: string | null;
  intervalMinutes: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  nextSyncAt: string | null;
  lastError: string | null;
  lastCounts: SyncCounts | null;
  createdAt: string;
}

async function view(deps: Deps, c: CalendarConnection): Promise<CalendarConnectionView> {
  const user = await findUser(deps.store.db, c.userId);
  return {
    id: c.id,
    userId: c.userId,
    userEmail: user?.email ?? null,
    provider: c.provider,
    url: c.url,
    username: c.username,
    status: c.status,
    calendars: c.calendars.map((k) => ({ url: k.url, name: k.name, writable: k.writable })),
    writeCalendarUrl: c.writeCalendarUrl,
    intervalMinutes: c.intervalMinutes,
    lastSuccessAt: c.lastSuccessAt,
    lastAttemptAt: c.lastAttemptAt,
    nextSyncAt: c.nextSyncAt,
    lastError: c.lastError,
    lastCounts: c.lastCounts,
    createdAt: c.createdAt,
  };
}

/** Whose connections an actor manages: their own; an admin (and the CLI operator) everyone's. */
function mayManage(actor: Actor, userId: string): boolean {
  return actor.role === 'admin' || actor.id === userId;
}

/** The user a CLI names by email (or the signed-in actor). */
export async function resolveCalendarUser(deps: Deps, actor: Actor, email: string | undefined): Promise<string> {
  if (!email) {
    if (!actor.id) throw invalid('--user: name the user whose calendar this is', 'user');
    return actor.id;
  }
  const user = await findUserByEmail(deps.store.db, email.trim().toLowerCase());
  if (!user) throw invalid(`user: no user with the email ${email}`, 'user');
  if (!mayManage(actor, user.id)) throw forbidden('you may manage only your own calendar connections');
  return user.id;
}

/**
 * Connects (or reconnects) a user's CalDAV calendar: the server is asked for the user's calendars
 * first, so a wrong URL or password is refused at once (400 naming the field) and nothing is saved.
 * Connecting again with the same URL replaces the password and clears needs_reauth. The password
 * is stored encrypted with CADENCE_SECRET.
 */
export async function connectCalDav(deps: Deps, actor: Actor, userId: string, input: CalDavConnect, options: { provider?: CalendarProvider } = {}): Promise<CalendarConnectionView> {
  if (actor.role === 'viewer') throw forbidden('viewers read Cadence; they do not bring calendars into it');
  if (!mayManage(actor, userId)) throw forbidden('you may connect only your own calendar');
  const user = await findUser(deps.store.db, userId);
  if (!user) throw notFound('user');
  const url = input.url.trim();
  const provider = options.provider ?? createCalDavClient({ url, username: input.username, password: input.password, timeoutMs: 15_000 });
  let calendars;
  try {
    calendars = await provider.listCalendars();
  } catch (err) {
    if (isIntegrationError(err) && err.kind === 'auth') throw invalid(`password: ${describeFailure(err, 'connecting').replace(/ Connect again.*$/, '')}`, 'password');
    if (isIntegrationError(err) && (err.kind === 'not_found' || err.kind === 'invalid_response' || err.kind === 'config')) throw invalid(`url: ${describeFailure(err, 'finding your calendars')}`, 'url');
    throw new AppError('upstream', describeFailure(err, 'connecting'), { cause: err });
  }
  if (calendars.length === 0) throw invalid('url: the server lists no calendar with events for this user', 'url');
  const at = deps.now().toISOString();
  const existing = await findCalendarConnectionByUrl(deps.store.db, userId, url);
  const id = existing?.id ?? deps.newId();
  const secret = encryptSecret(input.password, deps.config.secret, secretContext(id));
  const synced = calendars.map((c) => ({ ...(existing?.calendars.find((k) => k.url === c.url) ?? {}), url: c.url, name: c.name, writable: c.writable }));
  const writeCalendarUrl = synced.find((c) => c.writable)?.url ?? null;
  if (existing) {
    await updateCalendarConnection(deps.store.db, id, { secret, username: input.username, calendars: synced, writeCalendarUrl, status: 'new', nextSyncAt: at, lastError: null, leaseUntil: null }, at);
  } else {
    await insertCalendarConnection(deps.store.db, {
      id,
      userId,
      provider: 'caldav',
      url,
      username: input.username,
      secret,
      calendars: synced,
      writeCalendarUrl,
      status: 'new',
      intervalMinutes: input.intervalMinutes ?? 15,
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextSyncAt: at,
      lastError: null,
      lastCounts: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  return view(deps, (await findCalendarConnection(deps.store.db, id))!);
}

export async function listCalendarConnectionViews(deps: Deps, actor: Actor): Promise<CalendarConnectionView[]> {
  const rows = await listCalendarConnections(deps.store.db, actor.role === 'admin' ? {} : { userId: actor.id ?? '' });
  return Promise.all(rows.map((c) => view(deps, c)));
}

/** A connection the actor manages, else 404 (another user's connection is not shown to exist). */
export async function getManagedConnection(deps: Deps, actor: Actor, id: string): Promise<CalendarConnection> {
  const c = await findCalendarConnection(deps.store.db, id);
  if (!c || !mayManage(actor, c.userId)) throw notFound('calendar connection');
  return c;
}

export async function getCalendarConnectionView(deps: Deps, actor: Actor, id: string): Promise<CalendarConnectionView> {
  return view(deps, await getManagedConnection(deps, actor, id));
}

/** Disconnects: the password and sync state go; meetings brought in stay (they happened). */
export async function removeCalendarConnection(deps: Deps, actor: Actor, id: string): Promise<void> {
  const c = await getManagedConnection(deps, actor, id);
  await deleteCalendarConnection(deps.store.db, c.id);
}

export type UnmatchedEventView = Pick<UnmatchedEvent, 'id' | 'uid' | 'title' | 'startsAt' | 'attendees' | 'candidates' | 'status' | 'accountId' | 'decidedAt'> & { connectionId: string };

function unmatchedView(e: UnmatchedEvent): UnmatchedEventView {
  return { id: e.id, connectionId: e.connectionId, uid: e.uid, title: e.title, startsAt: e.startsAt, attendees: e.attendees, candidates: e.candidates, status: e.status, accountId: e.accountId, decidedAt: e.decidedAt };
}

/** The caller's events no account matched, still to decide (or every decision with `all`). */
export async function listUnmatchedCalendarEvents(deps: Deps, actor: Actor, options: { all?: boolean } = {}): Promise<UnmatchedEventView[]> {
  const rows = await listUnmatchedEvents(deps.store.db, { userIds: actor.id ? [actor.id] : null, status: options.all ? undefined : ['pending'] }, 500);
  return rows.map(unmatchedView);
}

async function getOwnUnmatched(deps: Deps, actor: Actor, id: string): Promise<UnmatchedEvent> {
  const e = await findUnmatchedEvent(deps.store.db, id);
  if (!e || !mayManage(actor, e.userId)) throw notFound('unmatched event');
  return e;
}

/**
 * Assigns an unmatched event to an account (one the caller may edit): remembered, so the next sync
 * makes its meetings there, and every later sync keeps it there.
 */
export async function assignUnmatchedEvent(deps: Deps, actor: Actor, id: string, accountId: string): Promise<UnmatchedEventView> {
  const e = await getOwnUnmatched(deps, actor, id);
  const account = await getAccount(deps, actor, accountId).catch(() => {
    throw invalid('accountId: no such account', 'accountId');
  });
  if (!canEditAccount(actor, account)) throw forbidden(`you may not add meetings to ${account.name}`);
  const at = deps.now().toISOString();
  await deps.store.db.transaction().execute(async (tx) => {
    await decideUnmatchedEvent(tx, e.id, { status: 'assigned', accountId: account.id }, at);
    // Read again on the next sync: the object's etag is forgotten and its calendar listed afresh (a sync-collection would not name an unchanged object).
    await forgetCalendarObjectEtags(tx, e.connectionId, e.uid, at);
    const connection = await findCalendarConnection(tx, e.connectionId);
    if (connection) {
      const calendars = connection.calendars.map(({ syncToken: _t, ctag: _c, etags: _e, ...rest }) => rest);
      await updateCalendarConnection(tx, e.connectionId, { nextSyncAt: at, calendars }, at);
    }
  });
  return unmatchedView((await findUnmatchedEvent(deps.store.db, id))!);
}

/** Ignores an unmatched event for good: later syncs skip it (counted as "ignored"). */
export async function ignoreUnmatchedEvent(deps: Deps, actor: Actor, id: string): Promise<UnmatchedEventView> {
  const e = await getOwnUnmatched(deps, actor, id);
  await decideUnmatchedEvent(deps.store.db, e.id, { status: 'ignored', accountId: null }, deps.now().toISOString());
  return unmatchedView((await findUnmatchedEvent(deps.store.db, id))!);
}
