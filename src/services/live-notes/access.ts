import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { getMeeting } from '../meetings/meetings.ts';
import { findUser } from '../../store/users.repo.ts';
import { actorFor, getSignedInUser, resolveApiToken, sha256 } from '../users/users.ts';
import { colourOf, type ConnectionInfo } from './connection.ts';

/** What the caller brought to the notes socket, as the route read it from the request. */
export interface LiveCaller {
  meetingId: string;
  /** Who the request's cookie or Bearer header made it (the app's auth hook), if anyone. */
  actor: Actor | null;
  /** The stored session id when `actor` came from the session cookie. */
  sessionId: string | null;
  /** The Bearer token's value, when `actor` came from one. */
  bearer: string | null;
  /** `?token=`: an API token for scripts, tests and the benchmark. */
  queryToken: string | null;
  /** The Origin header: a browser's cookie only counts from Cadence's own pages. */
  origin: string | null;
  /** The origins Cadence's pages are served from (the base URL's, and the request's own host). */
  ownOrigins: string[];
}

export type LiveAccess = { ok: true; info: ConnectionInfo } | { ok: false; status: 401 | 403 | 404; closeCode: 4401 | 4403 | 4404; reason: string };

const refused = (status: 401 | 403 | 404, reason: string): LiveAccess => ({ ok: false, status, closeCode: (4000 + status) as 4401 | 4403 | 4404, reason });

/**
 * Who may join a meeting's live notes: anyone who may see the account's notes; those who may not
 * change the account (viewers) join read-only. A session cookie only counts with an Origin of
 * Cadence's own pages, so another site cannot open the socket with the user's cookie (WebSockets
 * are not bound by CORS, and the CSRF header cannot be sent on an upgrade).
 */
export async function liveAccess(deps: Deps, caller: LiveCaller): Promise<LiveAccess> {
  let actor: Actor | null = null;
  let credential: ConnectionInfo['credential'] | null = null;
  if (caller.queryToken) {
    const user = await resolveApiToken(deps, caller.queryToken);
    if (!user) return refused(401, 'the API token is not valid or was revoked');
    actor = await actorFor(deps, user);
    credential = { kind: 'token', tokenHash: sha256(caller.queryToken) };
  } else if (caller.bearer && caller.actor) {
    actor = caller.actor;
    credential = { kind: 'token', tokenHash: sha256(caller.bearer) };
  } else if (caller.actor && caller.sessionId) {
    if (!caller.origin || !caller.ownOrigins.includes(caller.origin.replace(/\/$/, ''))) return refused(403, 'the notes open only from Cadence’s own pages (Origin)');
    actor = caller.actor;
    credential = { kind: 'session', sessionId: caller.sessionId };
  }
  if (!actor?.id || !credential) return refused(401, 'sign in or send an API token');
  const rights = await rightsOn(deps, actor, caller.meetingId);
  if (!rights) return refused(404, 'no such meeting');
  const user = await getSignedInUser(deps, actor);
  const meetingId = caller.meetingId;
  // Asked again when who may see the account changes (access-changes.ts): the user as they are now.
  const recheck = async () => {
    const now = await findUser(deps.store.db, user.id);
    return now?.active ? rightsOn(deps, await actorFor(deps, now), meetingId) : null;
  };
  return {
    ok: true,
    info: { meetingId, accountId: rights.accountId, readOnly: rights.readOnly, credential, user: { id: user.id, name: user.name, color: colourOf(user.id) }, recheck },
  };
}

/** What an actor may do in a meeting's notes: null when they may not see the account. */
async function rightsOn(deps: Deps, actor: Actor, meetingId: string): Promise<{ accountId: string; readOnly: boolean } | null> {
  try {
    const { account } = await getMeeting(deps, actor, meetingId);
    return { accountId: account.id, readOnly: !canEditAccount(actor, account) };
  } catch {
    return null;
  }
}
