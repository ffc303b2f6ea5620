import type { CalendarOAuthConfig } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import type { HttpClientOptions } from '../../integrations/http.ts';
import { createGoogleCalendarClient, type GoogleCalendarClient } from '../../integrations/google-calendar/client.ts';
import { createMicrosoftCalendarClient, type MicrosoftCalendarClient } from '../../integrations/microsoft-calendar/client.ts';
import { createTokenKeeper, refreshTokens, type OAuthClient, type TokenKeeper, type TokenSet, type TokenStore } from '../../integrations/oauth/oauth.ts';
import { decryptSecret, encryptSecret } from '../../integrations/secrets.ts';
import { readCalendarConnectionSecret, swapCalendarConnectionSecret } from '../../store/calendar-oauth.repo.ts';

export const OAUTH_CALENDAR_PROVIDERS = ['google', 'microsoft'] as const;
export type OAuthCalendarProvider = (typeof OAUTH_CALENDAR_PROVIDERS)[number];

export const PROVIDER_NAMES: Record<OAuthCalendarProvider, string> = { google: 'Google', microsoft: 'Microsoft' };

/** What Cadence asks each provider for: read the calendars, write events, know who signed in, and a refresh token. */
export const SCOPES: Record<OAuthCalendarProvider, string> = {
  google: 'openid email https://www.googleapis.com/auth/calendar.readonly https://www.googleapis.com/auth/calendar.events',
  microsoft: 'openid email offline_access User.Read Calendars.ReadWrite',
};

export function isOAuthCalendarProvider(p: string): p is OAuthCalendarProvider {
  return (OAUTH_CALENDAR_PROVIDERS as readonly string[]).includes(p);
}

const DEFAULTS: CalendarOAuthConfig = {
  google: { clientId: null, clientSecret: null, authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth', tokenUrl: 'https://oauth2.googleapis.com/token', apiUrl: 'https://www.googleapis.com/calendar/v3' },
  microsoft: {
    clientId: null,
    clientSecret: null,
    tenant: 'common',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    graphUrl: 'https://graph.microsoft.com/v1.0',
  },
};

/** The provider's OAuth app; unset client id or secret is a 400 naming the variable to set. */
export function oauthAppOf(deps: Pick<Deps, 'config'>, provider: OAuthCalendarProvider): CalendarOAuthConfig[OAuthCalendarProvider] & { clientId: string; clientSecret: string } {
  const app = (deps.config.calendarOAuth ?? DEFAULTS)[provider];
  const prefix = provider === 'google' ? 'CADENCE_GOOGLE' : 'CADENCE_MICROSOFT';
  const missing = [!app.clientId ? `${prefix}_CLIENT_ID` : null, !app.clientSecret ? `${prefix}_CLIENT_SECRET` : null].filter(Boolean);
  if (missing.length) {
    throw invalid(`provider: ${PROVIDER_NAMES[provider]} calendars are not set up on this Cadence: the operator sets ${missing.join(' and ')} (README "Connect Google or Microsoft calendars")`, 'provider');
  }
  return app as never;
}

export function tokenClientOf(deps: Pick<Deps, 'config' | 'now'>, provider: OAuthCalendarProvider, http?: OAuthClient['http']): OAuthClient {
  const app = oauthAppOf(deps, provider);
  // Expiry on Cadence's clock, the one the keeper compares it with.
  return { vendor: provider, tokenUrl: app.tokenUrl, clientId: app.clientId, clientSecret: app.clientSecret, http: { now: () => deps.now().getTime(), ...http } };
}

/** The context a connection's tokens are encrypted under (a copy in another row does not decrypt). */
export function tokenContext(connectionId: string): string {
  return `calendar_connection.${connectionId}.tokens`;
}

export function sealTokens(deps: Pick<Deps, 'config'>, connectionId: string, tokens: TokenSet): string {
  return encryptSecret(JSON.stringify(tokens), deps.config.secret, tokenContext(connectionId));
}

function openTokens(deps: Pick<Deps, 'config'>, connectionId: string, sealed: string): TokenSet {
  return JSON.parse(decryptSecret(sealed, deps.config.secret, tokenContext(connectionId))) as TokenSet;
}

/** A connection's tokens in its row: refreshed ones replace them only if nobody refreshed first. */
export function connectionTokenStore(deps: Deps, connectionId: string): TokenStore {
  const sealedOf = new Map<string, string>();
  return {
    async load() {
      const sealed = await readCalendarConnectionSecret(deps.store.db, connectionId);
      if (!sealed) throw invalid('the calendar connection no longer exists');
      const tokens = openTokens(deps, connectionId, sealed);
      sealedOf.set(tokens.accessToken, sealed);
      return tokens;
    },
    async save(previous, next) {
      const before = sealedOf.get(previous.accessToken);
      if (!before) return false;
      return swapCalendarConnectionSecret(deps.store.db, connectionId, before, sealTokens(deps, connectionId, next), deps.now().toISOString());
    },
  };
}

export function connectionKeeper(deps: Deps, provider: OAuthCalendarProvider, connectionId: string, http?: OAuthClient['http']): TokenKeeper {
  const client = tokenClientOf(deps, provider, http);
  return createTokenKeeper({
    key: `calendar:${connectionId}`,
    store: connectionTokenStore(deps, connectionId),
    // Microsoft's v2 endpoint wants the scopes again on refresh; Google keeps the granted ones.
    refresh: (refreshToken, signal) => refreshTokens(client, refreshToken, signal, provider === 'microsoft' ? { scope: SCOPES.microsoft } : {}),
    now: () => deps.now().getTime(),
  });
}

/** The calendar client of a provider over a token keeper. */
export function oauthCalendarClient(
  deps: Pick<Deps, 'config'>,
  provider: OAuthCalendarProvider,
  tokens: TokenKeeper,
  options: { timeoutMs?: number; http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>; now?: () => number } = {},
): GoogleCalendarClient | MicrosoftCalendarClient {
  const app = (deps.config.calendarOAuth ?? DEFAULTS)[provider];
  const http = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...options.http };
  if (provider === 'google') return createGoogleCalendarClient({ apiUrl: (app as CalendarOAuthConfig['google']).apiUrl, tokens, http });
  const now = options.now ?? Date.now;
  return createMicrosoftCalendarClient({
    graphUrl: (app as CalendarOAuthConfig['microsoft']).graphUrl,
    tokens,
    http,
    // The same window the sync reads occurrences in (sync-calendar.ts: 30 days back, 90 ahead).
    window: () => ({ from: new Date(now() - 30 * 86_400_000).toISOString(), to: new Date(now() + 90 * 86_400_000).toISOString() }),
  });
}
