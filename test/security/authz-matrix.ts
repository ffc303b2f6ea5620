/**
 * The authorisation matrix: for every route of the route table, what each kind of caller gets.
 * authz-matrix.test.ts walks the live route table, so a route added without an entry here fails.
 *
 * Callers: nobody signed in; the customer holding a share link (its token sent as a Bearer token,
 * or in the path on the share routes); a viewer; the CSM who owns the account; a CSM on the
 * account's team; a CSM of the other team; the manager of the team; the other team's manager; an
 * admin. The world (see the test) has two teams, each with an account, its meeting, notes, risks,
 * share links and feeds; every `{name}` in a path or body is one of the world's ids.
 */

export const CALLERS = ['unauthenticated', 'share', 'viewer', 'csmOwner', 'csmTeam', 'csmOutside', 'managerOfTeam', 'otherManager', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * `ok`: allowed (2xx, or a status listed in `alsoOk`: the request got past authorisation and was
 * refused for what it asked). 401 / 403 / 404 (hiding that the record exists) otherwise. Every
 * answer a caller reads must also be free of the other team's data.
 */
export type Outcome = 'ok' | 401 | 403 | 404 | 400;
export type Ids = Record<string, string>;

export interface RouteCase {
  /** The path with `{id}` placeholders filled from the world. */
  path: string;
  body?: Record<string, unknown> | unknown[] | ((ids: Ids) => unknown);
  /** A raw body with its content type (CSV, transcripts). */
  raw?: { type: string; text: string | ((ids: Ids) => string) };
  expect: Record<Caller, Outcome>;
  /** Answers that still mean "allowed" here (a state conflict, a vendor that cannot be reached). */
  alsoOk?: number[];
  /** Makes the records this call changes or deletes, so each caller acts on its own (archive, delete, send). */
  fresh?: string;
  /** A page public by its secret (share link, calendar feed) shows team A's records to whoever holds it; never team B's. */
  showsTeamA?: true;
  /** Callers one after another: their fresh records would clash (a person has one feed; the newest session; one agenda's items). */
  serial?: true;
}

type Profile = Record<Caller, Outcome>;
const out = (base: Profile, changes: Partial<Profile> = {}): Profile => ({ ...base, ...changes });

/** Reading a record of team A's account: the team and the book-wide readers; the other team is told it does not exist. */
export const ACCOUNT_READ: Profile = { unauthenticated: 401, share: 401, viewer: 'ok', csmOwner: 'ok', csmTeam: 'ok', csmOutside: 404, managerOfTeam: 'ok', otherManager: 404, admin: 'ok' };
/** Changing it: as reading, but viewers only read. */
export const ACCOUNT_WRITE = out(ACCOUNT_READ, { viewer: 403 });
/** Anyone signed in; a list or a figure must hold only the caller's own scope. */
export const SIGNED_IN: Profile = { unauthenticated: 401, share: 401, viewer: 'ok', csmOwner: 'ok', csmTeam: 'ok', csmOutside: 'ok', managerOfTeam: 'ok', otherManager: 'ok', admin: 'ok' };
export const SIGNED_IN_NOT_VIEWER = out(SIGNED_IN, { viewer: 403 });
/** Team-wide settings and the playbook: managers and admins. */
export const RUNS_THE_TEAM = out(SIGNED_IN, { viewer: 403, csmOwner: 403, csmTeam: 403, csmOutside: 403 });
export const ADMIN_ONLY = out(RUNS_THE_TEAM, { managerOfTeam: 403, otherManager: 403 });
/** Routes anyone may call; an unknown Bearer token is still refused. */
export const PUBLIC: Profile = out(SIGNED_IN, { unauthenticated: 'ok' });
/** The customer's pages: the share link's token in the path is all it takes. */
export const SHARE_PAGE: Profile = out(PUBLIC, { share: 'ok' });
/** A user's own calendar connection and its events (team A's CSM owns the world's): the owner and admins. */
export const OWN_CALENDAR: Profile = { unauthenticated: 401, share: 401, viewer: 404, csmOwner: 'ok', csmTeam: 404, csmOutside: 404, managerOfTeam: 404, otherManager: 404, admin: 'ok' };

/**
 * Cells the matrix catches that are known and not fixed yet (`'<route> as <caller>': why`). They are
 * still checked: each run prints them as open, and once one passes the test fails until its line is
 * removed, so this list can only shrink. Empty: every cell passes.
 */
export const OPEN_FINDINGS: Record<string, string> = {};

/**
 * SCIM answers only its own bearer token (`cadence scim token create`), which none of these callers
 * holds: a person's API token or session is refused. The IdP's side is walked in test/identity/scim.test.ts.
 */
export const SCIM_ONLY: Profile = { unauthenticated: 401, share: 401, viewer: 401, csmOwner: 401, csmTeam: 401, csmOutside: 401, managerOfTeam: 401, otherManager: 401, admin: 401 };
/** A view team A's CSM shared with their team: the team sees it (csmTeam is refused), the others are told it does not exist. */
const SAVED_VIEW_EDIT: Profile = { unauthenticated: 401, share: 401, viewer: 404, csmOwner: 'ok', csmTeam: 403, csmOutside: 404, managerOfTeam: 'ok', otherManager: 404, admin: 'ok' };
/** Sign-in with an IdP: public pages (an unknown Bearer token still refused); no IdP is configured in this world, so they say so (404), never a 5xx. */
const SSO_PAGE = PUBLIC;

/** The entry every file of the built web app (`/index.html`, `/assets/…`) answers by. */
export const WEB_FILE = 'GET <a file of the built web app>';

// @fastify/static registers one route a file, without route config: each is checked as public below.
export function isWebFile(route: { method: string; url: string }): boolean {
  return route.method === 'GET' && !route.url.startsWith('/api/') && !route.url.startsWith('/scim/') && !route.url.startsWith('/auth/') && /^\/[\w./-]+\.\w+$/.test(route.url);
}

export const MATRIX: Record<string, RouteCase> = {
  // Session: signing in is public (the admin's own credentials, whoever sends them).
  'POST /api/session': { path: '/api/session', body: (ids) => ({ email: ids.adminEmail, password: ids.password }), expect: PUBLIC },
  'GET /api/session': { path: '/api/session', expect: SIGNED_IN },
  'DELETE /api/session': { path: '/api/session', expect: PUBLIC },
  'GET /api/sessions': { path: '/api/sessions', expect: SIGNED_IN },
  // A session of the CSM owner: theirs to end, or an admin's; to anyone else it does not exist.
  'DELETE /api/sessions/:id': { path: '/api/sessions/{freshSession}', fresh: 'session', serial: true, expect: out(ADMIN_ONLY, { csmOwner: 'ok', viewer: 404, csmTeam: 404, csmOutside: 404, managerOfTeam: 404, otherManager: 404 }) },
  // Everyone changes their own password to the same one: allowed, and the world's passwords stay.
  'POST /api/session/password': { path: '/api/session/password', body: (ids) => ({ currentPassword: ids.password, newPassword: ids.password }), expect: SIGNED_IN },
  // Public; a made-up reset token is refused for what it is, never with a 401.
  'POST /api/password-reset': {
    path: '/api/password-reset',
    body: { token: 'not-a-reset-token', password: 'a long new passphrase' },
    expect: out(PUBLIC, { unauthenticated: 400, viewer: 400, csmOwner: 400, csmTeam: 400, csmOutside: 400, managerOfTeam: 400, otherManager: 400, admin: 400 }),
  },

  // Accounts
  'GET /api/accounts': { path: '/api/accounts?archived=include', expect: SIGNED_IN },
  'POST /api/accounts': { path: '/api/accounts', body: { name: 'Fresh account', segment: 'scale', stage: 'onboarding' }, expect: SIGNED_IN_NOT_VIEWER },
  'GET /api/accounts/export': { path: '/api/accounts/export?columns=name,owner,risks&sort=-arr', expect: SIGNED_IN },
  'GET /api/saved-views': { path: '/api/saved-views', expect: SIGNED_IN },
  'POST /api/saved-views': { path: '/api/saved-views', body: { name: 'Renewals', columns: ['name', 'renewal'], filters: { renewalWithinDays: 90 }, sort: 'renewal', shared: 'team' }, expect: SIGNED_IN },
  // Team A's CSM shared the view with their team: the team sees it, only its maker, their manager and admins change it.
  'PATCH /api/saved-views/:id': { path: '/api/saved-views/{freshView}', fresh: 'savedView', body: { name: 'Renamed' }, expect: SAVED_VIEW_EDIT },
  'DELETE /api/saved-views/:id': { path: '/api/saved-views/{freshView}', fresh: 'savedView', expect: SAVED_VIEW_EDIT },
  'GET /api/accounts/:id': { path: '/api/accounts/{account}', expect: ACCOUNT_READ },
  'PATCH /api/accounts/:id': { path: '/api/accounts/{account}', body: { productVersion: '17.4' }, expect: ACCOUNT_WRITE },
  'POST /api/accounts/:id/archive': { path: '/api/accounts/{freshAccount}/archive', fresh: 'account', expect: ACCOUNT_WRITE },
  'POST /api/accounts/:id/restore': { path: '/api/accounts/{freshAccount}/restore', fresh: 'archivedAccount', expect: ACCOUNT_WRITE },
  'GET /api/accounts/:id/timeline': { path: '/api/accounts/{account}/timeline', expect: ACCOUNT_READ },
  // A captured mail's full body: who may read the account's notes (viewers read every account's notes).
  'GET /api/accounts/:id/captured-mails': { path: '/api/accounts/{account}/captured-mails', expect: ACCOUNT_READ },
  'GET /api/accounts/:id/notes-document': { path: '/api/accounts/{account}/notes-document', expect: ACCOUNT_READ },
  'GET /api/accounts/:id/tracker-items': { path: '/api/accounts/{account}/tracker-items', expect: ACCOUNT_READ },

  // Contacts
  'GET /api/contacts': { path: '/api/contacts', expect: SIGNED_IN },
  'POST /api/contacts': { path: '/api/contacts', body: (ids) => ({ accountId: ids.account, name: 'Omar Haddad' }), expect: ACCOUNT_WRITE },
  'GET /api/contacts/:id': { path: '/api/contacts/{contact}', expect: ACCOUNT_READ },
  'PATCH /api/contacts/:id': { path: '/api/contacts/{contact}', body: { title: 'VP Engineering' }, expect: ACCOUNT_WRITE },
  'POST /api/contacts/:id/archive': { path: '/api/contacts/{freshContact}/archive', fresh: 'contact', expect: ACCOUNT_WRITE },

  // Users and tokens
  'GET /api/users': { path: '/api/users', expect: SIGNED_IN },
  'POST /api/users': { path: '/api/users', body: (ids) => ({ email: `new-${ids.seq}@example.com`, name: 'New Colleague', role: 'csm' }), expect: ADMIN_ONLY },
  'POST /api/users/:id/deactivate': { path: '/api/users/{freshUser}/deactivate', fresh: 'user', expect: ADMIN_ONLY },
  'PATCH /api/users/:id': { path: '/api/users/{freshUser}', fresh: 'user', body: { name: 'Renamed colleague', role: 'manager' }, expect: ADMIN_ONLY },
  'POST /api/users/:id/reactivate': { path: '/api/users/{freshUser}/reactivate', fresh: 'deactivatedUser', expect: ADMIN_ONLY },
  'GET /api/users/needs-new-owner': { path: '/api/users/needs-new-owner', expect: RUNS_THE_TEAM },
  'POST /api/users/:id/password-reset': { path: '/api/users/{freshUser}/password-reset', fresh: 'user', expect: ADMIN_ONLY },
  // The CSM owner's sessions: theirs and an admin's to see and end.
  'GET /api/users/:id/sessions': { path: '/api/users/{csmOwnerId}/sessions', expect: out(ADMIN_ONLY, { csmOwner: 'ok' }) },
  'DELETE /api/users/:id/sessions': { path: '/api/users/{csmOwnerId}/sessions', expect: out(ADMIN_ONLY, { csmOwner: 'ok' }) },
  'GET /api/tokens': { path: '/api/tokens', expect: SIGNED_IN },
  'POST /api/tokens': { path: '/api/tokens', body: { name: 'script' }, expect: SIGNED_IN },
  // The CSM owner's own token: only they and an admin may revoke it; to anyone else it does not exist.
  'DELETE /api/tokens/:id': { path: '/api/tokens/{freshToken}', fresh: 'token', expect: out(ADMIN_ONLY, { csmOwner: 'ok', viewer: 404, csmTeam: 404, csmOutside: 404, managerOfTeam: 404, otherManager: 404 }) },

  // CSV in and out (dry runs: the report, nothing written). The other team's account is refused by line.
  // A viewer's dry run is refused line by line (no account may be created for that owner).
  'POST /api/imports/accounts': { path: '/api/imports/accounts?dryRun=true', raw: { type: 'text/csv', text: 'external_id,name\nNEW-1,Imported Co\n' }, expect: out(SIGNED_IN, { viewer: 400 }) },
  'POST /api/imports/contacts': {
    path: '/api/imports/contacts?dryRun=true',
    raw: { type: 'text/csv', text: 'external_id,account_external_id,name\nC-NEW,ALPHA-1,Imported Person\n' },
    expect: out(ACCOUNT_WRITE, { viewer: 400, csmOutside: 400, otherManager: 400 }),
  },
  // A preview writes nothing and answers what the import would do; a line the caller may not write is a problem in it, not a 403.
  'POST /api/imports/accounts/preview': { path: '/api/imports/accounts/preview', raw: { type: 'text/csv', text: 'Record ID,Company name\nNEW-1,Imported Co\n' }, expect: SIGNED_IN },
  'POST /api/imports/contacts/preview': { path: '/api/imports/contacts/preview', body: { csv: 'external_id,account_external_id,name\nC-NEW,ALPHA-1,Imported Person\n', preset: 'cadence' }, expect: SIGNED_IN },
  'GET /api/exports/accounts': { path: '/api/exports/accounts', expect: SIGNED_IN },
  'GET /api/exports/contacts': { path: '/api/exports/contacts', expect: SIGNED_IN },

  // Action items and touches
  'GET /api/action-items': { path: '/api/action-items?accountId={account}', expect: ACCOUNT_READ },
  'POST /api/action-items': { path: '/api/action-items', body: (ids) => ({ accountId: ids.account, text: 'Send the sizing guide', side: 'vendor', owner: { name: 'Sam' } }), expect: ACCOUNT_WRITE },
  'PATCH /api/action-items/:id': { path: '/api/action-items/{actionItem}', body: { lastUpdate: 'guide drafted' }, expect: ACCOUNT_WRITE },
  'POST /api/touches': { path: '/api/touches', body: (ids) => ({ accountId: ids.account, kind: 'email', note: 'checked in' }), expect: ACCOUNT_WRITE },

  // Meetings, agenda, notes
  'GET /api/meetings': { path: '/api/meetings', expect: SIGNED_IN },
  'POST /api/meetings': { path: '/api/meetings', body: (ids) => ({ accountId: ids.account, startsAt: '2026-12-15T15:00:00Z' }), expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id': { path: '/api/meetings/{meeting}', expect: ACCOUNT_READ },
  // The live notes socket; a plain GET answers its text. Who may open the socket is test/api/live-notes-access.test.ts.
  'GET /api/live/notes/:meetingId': { path: '/api/live/notes/{meeting}', expect: ACCOUNT_READ },
  'PATCH /api/meetings/:id': { path: '/api/meetings/{meeting}', body: { title: 'Runner review' }, expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id/agenda': { path: '/api/meetings/{meeting}/agenda', expect: ACCOUNT_READ },
  'POST /api/meetings/:id/agenda/refresh': { path: '/api/meetings/{meeting}/agenda/refresh', expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/agenda/edits': { path: '/api/meetings/{meeting}/agenda/edits', body: { op: 'add', text: 'Runner costs' }, serial: true, expect: ACCOUNT_WRITE },
  'PUT /api/meetings/:id/notes': { path: '/api/meetings/{freshMeeting}/notes', fresh: 'meeting', body: { version: 0, notes: 'Discussed runners' }, expect: ACCOUNT_WRITE },
  'GET /api/notes/search': { path: '/api/notes/search?q=pricing', expect: SIGNED_IN },
  // Combining the live notes after the call: who wrote what (readers of the notes), the transcript's suggestions put in (writers).
  'GET /api/meetings/:id/notes/authorship': { path: '/api/meetings/{meeting}/notes/authorship', expect: ACCOUNT_READ },
  'POST /api/meetings/:id/notes/suggestions/insert': { path: '/api/meetings/{freshMeeting}/notes/suggestions/insert', fresh: 'meeting', body: {}, expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/agenda/preview': { path: '/api/meetings/{meeting}/agenda/preview', expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id/agenda/preview.html': { path: '/api/meetings/{meeting}/agenda/preview.html', expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/agenda/send': { path: '/api/meetings/{freshFuture}/agenda/send', fresh: 'futureMeeting', body: { confirm: true }, expect: ACCOUNT_WRITE },

  // Share links: made and listed by the account's team; the customer's page is public by its token.
  'POST /api/meetings/:id/share-links': { path: '/api/meetings/{meeting}/share-links', body: {}, expect: ACCOUNT_WRITE },
  // The links are the customer's keys: only those who may change the meeting list them.
  'GET /api/meetings/:id/share-links': { path: '/api/meetings/{meeting}/share-links', expect: ACCOUNT_WRITE },
  'DELETE /api/meetings/:id/share-links/:linkId': { path: '/api/meetings/{meeting}/share-links/{freshLink}', fresh: 'shareLink', expect: ACCOUNT_WRITE },
  'GET /api/share/:token': { path: '/api/share/{shareToken}', expect: SHARE_PAGE, showsTeamA: true },
  'POST /api/share/:token/topics': { path: '/api/share/{shareToken}/topics', body: { text: 'Runner autoscaling', name: 'Hana' }, serial: true, expect: SHARE_PAGE, showsTeamA: true },
  'POST /api/share/:token/action-items/:id/done': { path: '/api/share/{shareToken}/action-items/{customerActionItem}/done', body: { comment: 'Uploaded to the project' }, serial: true, expect: SHARE_PAGE, showsTeamA: true },
  'GET /api/share/:token/success-plan': { path: '/api/share/{shareToken}/success-plan', expect: SHARE_PAGE, showsTeamA: true },
  'POST /api/share/:token/attachments': { path: '/api/share/{shareToken}/attachments?fileName=diagram.txt', raw: { type: 'text/plain', text: 'Our architecture' }, serial: true, expect: SHARE_PAGE, showsTeamA: true },
  'GET /api/share/:token/attachments/:id': { path: '/api/share/{shareToken}/attachments/{freshAttachment}', fresh: 'attachment', expect: SHARE_PAGE, showsTeamA: true },

  // Attachments and advance materials
  'POST /api/attachments': { path: '/api/attachments?meetingId={meeting}&fileName=prep.txt', raw: { type: 'text/plain', text: 'Advance material' }, expect: ACCOUNT_WRITE },
  'GET /api/attachments': { path: '/api/attachments?accountId={account}', expect: ACCOUNT_READ },
  'GET /api/attachments/:id': { path: '/api/attachments/{freshAttachment}', fresh: 'attachment', expect: ACCOUNT_READ },
  'PATCH /api/attachments/:id': { path: '/api/attachments/{freshAttachment}', fresh: 'attachment', body: { forCustomer: false }, expect: ACCOUNT_WRITE },
  'DELETE /api/attachments/:id': { path: '/api/attachments/{freshAttachment}', fresh: 'attachment', expect: ACCOUNT_WRITE },

  // After the call
  'POST /api/meetings/:id/wrap-up': { path: '/api/meetings/{freshMeeting}/wrap-up', fresh: 'meeting', body: { summary: 'Agreed the runner upgrade' }, expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id/follow-up': { path: '/api/meetings/{heldMeeting}/follow-up', expect: ACCOUNT_READ },
  'PUT /api/meetings/:id/follow-up': { path: '/api/meetings/{heldMeeting}/follow-up', body: { subject: 'Our call: next steps' }, expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/follow-up/send': { path: '/api/meetings/{freshHeld}/follow-up/send', fresh: 'heldMeeting', body: { confirm: true, sendWithUnaddressed: true }, expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/follow-up/preview': { path: '/api/meetings/{heldMeeting}/follow-up/preview', expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/follow-up/redraft': { path: '/api/meetings/{heldMeeting}/follow-up/redraft', expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id/engagement': { path: '/api/meetings/{heldMeeting}/engagement', expect: ACCOUNT_READ },
  'POST /api/meetings/:id/requests/:requestId': { path: '/api/meetings/{heldMeeting}/requests/{request}', body: { externalId: 'ZD-1' }, expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/requests/:requestId/open': {
    path: '/api/meetings/{heldMeeting}/requests/{request}/open',
    body: { integration: 'support' },
    expect: ACCOUNT_WRITE,
    alsoOk: [409, 502],
  },
  'POST /api/feature-requests/:id/shipped': { path: '/api/feature-requests/{featureRequest}/shipped', body: { release: '17.5' }, expect: ACCOUNT_WRITE, alsoOk: [409] },

  // Settings and the day
  'GET /api/auth/providers': { path: '/api/auth/providers', expect: PUBLIC },
  'GET /api/settings/role-mappings': { path: '/api/settings/role-mappings', expect: ADMIN_ONLY },
  'PUT /api/settings/role-mappings': { path: '/api/settings/role-mappings', body: { mappings: [{ value: 'cadence-csm', role: 'csm' }] }, serial: true, expect: ADMIN_ONLY },
  'GET /auth/oidc/login': { path: '/auth/oidc/login', expect: SSO_PAGE, alsoOk: [404] },
  'GET /auth/oidc/callback': { path: '/auth/oidc/callback?code=x&state=y', expect: SSO_PAGE, alsoOk: [400, 404] },
  'GET /auth/oidc/logout': { path: '/auth/oidc/logout', expect: SSO_PAGE, alsoOk: [302, 303, 404] },
  'GET /auth/saml/metadata': { path: '/auth/saml/metadata', expect: SSO_PAGE, alsoOk: [404] },
  'GET /auth/saml/login': { path: '/auth/saml/login', expect: SSO_PAGE, alsoOk: [404] },
  'POST /auth/saml/acs': { path: '/auth/saml/acs', raw: { type: 'application/x-www-form-urlencoded', text: 'SAMLResponse=bm90LWEtc2FtbC1hbnN3ZXI%3D' }, expect: SSO_PAGE, alsoOk: [400, 404] },
  'GET /scim/v2/ServiceProviderConfig': { path: '/scim/v2/ServiceProviderConfig', expect: SCIM_ONLY },
  'GET /scim/v2/ResourceTypes': { path: '/scim/v2/ResourceTypes', expect: SCIM_ONLY },
  'GET /scim/v2/Schemas': { path: '/scim/v2/Schemas', expect: SCIM_ONLY },
  'GET /scim/v2/Users': { path: '/scim/v2/Users', expect: SCIM_ONLY },
  'POST /scim/v2/Users': { path: '/scim/v2/Users', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'new.person@acme.example' }, expect: SCIM_ONLY },
  'GET /scim/v2/Users/:id': { path: '/scim/v2/Users/{csmOwnerId}', expect: SCIM_ONLY },
  'PUT /scim/v2/Users/:id': { path: '/scim/v2/Users/{csmOwnerId}', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x@acme.example' }, expect: SCIM_ONLY },
  'PATCH /scim/v2/Users/:id': { path: '/scim/v2/Users/{csmOwnerId}', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }, expect: SCIM_ONLY },
  'DELETE /scim/v2/Users/:id': { path: '/scim/v2/Users/{csmOwnerId}', expect: SCIM_ONLY },
  'GET /scim/v2/Groups': { path: '/scim/v2/Groups', expect: SCIM_ONLY },
  'POST /scim/v2/Groups': { path: '/scim/v2/Groups', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'cadence-csm' }, expect: SCIM_ONLY },
  'GET /scim/v2/Groups/:id': { path: '/scim/v2/Groups/g1', expect: SCIM_ONLY },
  'PUT /scim/v2/Groups/:id': { path: '/scim/v2/Groups/g1', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'cadence-csm' }, expect: SCIM_ONLY },
  'PATCH /scim/v2/Groups/:id': { path: '/scim/v2/Groups/g1', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, expect: SCIM_ONLY },
  'DELETE /scim/v2/Groups/:id': { path: '/scim/v2/Groups/g1', expect: SCIM_ONLY },
  'GET /api/settings/agenda-topics': { path: '/api/settings/agenda-topics', expect: SIGNED_IN },
  'GET /api/settings/mail-capture': { path: '/api/settings/mail-capture', expect: SIGNED_IN },
  // The workspace's capture mailbox over IMAP: admins only (it reads every customer mail sent to it). Nothing listens on port 1: the connect is refused in words (400).
  'GET /api/settings/mail-capture/imap': { path: '/api/settings/mail-capture/imap', expect: ADMIN_ONLY },
  'PUT /api/settings/mail-capture/imap': { path: '/api/settings/mail-capture/imap', body: { host: '127.0.0.1', port: 1, tls: false, username: 'capture', password: 'not-an-imap-server' }, expect: ADMIN_ONLY, alsoOk: [400] },
  'POST /api/settings/mail-capture/imap/sync': { path: '/api/settings/mail-capture/imap/sync', expect: ADMIN_ONLY, alsoOk: [409] },
  'DELETE /api/settings/mail-capture/imap': { path: '/api/settings/mail-capture/imap', expect: ADMIN_ONLY },
  'PUT /api/settings/agenda-topics': { path: '/api/settings/agenda-topics', body: (ids) => JSON.parse(ids.topics!), expect: RUNS_THE_TEAM },
  'GET /api/settings/use-cases': { path: '/api/settings/use-cases', expect: SIGNED_IN },
  'PUT /api/settings/use-cases': {
    path: '/api/settings/use-cases',
    body: (ids) => ({ templates: [{ id: ids.useCaseTemplate, product: 'Secure', name: 'SAST', customerWording: 'Find security bugs at merge time', enablementOffer: 'a guided SAST roll-out' }] }),
    expect: RUNS_THE_TEAM,
  },
  'GET /api/accounts/:id/use-cases': { path: '/api/accounts/{account}/use-cases', expect: ACCOUNT_READ },
  'PUT /api/accounts/:id/use-cases/:templateId': { path: '/api/accounts/{account}/use-cases/{useCaseTemplate}', body: { score: 'yellow', note: 'pilot team only' }, expect: ACCOUNT_WRITE },
  'PUT /api/settings/hot-sheet': { path: '/api/settings/hot-sheet', body: [], expect: RUNS_THE_TEAM },
  'GET /api/my-day': { path: '/api/my-day', expect: SIGNED_IN },
  'GET /api/tasks': { path: '/api/tasks', expect: SIGNED_IN },
  'PATCH /api/tasks/:id': { path: '/api/tasks/{task}', body: { status: 'open' }, expect: ACCOUNT_WRITE },

  // Cadence
  'GET /api/accounts/:id/cadence': { path: '/api/accounts/{account}/cadence', expect: ACCOUNT_READ },
  'PUT /api/accounts/:id/cadence-override': { path: '/api/accounts/{account}/cadence-override', body: { frequency: 'weekly', reason: 'launch month' }, expect: ACCOUNT_WRITE },
  'DELETE /api/accounts/:id/cadence-override': { path: '/api/accounts/{account}/cadence-override', expect: ACCOUNT_WRITE },
  'GET /api/cadence/due': { path: '/api/cadence/due', expect: SIGNED_IN },
  'GET /api/settings/cadence': { path: '/api/settings/cadence', expect: SIGNED_IN },
  'PUT /api/settings/cadence': { path: '/api/settings/cadence', body: {}, expect: RUNS_THE_TEAM },
  'POST /api/playbook/run': { path: '/api/playbook/run', expect: RUNS_THE_TEAM },

  // Calendar: the invitation of a meeting; a person's own feed, public by its secret file name.
  'GET /api/meetings/:id/invite.ics': { path: '/api/meetings/{meeting}/invite.ics', expect: ACCOUNT_READ },
  'POST /api/meetings/:id/cancel': { path: '/api/meetings/{freshFuture}/cancel', fresh: 'futureMeeting', expect: ACCOUNT_WRITE },
  'POST /api/calendar-feed': { path: '/api/calendar-feed', expect: SIGNED_IN },
  'DELETE /api/calendar-feed': { path: '/api/calendar-feed', expect: SIGNED_IN },
  // Calendar connections are their owner's (team A's CSM here) and an admin's; anyone else is told they do not exist.
  'GET /api/calendar/connections': { path: '/api/calendar/connections', expect: SIGNED_IN },
  'POST /api/calendar/connections': { path: '/api/calendar/connections', body: (ids) => ({ url: ids.calendarDavUrl, username: 'sam', password: 'not-a-dav-server' }), expect: SIGNED_IN_NOT_VIEWER, alsoOk: [400] },
  // No Google app is configured in this world: the start route says which variable to set (400) once past authorisation.
  'POST /api/calendar/oauth/:provider/start': { path: '/api/calendar/oauth/google/start', expect: SIGNED_IN_NOT_VIEWER, alsoOk: [400] },
  // The provider's redirect back: public (the browser arrives from Google). Its answer is a 303 to CADENCE_BASE_URL, which
  // this world's host does not resolve (the test client follows redirects): an unknown provider's 400 shows the gate instead;
  // test/api/calendar-oauth-api.test.ts walks the redirects.
  'GET /api/calendar/oauth/:provider/callback': { path: '/api/calendar/oauth/yahoo/callback?code=x&state=unknown', expect: PUBLIC, alsoOk: [400] },
  'GET /api/calendar/connections/:id': { path: '/api/calendar/connections/{calendarConnection}', expect: OWN_CALENDAR },
  'POST /api/calendar/connections/:id/sync': { path: '/api/calendar/connections/{calendarConnection}/sync', expect: OWN_CALENDAR },
  'DELETE /api/calendar/connections/:id': { path: '/api/calendar/connections/{freshCalendarConnection}', fresh: 'calendarConnection', expect: OWN_CALENDAR },
  'GET /api/calendar/unmatched': { path: '/api/calendar/unmatched', expect: SIGNED_IN },
  'POST /api/calendar/unmatched/:id/assign': { path: '/api/calendar/unmatched/{unmatchedEvent}/assign', body: (ids) => ({ accountId: ids.account }), expect: OWN_CALENDAR },
  'POST /api/calendar/unmatched/:id/ignore': { path: '/api/calendar/unmatched/{freshUnmatched}/ignore', fresh: 'unmatchedEvent', expect: OWN_CALENDAR },
  'GET /calendar/:file': { path: '/calendar/{freshFeed}', fresh: 'feed', serial: true, expect: PUBLIC, showsTeamA: true },

  // Transcripts and suggestions
  'POST /api/meetings/:id/transcript': { path: '/api/meetings/{freshMeeting}/transcript', fresh: 'meeting', raw: { type: 'text/plain', text: 'Hana Tanaka: We will upgrade the runner next week.\n' }, expect: ACCOUNT_WRITE },
  'GET /api/meetings/:id/suggestions': { path: '/api/meetings/{transcriptMeeting}/suggestions', expect: ACCOUNT_READ },
  'PUT /api/meetings/:id/transcript/speakers': { path: '/api/meetings/{transcriptMeeting}/transcript/speakers', body: {}, expect: ACCOUNT_WRITE },
  'POST /api/suggestions/:id/accept': { path: '/api/suggestions/{freshSuggestion}/accept', fresh: 'suggestion', body: {}, expect: ACCOUNT_WRITE },
  'POST /api/suggestions/:id/reject': { path: '/api/suggestions/{freshSuggestion}/reject', fresh: 'suggestion', expect: ACCOUNT_WRITE },
  'POST /api/meetings/:id/transcript/fetch': { path: '/api/meetings/{freshMeeting}/transcript/fetch', fresh: 'meeting', body: { integration: 'support', ref: 'call-1' }, expect: ACCOUNT_WRITE, alsoOk: [400, 502] },

  // Risks and health
  'GET /api/risks': { path: '/api/risks', expect: SIGNED_IN },
  'GET /api/risks/:id': { path: '/api/risks/{risk}', expect: ACCOUNT_READ },
  'POST /api/risks': { path: '/api/risks', body: (ids) => ({ accountId: ids.account, type: 'champion_leaving', severity: 'high', evidence: 'Hana is moving on' }), expect: ACCOUNT_WRITE },
  'PATCH /api/risks/:id': { path: '/api/risks/{risk}', body: { severity: 'medium' }, expect: ACCOUNT_WRITE },
  'POST /api/risks/:id/close': { path: '/api/risks/{freshRisk}/close', fresh: 'risk', body: { resolution: 'a new champion' }, expect: ACCOUNT_WRITE },
  // Handoffs (issue #19): giving accounts follows canAssignOwner (an admin, the team's manager, a CSM taking one for themself);
  // the handoff's former owner still reads it, only the new owner and whoever may edit the account edit or review it.
  'POST /api/handoffs': {
    path: '/api/handoffs',
    fresh: 'account',
    body: (ids) => ({ accountIds: [ids.freshAccount], toUserId: ids.csmTeamId, reason: 'rebalance' }),
    expect: out(ACCOUNT_WRITE, { csmOwner: 403, csmOutside: 403, otherManager: 403 }),
  },
  'GET /api/handoffs': { path: '/api/handoffs', expect: SIGNED_IN },
  'GET /api/handoffs/:id': { path: '/api/handoffs/{freshHandoff}', fresh: 'handoff', expect: ACCOUNT_READ },
  'PATCH /api/handoffs/:id': { path: '/api/handoffs/{freshHandoff}', fresh: 'handoff', body: { note: 'Call Hank first' }, expect: out(ACCOUNT_WRITE, { csmOwner: 403 }) },
  'POST /api/handoffs/:id/review': { path: '/api/handoffs/{freshHandoff}/review', fresh: 'handoff', expect: out(ACCOUNT_WRITE, { csmOwner: 403 }) },
  // The fresh account has no contact with an address: the allowed callers get past authorisation to a 400 naming contacts.
  'POST /api/handoffs/:id/intro/preview': { path: '/api/handoffs/{freshHandoff}/intro/preview', fresh: 'handoff', expect: out(ACCOUNT_WRITE, { csmOwner: 403 }), alsoOk: [400] },
  'POST /api/handoffs/:id/intro/send': { path: '/api/handoffs/{freshHandoff}/intro/send', fresh: 'handoff', body: { confirm: true }, expect: out(ACCOUNT_WRITE, { csmOwner: 403 }), alsoOk: [400] },
  // Each user's own digest settings (issue #19 item 8).
  'GET /api/digest-settings': { path: '/api/digest-settings', expect: SIGNED_IN },
  'PATCH /api/digest-settings': { path: '/api/digest-settings', body: { localTime: '07:30' }, expect: SIGNED_IN },
  // Where an account's internal updates go (issue #19 item 6).
  'GET /api/accounts/:id/internal-updates': { path: '/api/accounts/{account}/internal-updates', expect: ACCOUNT_READ },
  'PUT /api/accounts/:id/internal-updates': { path: '/api/accounts/{account}/internal-updates', body: { channel: 'off' }, expect: ACCOUNT_WRITE },
  'GET /api/accounts/:id/sales-context': { path: '/api/accounts/{account}/sales-context', expect: ACCOUNT_READ },
  'PUT /api/accounts/:id/sales-context': { path: '/api/accounts/{account}/sales-context', body: { purchaseReasons: 'Replace Jenkins' }, expect: ACCOUNT_WRITE },
  'GET /api/settings/scorecards': { path: '/api/settings/scorecards', expect: SIGNED_IN },
  'PUT /api/settings/scorecards': { path: '/api/settings/scorecards', body: (ids) => [JSON.parse(ids.scorecard!)], expect: RUNS_THE_TEAM },
  'GET /api/accounts/:id/health': { path: '/api/accounts/{account}/health', expect: ACCOUNT_READ },
  'POST /api/accounts/:id/health/recompute': { path: '/api/accounts/{account}/health/recompute', expect: ACCOUNT_WRITE },
  'POST /api/accounts/:id/health/override': { path: '/api/accounts/{account}/health/override', body: { colour: 'yellow', reason: 'exec sponsor left', expiresAt: '2026-12-20T00:00:00Z' }, expect: ACCOUNT_WRITE },
  'DELETE /api/accounts/:id/health/override': { path: '/api/accounts/{freshAccount}/health/override', fresh: 'healthOverride', expect: ACCOUNT_WRITE },

  // Success plans
  'GET /api/accounts/:id/objectives': { path: '/api/accounts/{account}/objectives', expect: ACCOUNT_READ },
  'POST /api/accounts/:id/objectives': { path: '/api/accounts/{account}/objectives', body: { title: 'Roll out runners' }, expect: ACCOUNT_WRITE },
  'POST /api/accounts/:id/objectives/template': { path: '/api/accounts/{freshAccount}/objectives/template', fresh: 'account', body: {}, expect: ACCOUNT_WRITE },
  'PATCH /api/accounts/:id/objectives/:objectiveId': { path: '/api/accounts/{account}/objectives/{objective}', body: { progress: 40 }, expect: ACCOUNT_WRITE },
  'DELETE /api/accounts/:id/objectives/:objectiveId': { path: '/api/accounts/{account}/objectives/{freshObjective}', fresh: 'objective', expect: ACCOUNT_WRITE },

  // Reviews (the MBR of the owner, the QBR of the team's AE, the CBR of the account) and figures
  'GET /api/reviews/mbr': { path: '/api/reviews/mbr?csm={csmOwnerId}&month=2026-11', expect: out(SIGNED_IN, { csmTeam: 403, csmOutside: 403, otherManager: 403 }) },
  // Anyone may ask for an AE's QBR; it holds only the accounts the asker may see.
  'GET /api/reviews/qbr': { path: '/api/reviews/qbr?ae={csmTeamId}&quarter=2026-10', expect: SIGNED_IN },
  'GET /api/reviews/cbr': { path: '/api/reviews/cbr?accountId={account}', expect: ACCOUNT_READ },
  'GET /api/accounts/:id/expansion': { path: '/api/accounts/{account}/expansion', expect: ACCOUNT_READ },
  'PUT /api/accounts/:id/expansion': { path: '/api/accounts/{account}/expansion', body: { note: 'second region', amount: 20000 }, expect: ACCOUNT_WRITE },
  'GET /api/dashboards/team': { path: '/api/dashboards/team', expect: SIGNED_IN },
  'GET /api/dashboards/team/drill': { path: '/api/dashboards/team/drill?figure=cadenceAdherence', expect: SIGNED_IN },
  'GET /api/forecast': { path: '/api/forecast', expect: SIGNED_IN },
  // The outbox names every recipient: admins only. The retry of an id that is no dead letter is a 404 past authorisation.
  'GET /api/settings/outbox': { path: '/api/settings/outbox', expect: ADMIN_ONLY },
  'POST /api/settings/outbox/:id/retry': { path: '/api/settings/outbox/00000000-0000-4000-8000-000000000000/retry', alsoOk: [404], expect: ADMIN_ONLY },
  'GET /api/settings/fiscal-year': { path: '/api/settings/fiscal-year', expect: SIGNED_IN },
  'PUT /api/settings/fiscal-year': { path: '/api/settings/fiscal-year', body: { startMonth: 2 }, expect: ADMIN_ONLY },

  // Shadowing: a pairing of team A (the CSM on the team learns from the owner).
  'GET /api/shadowing': { path: '/api/shadowing', expect: SIGNED_IN },
  'POST /api/shadowing': {
    path: '/api/shadowing',
    body: (ids) => ({ newCsmId: ids.csmTeamId, seniorCsmId: ids.csmOwnerId, startsOn: '2026-12-01', endsOn: '2026-12-31' }),
    expect: out(RUNS_THE_TEAM, { otherManager: 403 }),
    alsoOk: [409],
  },
  'GET /api/shadowing/:id': { path: '/api/shadowing/{pairing}', expect: out(ACCOUNT_READ) },
  'POST /api/shadowing/:id/sessions': { path: '/api/shadowing/{pairing}/sessions', body: (ids) => ({ activity: 'cadence_call', meetingId: ids.meeting }), expect: ACCOUNT_WRITE },
  'PUT /api/shadowing/:id/sessions/:sessionId/notes': { path: '/api/shadowing/{pairing}/sessions/{shadowSession}/notes', body: { side: 'senior', actionItems: ['ask about runners'] }, expect: out(ACCOUNT_WRITE, { csmTeam: 403 }) },
  'GET /api/shadowing/:id/sessions/:sessionId/debrief': { path: '/api/shadowing/{pairing}/sessions/{shadowSession}/debrief', expect: ACCOUNT_READ },

  // Integrations: managers and admins; the meeting-bound ones by the account's team.
  'GET /api/integrations': { path: '/api/integrations', expect: RUNS_THE_TEAM },
  'POST /api/integrations': { path: '/api/integrations', body: (ids) => ({ name: `zendesk-${ids.seq}`, kind: 'zendesk', settings: JSON.parse(ids.zendeskSettings!) }), expect: RUNS_THE_TEAM },
  'GET /api/integrations/:id': { path: '/api/integrations/support', expect: RUNS_THE_TEAM },
  'PATCH /api/integrations/:id': { path: '/api/integrations/support', body: { enabled: true }, expect: RUNS_THE_TEAM },
  'DELETE /api/integrations/:id': { path: '/api/integrations/{freshIntegration}', fresh: 'integration', expect: RUNS_THE_TEAM },
  'POST /api/integrations/:id/test': { path: '/api/integrations/support/test', expect: RUNS_THE_TEAM, alsoOk: [502] },
  'POST /api/integrations/:id/sync': { path: '/api/integrations/support/sync', body: {}, expect: RUNS_THE_TEAM, alsoOk: [409, 502] },
  // Accounts from the CRM: the mapping and the pull are the team's settings, like the integration itself.
  'GET /api/crm/status': { path: '/api/crm/status', expect: RUNS_THE_TEAM },
  'GET /api/integrations/:id/crm-mapping': { path: '/api/integrations/crm-source/crm-mapping', expect: RUNS_THE_TEAM },
  'PUT /api/integrations/:id/crm-mapping': { path: '/api/integrations/crm-source/crm-mapping', body: { fields: { renewal_date: 'renewal_date' }, scheduled: false }, expect: RUNS_THE_TEAM },
  'POST /api/integrations/:id/crm-pull': { path: '/api/integrations/crm-source/crm-pull', body: { dryRun: true }, expect: RUNS_THE_TEAM },
  'GET /api/accounts/:id/crm-sync': { path: '/api/accounts/{account}/crm-sync', expect: ACCOUNT_READ },
  'POST /api/meetings/:id/slack': { path: '/api/meetings/{meeting}/slack', body: { integration: 'support', internal: true }, expect: ACCOUNT_WRITE, alsoOk: [400, 502] },

  // Findings: a signed webhook or a token; unsigned and tokenless is refused.
  'POST /api/findings': {
    path: '/api/findings',
    body: (ids) => ({ deliveryId: `d-${ids.seq}`, accountId: ids.account, kind: 'usage', title: 'Runner minutes doubled', foundAt: '2026-11-19T10:00:00Z' }),
    // Out of scope reads as a missing account in the body's field (400 naming accountId), never its name.
    expect: out(ACCOUNT_WRITE, { unauthenticated: 401, csmOutside: 400, otherManager: 400 }),
  },

  // The web app's pages (the SPA answers every other path; the API checks who sees what).
  'GET /*': { path: '/accounts/{account}', expect: PUBLIC },
  // Each file of the built web app is a route of its own (present once `npm run build` ran); the path is the file's.
  [WEB_FILE]: { path: '', expect: PUBLIC },
};
