import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { forbidden } from '../../errors.ts';
import { explain, isIntegrationError } from '../../integrations/errors.ts';
import { authorizationUrl, createTokenKeeper, exchangeCode, newState, pkcePair, type TokenSet } from '../../integrations/oauth/oauth.ts';
import { decryptSecret, encryptSecret } from '../../integrations/secrets.ts';
import { deleteExpiredCalendarOAuthStates, insertCalendarOAuthState, takeCalendarOAuthState } from '../../store/calendar-oauth.repo.ts';
import { findCalendarConnectionByUrl, insertCalendarConnection, updateCalendarConnection } from '../../store/calendar-sync.repo.ts';
import { oauthAppOf, oauthCalendarClient, PROVIDER_NAMES, SCOPES, sealTokens, tokenClientOf, type OAuthCalendarProvider } from './oauth-clients.ts';

/** How long a sign-in started at Cadence may take to come back. */
const STATE_TTL_MS = 10 * 60_000;

const hashOf = (state: string) => createHash('sha256').update(state).digest('base64url');
const verifierContext = (stateHash: string) => `calendar_oauth.${stateHash}.verifier`;

/** Where the provider sends the browser back: built from CADENCE_BASE_URL, so it works behind a proxy. */
export function redirectUriOf(deps: Pick<Deps, 'config'>, provider: OAuthCalendarProvider): string {
  return `${deps.config.baseUrl}/api/calendar/oauth/${provider}/callback`;
}

/** The address a connection of this provider is known by (one per provider account and user). */
export function oauthConnectionUrl(provider: OAuthCalendarProvider, email: string): string {
  return `${provider}:${email}`;
}

/**
 * Starts connecting a Google or Microsoft calendar: the authorisation URL to send the browser to.
 * Its `state` is bound to the signed-in user and session, the PKCE verifier stays here
 * (encrypted), and both expire in ten minutes. Unconfigured: 400 naming the variable to set.
 * `forUserId` (the CLI, for a user): the URL is opened in that user's browser, signed in to Cadence.
 */
export async function startCalendarOAuth(deps: Deps, actor: Actor, sessionId: string | null, provider: OAuthCalendarProvider, forUserId: string | null = actor.id): Promise<{ url: string }> {
  if (actor.role === 'viewer') throw forbidden('viewers read Cadence; they do not bring calendars into it');
  if (!forUserId) throw forbidden('a calendar connection belongs to a user');
  // The operator's CLI may start it for a user (resolveCalendarUser checked who); the callback still needs that user's own browser session.
  if (forUserId !== actor.id && actor.role !== 'admin') throw forbidden('you may connect only your own calendar');
  const app = oauthAppOf(deps, provider);
  const now = deps.now();
  const state = newState();
  const stateHash = hashOf(state);
  const { verifier, challenge } = pkcePair();
  await deleteExpiredCalendarOAuthStates(deps.store.db, now.toISOString());
  await insertCalendarOAuthState(deps.store.db, {
    stateHash,
    provider,
    userId: forUserId,
    sessionId,
    verifier: encryptSecret(verifier, deps.config.secret, verifierContext(stateHash)),
    expiresAt: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
    createdAt: now.toISOString(),
  });
  // Google: offline access for a refresh token, and the consent screen so a reconnect gets a new one.
  const extra: Record<string, string> = provider === 'google' ? { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' } : { response_mode: 'query' };
  return { url: authorizationUrl({ authorizeUrl: app.authorizeUrl, clientId: app.clientId, redirectUri: redirectUriOf(deps, provider), scope: SCOPES[provider], state, challenge, extra }) };
}

export interface CallbackQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/**
 * The provider's redirect back: the state is checked (known, unused, unexpired, this provider,
 * started by this user in this browser session), the code exchanged with the PKCE verifier, the
 * account and its calendars read, and the connection saved with its tokens encrypted. Answers the
 * Settings page address to send the browser to, `?connected=<provider>` or `?error=<in words>`.
 * Nothing is saved unless every step worked.
 */
export async function finishCalendarOAuth(deps: Deps, who: { actor: Actor | null; sessionId: string | null }, provider: OAuthCalendarProvider, query: CallbackQuery): Promise<string> {
  const name = PROVIDER_NAMES[provider];
  const back = (params: Record<string, string>) => `${deps.config.baseUrl}/settings/calendar-mail?${new URLSearchParams(params).toString()}`;
  const fail = (words: string) => back({ error: words });
  const pending = query.state ? await takeCalendarOAuthState(deps.store.db, hashOf(query.state)) : undefined;
  if (query.error) {
    const reason = query.error === 'access_denied' ? 'you declined the access Cadence asked for' : `${name} answered ${query.error}${query.error_description ? `: ${query.error_description.slice(0, 200)}` : ''}`;
    return fail(`${name} calendar not connected: ${reason}.`);
  }
  if (!query.state || !query.code) return fail(`${name} calendar not connected: the answer from ${name} is incomplete (no code or state). Start again from Settings → Calendar & mail.`);
  if (!pending || pending.provider !== provider) return fail(`${name} calendar not connected: this sign-in is unknown or was already used. Start again from Settings → Calendar & mail.`);
  if (Date.parse(pending.expiresAt) <= deps.now().getTime()) return fail(`${name} calendar not connected: the sign-in took longer than ten minutes. Start again from Settings → Calendar & mail.`);
  if (!who.actor || who.actor.id !== pending.userId || (pending.sessionId !== null && pending.sessionId !== who.sessionId)) {
    return fail(`${name} calendar not connected: this sign-in was started by another user or in another browser session. Sign in to Cadence and start again from Settings → Calendar & mail.`);
  }
  let tokens: TokenSet;
  let email: string;
  let calendars;
  try {
    const verifier = decryptSecret(pending.verifier, deps.config.secret, verifierContext(pending.stateHash));
    tokens = await exchangeCode(tokenClientOf(deps, provider), { code: query.code, redirectUri: redirectUriOf(deps, provider), verifier });
    if (!tokens.refreshToken) return fail(`${name} calendar not connected: ${name} gave no refresh token, so Cadence could not keep syncing. Remove Cadence's access in your ${name} account settings and connect again.`);
    // The first calls use these tokens as they are; the connection's own keeper stores later refreshes.
    let current = tokens;
    const keeper = createTokenKeeper({
      key: `calendar-connect:${pending.stateHash}`,
      store: { load: async () => current, save: async (_p, next) => ((current = next), true) },
      refresh: async () => current,
    });
    const client = oauthCalendarClient(deps, provider, keeper, { timeoutMs: 15_000, now: () => deps.now().getTime() });
    email = await client.accountEmail();
    calendars = await client.listCalendars();
    tokens = current;
  } catch (err) {
    deps.logger.warn({ provider, err: isIntegrationError(err) ? err.message : err }, 'calendar sign-in failed');
    return fail(`${name} calendar not connected: ${isIntegrationError(err) ? explain(err) : 'the answer could not be read'}. Try again; if it keeps failing, ask the operator to check the ${name} app's settings.`);
  }
  if (calendars.length === 0) return fail(`${name} calendar not connected: ${email} has no calendar Cadence can read.`);
  const userId = pending.userId;
  const url = oauthConnectionUrl(provider, email);
  const at = deps.now().toISOString();
  const existing = await findCalendarConnectionByUrl(deps.store.db, userId, url);
  const id = existing?.id ?? deps.newId();
  const secret = sealTokens(deps, id, tokens);
  const synced = calendars.map((c) => ({ ...(existing?.calendars.find((k) => k.url === c.url) ?? {}), url: c.url, name: c.name, writable: c.writable }));
  // The primary calendar (Google: its id is the address; Graph: the first listed, the default) receives Cadence's meetings.
  const writeCalendarUrl = (synced.find((c) => c.writable && c.url.toLowerCase() === email) ?? synced.find((c) => c.writable))?.url ?? null;
  if (existing) {
    await updateCalendarConnection(deps.store.db, id, { secret, username: email, calendars: synced, writeCalendarUrl: existing.writeCalendarUrl ?? writeCalendarUrl, status: 'new', nextSyncAt: at, lastError: null, leaseUntil: null }, at);
  } else {
    await insertCalendarConnection(deps.store.db, {
      id,
      userId,
      provider,
      url,
      username: email,
      secret,
      calendars: synced,
      writeCalendarUrl,
      status: 'new',
      intervalMinutes: 15,
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextSyncAt: at,
      lastError: null,
      lastCounts: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  return back({ connected: provider });
}
