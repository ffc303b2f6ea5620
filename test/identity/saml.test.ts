import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityConfig } from '../../src/config.ts';
import { saveRoleMappings } from '../../src/services/identity/role-mappings.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// A SAML 2.0 IdP's signed Response, as OASIS SAML 2.0 Core §2–3 and the Web Browser SSO profile
// (saml-profiles-2.0-os §4.1) describe it, signed with a key pair and self-signed certificate made here.

interface KeyPair {
  key: string;
  cert: string;
}

function makeIdpKeys(): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-saml-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '2', '-subj', '/CN=idp.acme.test'], { stdio: 'ignore' });
    return { key: readFileSync(`${dir}/key.pem`, 'utf8'), cert: readFileSync(`${dir}/cert.pem`, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const IDP = 'https://idp.acme.test/saml';
const ALGO = { canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#', signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' };
const TRANSFORMS = ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'];

function sign(xml: string, keys: KeyPair, element: 'Assertion' | 'Response'): string {
  const sig = new SignedXml({ privateKey: keys.key, publicCert: keys.cert, ...ALGO });
  sig.addReference({ xpath: `//*[local-name(.)='${element}']`, digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', transforms: TRANSFORMS });
  const issuer = element === 'Assertion' ? "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']" : "/*[local-name(.)='Response']/*[local-name(.)='Issuer']";
  sig.computeSignature(xml, { location: { reference: issuer, action: 'after' } });
  return sig.getSignedXml();
}

/** The IdP's answer for one person: assertion signed, then the whole response signed. */
function idpResponse(o: { keys: KeyPair; acs: string; audience: string; email: string; groups: string[]; inResponseTo?: string; now?: Date }): string {
  const now = o.now ?? new Date();
  const later = new Date(now.getTime() + 5 * 60_000).toISOString();
  const at = now.toISOString();
  const irt = o.inResponseTo ? ` InResponseTo="${o.inResponseTo}"` : '';
  const attributes = o.groups.map((g) => `<saml:AttributeValue>${g}</saml:AttributeValue>`).join('');
  const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a${Date.now()}${Math.random().toString(16).slice(2)}" Version="2.0" IssueInstant="${at}"><saml:Issuer>${IDP}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.email}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${later}" Recipient="${o.acs}"${irt}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${at}" NotOnOrAfter="${later}"><saml:AudienceRestriction><saml:Audience>${o.audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${at}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>${o.email}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="displayName"><saml:AttributeValue>Dee Saml</saml:AttributeValue></saml:Attribute><saml:Attribute Name="groups">${attributes}</saml:Attribute></saml:AttributeStatement></saml:Assertion>`;
  const signedAssertion = sign(assertion, o.keys, 'Assertion');
  const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${Date.now()}" Version="2.0" IssueInstant="${at}" Destination="${o.acs}"${irt}><saml:Issuer>${IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signedAssertion}</samlp:Response>`;
  return Buffer.from(sign(response, o.keys, 'Response')).toString('base64');
}

describe.each(await availableDialects())('single sign-on with SAML 2.0 on %s', (dialect) => {
  let keys: KeyPair;
  let intruder: KeyPair;
  let server: TestServer;
  let acs: string;
  let audience: string;

  beforeAll(() => {
    keys = makeIdpKeys();
    intruder = makeIdpKeys();
  });

  beforeEach(async () => {
    const identity: IdentityConfig = {
      oidc: null,
      saml: { entryPoint: 'https://idp.acme.test/saml/sso', idpCert: keys.cert, entityId: 'https://cadence.acme.test/auth/saml/metadata', roleAttribute: 'groups', name: 'Acme SAML' },
      allowedDomains: ['acme.com'],
      defaultRole: 'viewer',
      passwordLogin: true,
      breakGlassEmail: null,
    };
    server = await startTestServer(dialect, [], { identity });
    server.deps.setNow(new Date());
    acs = `${server.deps.config.baseUrl}/auth/saml/acs`;
    audience = identity.saml!.entityId;
  });
  afterEach(async () => {
    await server.close();
  });

  const post = (body: string, cookie?: string) =>
    fetch(`${server.url}/auth/saml/acs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams({ SAMLResponse: body }).toString() });
  const sessionOf = async (res: Response) => {
    const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('cadence_session=')) ?? '').split(';')[0]!;
    return (await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()) as { user?: Record<string, unknown> };
  };

  it('the SP metadata names the entity id and the ACS an IdP admin imports', async () => {
    const res = await fetch(`${server.url}/auth/saml/metadata`);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${audience}"`);
    expect(xml).toContain(`Location="${acs}"`);
  });

  it('a signed answer from the IdP signs a new colleague in, with the role their SAML group maps to', async () => {
    await saveRoleMappings(server.deps, LOCAL_OPERATOR, { mappings: [{ value: 'cs-team', role: 'csm' }] });
    const res = await post(idpResponse({ keys, acs, audience, email: 'dee@acme.com', groups: ['everyone', 'cs-team'] }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect((await sessionOf(res)).user).toMatchObject({ email: 'dee@acme.com', name: 'Dee Saml', role: 'csm' });
  });

  it('an SP-initiated sign-in is matched to the request Cadence sent', async () => {
    const start = await fetch(`${server.url}/auth/saml/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://idp.acme.test/saml/sso');
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    const id = /ID="([^"]+)"/.exec(request)![1]!;
    const cookie = start.headers
      .getSetCookie()
      .find((c) => c.startsWith('cadence_saml='))!
      .split(';')[0]!;
    const ok = await post(idpResponse({ keys, acs, audience, email: 'eve@acme.com', groups: [], inResponseTo: id }), cookie);
    expect(ok.status).toBe(303);
    // An answer to some other request (or one replayed in another browser) is refused.
    const other = await post(idpResponse({ keys, acs, audience, email: 'eve@acme.com', groups: [], inResponseTo: '_not-ours' }), cookie);
    expect(other.status).toBe(403);
  });

  it('an answer signed with another key, for another audience, expired, or from a domain not allowed is refused with a page saying why', async () => {
    const cases = [
      { res: await post(idpResponse({ keys: intruder, acs, audience, email: 'mal@acme.com', groups: [] })), says: /signature/i },
      { res: await post(idpResponse({ keys, acs, audience: 'https://other.example/sp', email: 'mal@acme.com', groups: [] })), says: /audience/i },
      { res: await post(idpResponse({ keys, acs, audience, email: 'mal@acme.com', groups: [], now: new Date(Date.now() - 3600_000) })), says: /expired|NotOnOrAfter/i },
      { res: await post(idpResponse({ keys, acs, audience, email: 'mal@evil.io', groups: [] })), says: /evil\.io is not one of the email domains/i },
      { res: await post('not base64 xml'), says: /refused/ },
    ];
    for (const { res, says } of cases) {
      expect(res.status).toBe(403);
      const page = await res.text();
      expect(page).toMatch(says);
      expect(page).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('cadence_session='))).toBe(false);
    }
    const users = await server.deps.store.db.selectFrom('users').select('email').execute();
    expect(users).toEqual([]);
  });
});
