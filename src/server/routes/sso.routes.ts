import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { IdentityProviderUnavailable, finishOidcSignIn, oidcSignOutUrl, startOidcSignIn, type PendingOidcSignIn } from '../../services/identity/oidc.ts';
import { getRoleMappings, saveRoleMappings } from '../../services/identity/role-mappings.ts';
import { SignInDenied } from '../../services/identity/sso-sign-in.ts';
import { signOut } from '../../services/users/users.ts';
import { SESSION_COOKIE, actorOf, setSessionCookie } from '../auth.ts';
import { errorResponses, exactErrorResponses } from './responses.ts';
import { RoleMappingsReplaceSchema, RoleMappingsSchema, SignInOptionsSchema } from './sso.schema.ts';

const OIDC_PENDING = 'cadence_oidc';
const OIDC_ID_TOKEN = 'cadence_oidc_id';
const SAML_PENDING = 'cadence_saml';

// SAML brings an XML signature stack that most installs never use: loaded on the first SAML request, not at start-up.
const saml = () => import('../../services/identity/saml.ts');

/**
 * Single sign-on: OpenID Connect (`/auth/oidc/*`) and SAML 2.0 (`/auth/saml/*`) are browser
 * round trips (redirects and pages, outside the JSON API document); the sign-in options and the
 * admins' role-mapping table are JSON routes under /api.
 */
export async function ssoRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const identity = deps.config.identity;
  const secure = deps.config.baseUrl.startsWith('https://');
  const browserRoute = { config: { public: true }, schema: { hide: true } } as const;

  app.get(
    '/api/auth/providers',
    {
      config: { public: true },
      schema: { tags: ['session'], operationId: 'getSignInOptions', summary: 'How people sign in here: password, and the single sign-on buttons to offer', security: [], response: { 200: SignInOptionsSchema, ...exactErrorResponses() } },
    },
    async () => ({
      passwordLogin: identity.passwordLogin,
      providers: [...(identity.oidc ? [{ id: 'oidc' as const, name: identity.oidc.name, loginUrl: '/auth/oidc/login' }] : []), ...(identity.saml ? [{ id: 'saml' as const, name: identity.saml.name, loginUrl: '/auth/saml/login' }] : [])],
    }),
  );

  app.get(
    '/api/settings/role-mappings',
    { schema: { tags: ['settings'], operationId: 'getRoleMappings', summary: 'The single sign-on role mapping: claim value or group → role (admins)', response: { 200: RoleMappingsSchema, ...errorResponses() } } },
    async (request) => ({ mappings: await getRoleMappings(deps, actorOf(request)) }),
  );
  app.put(
    '/api/settings/role-mappings',
    {
      schema: {
        tags: ['settings'],
        operationId: 'saveRoleMappings',
        summary: 'Replace the single sign-on role mapping; SCIM group members get their new roles at once (admins)',
        body: RoleMappingsReplaceSchema,
        response: { 200: RoleMappingsSchema, ...errorResponses() },
      },
    },
    async (request) => ({ mappings: await saveRoleMappings(deps, actorOf(request), request.body) }),
  );

  // OpenID Connect: authorisation code with PKCE; state, nonce and the verifier wait in a signed cookie.
  const sendToIdp = async (reply: FastifyReply, retried: boolean) => {
    const { url, pending } = await startOidcSignIn(deps, { retried });
    reply.setCookie(OIDC_PENDING, JSON.stringify(pending), { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/auth/oidc', maxAge: 600 });
    return reply.redirect(url, 302);
  };

  app.get('/auth/oidc/login', browserRoute, async (_request, reply) => {
    try {
      return await sendToIdp(reply, false);
    } catch (err) {
      return failurePage(reply, deps, err);
    }
  });

  app.get('/auth/oidc/callback', browserRoute, async (request, reply) => {
    const pending = readSigned<PendingOidcSignIn>(request, OIDC_PENDING);
    reply.clearCookie(OIDC_PENDING, { path: '/auth/oidc' });
    try {
      const result = await finishOidcSignIn(deps, request.url, pending, { userAgent: request.headers['user-agent'] });
      if (result.kind === 'retry') return await sendToIdp(reply, true);
      setSessionCookie(reply, deps, result.sessionToken);
      if (result.idToken) reply.setCookie(OIDC_ID_TOKEN, result.idToken, { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/auth/oidc', maxAge: 14 * 86_400 });
      return reply.redirect('/', 302);
    } catch (err) {
      return failurePage(reply, deps, err);
    }
  });

  // Ends the Cadence session, then RP-initiated logout at the IdP when it offers end_session_endpoint.
  app.get('/auth/oidc/logout', browserRoute, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(deps, token);
    const idToken = readSigned<string>(request, OIDC_ID_TOKEN, false);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(OIDC_ID_TOKEN, { path: '/auth/oidc' });
    // Only a person who came through OIDC is sent on to the IdP; a password user just lands on the sign-in page.
    return reply.redirect((idToken ? await oidcSignOutUrl(deps, idToken) : null) ?? '/', 302);
  });

  // SAML 2.0: SP metadata, an SP-initiated AuthnRequest, and the ACS taking the IdP's signed POST.
  app.get('/auth/saml/metadata', browserRoute, async (_request, reply) => {
    try {
      return reply.type('application/samlmetadata+xml').send((await saml()).samlMetadata(deps));
    } catch (err) {
      return failurePage(reply, deps, err);
    }
  });

  app.get('/auth/saml/login', browserRoute, async (_request, reply) => {
    try {
      const { url, requestId } = await (await saml()).startSamlSignIn(deps);
      // The IdP answers with a cross-site POST: only a SameSite=None cookie (https only) comes along.
      reply.setCookie(SAML_PENDING, requestId, { signed: true, httpOnly: true, sameSite: secure ? 'none' : 'lax', secure, path: '/auth/saml', maxAge: 600 });
      return reply.redirect(url, 302);
    } catch (err) {
      return failurePage(reply, deps, err);
    }
  });

  await app.register(async (scoped) => {
    // The ACS takes the form post the IdP's page submits.
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scoped.post('/auth/saml/acs', browserRoute, async (request, reply) => {
      const requestId = readSigned<string>(request, SAML_PENDING, false);
      reply.clearCookie(SAML_PENDING, { path: '/auth/saml' });
      try {
        const session = await (await saml()).finishSamlSignIn(deps, (request.body ?? {}) as { SAMLResponse?: unknown }, requestId, { userAgent: request.headers['user-agent'] });
        setSessionCookie(reply, deps, session.sessionToken);
        return reply.redirect('/', 303);
      } catch (err) {
        return failurePage(reply, deps, err);
      }
    });
  });
}

function readSigned<T>(request: FastifyRequest, name: string, json = true): T | null {
  const raw = request.cookies[name];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  if (!json) return unsigned.value as T;
  try {
    return JSON.parse(unsigned.value) as T;
  } catch {
    return null;
  }
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page saying what went wrong and where to go next: never a stack trace. */
function failurePage(reply: FastifyReply, deps: Deps, err: unknown): FastifyReply {
  let status = 500;
  let title = 'Sign-in failed';
  let message = 'something went wrong on our side; it has been logged';
  if (err instanceof SignInDenied) [status, title, message] = [403, 'Sign-in refused', err.message];
  else if (err instanceof IdentityProviderUnavailable) [status, title, message] = [502, 'Identity provider unavailable', err.message];
  else if (err instanceof AppError) [status, message] = [err.status, err.message];
  else reply.log.error({ err }, 'single sign-on failed');
  const vendor = escape(deps.config.vendorName);
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Cadence</title></head>
<body>
<main><h1>${escape(title)}</h1><p role="alert">${escape(message.charAt(0).toUpperCase() + message.slice(1))}.</p>
<p><a href="/">Back to the ${vendor} sign-in page</a></p></main>
</body></html>`,
    );
}
