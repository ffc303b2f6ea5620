import * as client from 'openid-client';
import { claimValues } from '../../domain/identity/role-mapping.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { SessionMeta } from '../users/users.ts';
import { SignInDenied, signInWithIdentity } from './sso-sign-in.ts';

/** What the browser carries (in a signed cookie) between leaving for the IdP and coming back. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Set on the one automatic retry after the IdP rotated its signing keys. */
  retried: boolean;
}

/** The IdP is unreachable or answered something that is not OpenID Connect: a 502, with its reason. */
export class IdentityProviderUnavailable extends AppError {
  constructor(reason: string) {
    super('internal', `the identity provider cannot be reached or answered badly: ${reason}`);
  }
}

// Discovery once per process; dropped when the IdP's keys changed under us, so the next try refetches.
const configurations = new Map<string, Promise<client.Configuration>>();

function oidcSettings(deps: Deps) {
  const oidc = deps.config.identity.oidc;
  if (!oidc) throw new AppError('not_found', 'single sign-on with OpenID Connect is not configured');
  return oidc;
}

async function configurationFor(deps: Deps): Promise<client.Configuration> {
  const oidc = oidcSettings(deps);
  const key = `${oidc.issuer}\n${oidc.clientId}`;
  let found = configurations.get(key);
  if (!found) {
    const issuer = new URL(oidc.issuer);
    // Plain http only for an IdP on this machine (development and tests); anything else must be https.
    const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    found = client.discovery(issuer, oidc.clientId, oidc.clientSecret ?? undefined, oidc.clientSecret ? undefined : client.None(), loopback ? { execute: [client.allowInsecureRequests] } : undefined).then((configuration) => {
      // Check the ID token's signature against the IdP's published keys too, not only TLS.
      client.enableNonRepudiationChecks(configuration);
      return configuration;
    });
    configurations.set(key, found);
    found.catch(() => configurations.delete(key));
  }
  try {
    return await found;
  } catch (err) {
    throw new IdentityProviderUnavailable((err as Error).message);
  }
}

function redirectUri(deps: Deps): string {
  return `${deps.config.baseUrl}/auth/oidc/callback`;
}

/** The IdP's authorisation URL (code flow, PKCE S256, state and nonce) and what to remember until the callback. */
export async function startOidcSignIn(deps: Deps, options: { retried?: boolean } = {}): Promise<{ url: string; pending: PendingOidcSignIn }> {
  const configuration = await configurationFor(deps);
  const pending: PendingOidcSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), retried: options.retried ?? false };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri(deps),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

export type OidcCallbackResult = { kind: 'signed-in'; sessionToken: string; csrfToken: string; idToken: string | null } | { kind: 'retry' };

/**
 * Finishes the sign-in: checks state, PKCE and nonce, exchanges the code, reads the person's claims
 * (the userinfo endpoint fills in what the ID token lacks) and signs them in.
 * @param callbackPath the path and query the IdP redirected to, as the request saw it
 */
export async function finishOidcSignIn(deps: Deps, callbackPath: string, pending: PendingOidcSignIn | null, meta: SessionMeta = {}): Promise<OidcCallbackResult> {
  const oidc = oidcSettings(deps);
  const query = new URL(callbackPath, 'http://callback').searchParams;
  const idpError = query.get('error');
  if (idpError) throw new SignInDenied(idpError === 'access_denied' ? 'the sign-in was cancelled or refused at your identity provider' : `your identity provider refused the sign-in: ${query.get('error_description') ?? idpError}`);
  if (!pending) throw new SignInDenied('this sign-in link has expired or was opened in another browser; start again');
  const configuration = await configurationFor(deps);
  // The address the IdP redirected to is our public one (CADENCE_BASE_URL), whatever proxy sits in front.
  const currentUrl = new URL(`${redirectUri(deps)}?${query.toString()}`);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
  } catch (err) {
    const e = err as { code?: string; message?: string; error?: string; error_description?: string };
    if (e.code === 'OAUTH_KEY_SELECTION_FAILED' || /no applicable keys found/.test(e.message ?? '')) {
      // The IdP signs with a key we have not seen (a rotation); our key cache is young, so
      // forget this discovery and start once more: the IdP session makes the second trip silent.
      configurations.delete(`${oidc.issuer}\n${oidc.clientId}`);
      if (!pending.retried) return { kind: 'retry' };
    }
    if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) throw new SignInDenied(`your identity provider refused the sign-in: ${e.error_description ?? e.error ?? 'no reason given'}`);
    if (err instanceof TypeError || (e.code ?? '').startsWith('OAUTH_')) throw new SignInDenied(`the sign-in answer could not be checked (${e.message}); start again`);
    throw new IdentityProviderUnavailable(e.message ?? String(err));
  }
  const idClaims = (tokens.claims() ?? {}) as Record<string, unknown>;
  let claims: Record<string, unknown> = idClaims;
  const needsMore = typeof idClaims.email !== 'string' || (oidc.roleClaim !== null && claimValues(idClaims, oidc.roleClaim).length === 0);
  if (needsMore && configuration.serverMetadata().userinfo_endpoint) {
    try {
      const info = await client.fetchUserInfo(configuration, tokens.access_token, String(idClaims.sub));
      claims = { ...info, ...idClaims, ...(typeof idClaims.email === 'string' ? {} : { email: info.email, email_verified: info.email_verified }) };
      if (oidc.roleClaim && claimValues(idClaims, oidc.roleClaim).length === 0) claims = { ...claims, [oidc.roleClaim]: (info as Record<string, unknown>)[oidc.roleClaim] };
    } catch (err) {
      throw new IdentityProviderUnavailable(`userinfo: ${(err as Error).message}`);
    }
  }
  const email = typeof claims.email === 'string' ? claims.email : '';
  const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ');
  const session = await signInWithIdentity(deps, { provider: 'oidc', subject: String(claims.sub), email, emailVerified: claims.email_verified !== false, name, roleValues: oidc.roleClaim ? claimValues(claims, oidc.roleClaim) : [] }, meta);
  return { kind: 'signed-in', sessionToken: session.sessionToken, csrfToken: session.csrfToken, idToken: tokens.id_token ?? null };
}

/** Where to send the browser after the Cadence session ended: the IdP's end-session endpoint when it has one. */
export async function oidcSignOutUrl(deps: Deps, idToken: string | null): Promise<string | null> {
  if (!deps.config.identity.oidc) return null;
  let configuration: client.Configuration;
  try {
    configuration = await configurationFor(deps);
  } catch {
    return null; // the IdP is down: the Cadence session is over anyway
  }
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  const parameters: Record<string, string> = { post_logout_redirect_uri: `${deps.config.baseUrl}/`, client_id: deps.config.identity.oidc.clientId };
  if (idToken) parameters.id_token_hint = idToken;
  return client.buildEndSessionUrl(configuration, parameters).href;
}
