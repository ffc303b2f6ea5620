import type { Deps } from '../../deps.ts';
import { IntegrationError } from '../../integrations/errors.ts';
import { createTokenKeeper, isInvalidGrant, refreshTokens, type OAuthClient, type TokenKeeper, type TokenSet } from '../../integrations/oauth/oauth.ts';
import { decryptSettings, encryptSettings } from '../../integrations/secrets.ts';
import { readIntegrationSettingsText, swapIntegrationSettings } from '../../store/integration-tokens.repo.ts';
import type { IntegrationRecord } from '../../store/integrations.repo.ts';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Settings = Record<string, Json>;

/**
 * Where each vendor keeps a refreshable grant in its settings (README "Integrations"): Zendesk
 * OAuth with expiring access tokens (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/,
 * refresh_token grant at {baseUrl}/oauth/tokens, the refresh token rotates) and a Salesforce
 * connected app's refresh token (https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm,
 * POST {loginUrl}/services/oauth2/token; the answer has no expiry, a 401 INVALID_SESSION_ID says it ended).
 */
interface Fields {
  access: string;
  refresh: string;
  clientId: string;
  clientSecret: string;
  expiresAt: string | null;
  needsReauth: string;
  tokenUrl: (s: Settings) => string;
}

const FIELDS: Record<string, Fields> = {
  zendesk: {
    access: 'oauthToken',
    refresh: 'oauthRefreshToken',
    clientId: 'oauthClientId',
    clientSecret: 'oauthClientSecret',
    expiresAt: 'oauthExpiresAt',
    needsReauth: 'oauthNeedsReauth',
    tokenUrl: (s) => `${String(s.baseUrl).replace(/\/$/, '')}/oauth/tokens`,
  },
  salesforce: {
    access: 'accessToken',
    refresh: 'refreshToken',
    clientId: 'clientId',
    clientSecret: 'clientSecret',
    expiresAt: null,
    needsReauth: 'needsReauth',
    tokenUrl: (s) => `${String(s.loginUrl ?? 'https://login.salesforce.com').replace(/\/$/, '')}/services/oauth2/token`,
  },
};

/** The settings keys that mark a grant that stopped working; a new token in the settings clears them. */
export const NEEDS_REAUTH_KEYS = ['oauthNeedsReauth', 'needsReauth'] as const;

/**
 * A token keeper over an integration's settings when they hold a refresh token (else undefined:
 * the client sends the static token as before). Refreshed tokens are stored encrypted with a
 * compare-and-set on the row; a refused grant (invalid_grant) is written into the settings as
 * needs-reauth in words, and from then on the client refuses at once, without calling the vendor,
 * until someone enters new credentials.
 */
export function integrationTokens(deps: Deps, r: IntegrationRecord, http?: OAuthClient['http']): TokenKeeper | undefined {
  const f = FIELDS[r.kind];
  if (!f) return undefined;
  const first = decryptSettings(r.settings as Json, deps.config.secret, r.id) as Settings;
  if (typeof first[f.refresh] !== 'string' || !first[f.refresh] || typeof first[f.clientId] !== 'string') return undefined;
  const name = r.kind === 'zendesk' ? 'Zendesk' : 'Salesforce';
  let lastText = '';

  async function read(): Promise<Settings> {
    const text = await readIntegrationSettingsText(deps.store.db, r.id);
    if (text === undefined) throw new IntegrationError('config', 'the integration was removed', { vendor: r.kind });
    lastText = text;
    return decryptSettings(JSON.parse(text) as Json, deps.config.secret, r.id) as Settings;
  }
  const write = async (before: string, s: Settings) => swapIntegrationSettings(deps.store.db, r.id, before, JSON.stringify(encryptSettings(s as Json, deps.config.secret, r.id)), deps.now().toISOString());
  const client = (s: Settings): OAuthClient => ({
    vendor: r.kind,
    tokenUrl: f.tokenUrl(s),
    clientId: String(s[f.clientId]),
    clientSecret: typeof s[f.clientSecret] === 'string' ? String(s[f.clientSecret]) : null,
    http: { now: () => deps.now().getTime(), ...http },
  });

  return createTokenKeeper({
    key: `integration:${r.id}`,
    now: () => deps.now().getTime(),
    store: {
      async load() {
        const s = await read();
        if (typeof s[f.needsReauth] === 'string' && s[f.needsReauth]) {
          throw new IntegrationError('auth', 'invalid_grant', { vendor: r.kind, status: 401, vendorMessage: String(s[f.needsReauth]) });
        }
        return { accessToken: String(s[f.access] ?? ''), refreshToken: typeof s[f.refresh] === 'string' ? String(s[f.refresh]) : null, expiresAt: f.expiresAt && typeof s[f.expiresAt] === 'string' ? String(s[f.expiresAt]) : null };
      },
      async save(previous: TokenSet, next: TokenSet) {
        const s = await read();
        const before = lastText;
        if (s[f.access] !== previous.accessToken) return false;
        const updated: Settings = { ...s, [f.access]: next.accessToken, ...(next.refreshToken ? { [f.refresh]: next.refreshToken } : {}) };
        if (f.expiresAt) updated[f.expiresAt] = next.expiresAt;
        if (next.instanceUrl && r.kind === 'salesforce') updated.instanceUrl = next.instanceUrl;
        return write(before, updated);
      },
    },
    async refresh(refreshToken, signal) {
      const s = await read();
      const before = lastText;
      try {
        return await refreshTokens(client(s), refreshToken, signal);
      } catch (err) {
        if (isInvalidGrant(err)) {
          const words = `${name} refused the saved refresh token (invalid_grant: revoked, expired or used elsewhere). Enter new OAuth tokens for this integration (cadence integrations update or the Integrations settings); until then Cadence does not call ${name} with it.`;
          // Marked once; if another node refreshed meanwhile (the settings changed), its tokens stand.
          await write(before, { ...s, [f.needsReauth]: words });
          throw new IntegrationError('auth', 'invalid_grant', { vendor: r.kind, status: 401, vendorMessage: words });
        }
        throw err;
      }
    },
  });
}
