import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { claimValues } from '../../domain/identity/role-mapping.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { SessionMeta } from '../users/users.ts';
import { SignInDenied, signInWithIdentity } from './sso-sign-in.ts';

// The attribute names IdPs use for the email (Entra and ADFS claim URIs, LDAP's mail OID, plain names).
const EMAIL_ATTRIBUTES = ['email', 'mail', 'urn:oid:0.9.2342.19200300.100.1.3', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'];
const NAME_ATTRIBUTES = ['displayName', 'name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'urn:oid:2.16.840.1.113730.3.1.241'];

function samlSettings(deps: Deps) {
  const saml = deps.config.identity.saml;
  if (!saml) throw new AppError('not_found', 'single sign-on with SAML is not configured');
  return saml;
}

export function acsUrl(deps: Deps): string {
  return `${deps.config.baseUrl}/auth/saml/acs`;
}

/**
 * One SAML client per request: the request id we sent travels in the browser's signed cookie, not
 * in one node's memory, so the answer may land on any node behind the load balancer.
 */
function samlFor(deps: Deps, expectedRequestId: string | null, newRequestId?: string): SAML {
  const saml = samlSettings(deps);
  const cache: CacheProvider = {
    saveAsync: async (_key, value) => ({ value, createdAt: Date.now() }),
    getAsync: async (key) => (key === expectedRequestId ? new Date().toISOString() : null),
    removeAsync: async (key) => key,
  };
  return new SAML({
    entryPoint: saml.entryPoint,
    issuer: saml.entityId,
    callbackUrl: acsUrl(deps),
    idpCert: saml.idpCert,
    audience: saml.entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    // An IdP-initiated sign-in carries no InResponseTo; one that does must answer our own request.
    validateInResponseTo: ValidateInResponseTo.ifPresent,
    cacheProvider: cache,
    acceptedClockSkewMs: 60_000,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    ...(newRequestId ? { generateUniqueId: () => newRequestId } : {}),
  });
}

/** The SP metadata an IdP admin imports (entity id, ACS URL, the NameID format asked for). */
export function samlMetadata(deps: Deps): string {
  return samlFor(deps, null).generateServiceProviderMetadata(null, null);
}

/** The IdP's sign-in URL for an AuthnRequest (HTTP-Redirect binding) and the request id to remember. */
export async function startSamlSignIn(deps: Deps): Promise<{ url: string; requestId: string }> {
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const url = await samlFor(deps, null, requestId).getAuthorizeUrlAsync('', undefined, {});
  return { url, requestId };
}

function firstString(profile: Profile, names: readonly string[]): string {
  for (const name of names) {
    const values = claimValues(profile as Record<string, unknown>, name);
    if (values[0]) return values[0];
  }
  return '';
}

/** Checks the IdP's signed SAMLResponse (signature, audience, times, InResponseTo) and signs the person in. */
export async function finishSamlSignIn(deps: Deps, form: { SAMLResponse?: unknown }, expectedRequestId: string | null, meta: SessionMeta = {}) {
  const settings = samlSettings(deps);
  if (typeof form.SAMLResponse !== 'string' || form.SAMLResponse === '') throw new SignInDenied('the identity provider sent no SAMLResponse');
  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(deps, expectedRequestId).validatePostResponseAsync({ SAMLResponse: form.SAMLResponse }));
  } catch (err) {
    throw new SignInDenied(`the SAML answer was refused: ${(err as Error).message}`);
  }
  if (!profile) throw new SignInDenied('the SAML answer held no assertion');
  const email = firstString(profile, EMAIL_ATTRIBUTES) || (profile.nameID.includes('@') ? profile.nameID : '');
  return signInWithIdentity(
    deps,
    {
      provider: 'saml',
      subject: `${profile.issuer}|${profile.nameID}`,
      email,
      // A signed assertion from the IdP an admin configured vouches for the email.
      emailVerified: true,
      name: firstString(profile, NAME_ATTRIBUTES),
      roleValues: claimValues(profile as Record<string, unknown>, settings.roleAttribute),
    },
    meta,
  );
}
