/**
 * The canary: a distinct marker goes into every internal field the data model has (call notes,
 * item notes, prep notes, internal agenda items, risk evidence and ARR at risk, the health
 * explanation and override reason, the timeline, the cadence override's reason, the internal call
 * summary, success-plan internal notes and hidden objectives, the account's ARR). Then every
 * customer-facing output is produced for real: the raw SMTP messages (agenda, follow-up, cancel, moved),
 * their ICS attachments, the share page (JSON, and its HTML as Chromium renders it), the shared
 * success plan, the calendar feed, the CBR pack and the release announcements. No marker may
 * appear in any of them, decoded (mailparser) or raw.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { browserAvailable, ensureWebBuilt, launchBrowser } from '../helpers/browser.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const withBrowser = browserAvailable();

/** Internal field → its marker. Each is unique, so a leak names the field it came from. */
const MARKERS = {
  'call notes': 'CANARY-CALL-NOTES-q1',
  'agenda item notes': 'CANARY-ITEM-NOTES-w2',
  'prep note': 'CANARY-PREP-NOTE-e3',
  'internal agenda item': 'CANARY-INTERNAL-ITEM-r4',
  'risk evidence': 'CANARY-RISK-EVIDENCE-t5',
  'risk captured at wrap-up': 'CANARY-WRAPUP-RISK-y6',
  'health explanation': 'CANARY-HEALTH-EXPLANATION-u7',
  'health override reason': 'CANARY-HEALTH-OVERRIDE-i8',
  'timeline summary': 'CANARY-TIMELINE-SUMMARY-o9',
  'timeline detail': 'CANARY-TIMELINE-DETAIL-p0',
  'cadence override reason (playbook)': 'CANARY-CADENCE-REASON-a1',
  'internal call summary': 'CANARY-CALL-SUMMARY-s2',
  'success-plan internal notes': 'CANARY-OBJECTIVE-NOTES-d3',
  'hidden objective': 'CANARY-HIDDEN-OBJECTIVE-f4',
  ARR: '7654321',
  'ARR (formatted)': '7,654,321',
  'ARR at risk': '3456789',
  'ARR at risk (formatted)': '3,456,789',
  // The playbook's own internal lines, which once reached the agenda mail and the share page.
  'playbook reason (no findings)': 'either they are not using it or it is not working',
  'licence talking point': 'Licence use:',
  'licence hand-off to the AE': 'loop in the AE',
  'internal attachment name': 'CANARY-ATTACHMENT-NAME-g5',
  'use-case note (score by hand)': 'CANARY-USE-CASE-NOTE-h6',
} as const;

/** Which markers an output carries, as "output leaked field (marker)" lines. */
function leaks(outputs: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [output, text] of Object.entries(outputs)) {
    for (const [field, marker] of Object.entries(MARKERS)) if (text.includes(marker)) found.push(`${output} leaked the ${field} (${marker})`);
    // A marker we did not list: still internal, still a leak.
    for (const m of text.matchAll(/CANARY-[A-Z-]+-[a-z]\d/g)) if (!Object.values(MARKERS).includes(m[0] as never)) found.push(`${output} leaked ${m[0]}`);
  }
  return found;
}

/** Everything a mail carries: the raw source and each decoded part (text, HTML, attachments). */
function mailOutputs(label: string, mail: ReceivedMail): Record<string, string> {
  const out: Record<string, string> = {
    [`${label} (raw SMTP source)`]: mail.raw,
    [`${label} subject`]: mail.parsed.subject ?? '',
    [`${label} text part`]: mail.parsed.text ?? '',
    [`${label} HTML part`]: String(mail.parsed.html || ''),
  };
  mail.parsed.attachments.forEach((a, i) => {
    out[`${label} attachment ${a.filename ?? i} (${a.contentType})`] = a.content.toString('utf8');
  });
  return out;
}

describe.each(dialects)('nothing internal leaves the building on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser | undefined;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    if (withBrowser) ensureWebBuilt();
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme', crmBcc: 'log@crm.example' });
    csm = await server.userWithToken('csm');
    if (withBrowser) browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('no customer-facing output carries any internal field', async () => {
    const call = (method: string, path: string, body?: unknown) => server.call(method, path, { token: csm.token, ...(body === undefined ? {} : { body }) });
    const ok = async (method: string, path: string, body?: unknown) => {
      const res = await call(method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body;
    };

    // The account and its internal record, a marker in every internal field.
    const account = await makeAccount(server.deps, {
      name: 'Globex',
      ownerId: csm.user.id,
      timezone: 'America/New_York',
      arr: 7654321,
      renewalDate: '2027-02-01',
      contractStartDate: '2026-02-01',
      licencesBought: 500,
      licencesUsed: 490,
    });
    const champion = await makeContact(server.deps, account.id, { name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' });
    await ok('POST', '/api/risks', { accountId: account.id, type: 'champion_leaving', severity: 'high', arrAtRisk: 3456789, evidence: MARKERS['risk evidence'] });
    await ok('POST', `/api/accounts/${account.id}/health/override`, { colour: 'red', reason: MARKERS['health override reason'], expiresAt: '2027-01-01T00:00:00Z' });
    await ok('PUT', `/api/accounts/${account.id}/cadence-override`, { frequency: 'weekly', reason: MARKERS['cadence override reason (playbook)'] });
    await ok('POST', `/api/accounts/${account.id}/objectives`, { title: 'Roll out to every business unit', customerVisible: true, internalNotes: MARKERS['success-plan internal notes'] });
    await ok('POST', `/api/accounts/${account.id}/objectives`, { title: MARKERS['hidden objective'], customerVisible: false });
    const db = server.deps.store.db;
    await db.insertInto('health_scores').values({ id: server.deps.newId(), account_id: account.id, score: 41, colour: 'red', result: '{}', explanation: MARKERS['health explanation'], computed_at: '2026-11-19T00:00:00.000Z' }).execute();
    await db
      .insertInto('timeline_entries')
      .values({ id: server.deps.newId(), account_id: account.id, kind: 'note', summary: MARKERS['timeline summary'], detail: MARKERS['timeline detail'], actor_id: csm.user.id, occurred_at: '2026-11-19T12:00:00.000Z' })
      .execute();

    // A call held this morning (its follow-up), and the next one (its agenda, share page, invite).
    const held = await ok('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-11-20T14:00:00Z' });
    const next = await ok('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' });
    const spare = await ok('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-12-08T15:00:00Z' });
    const later = await ok('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-12-15T15:00:00Z' });

    // The held call: wrapped up with internal notes, a risk and an internal summary; its follow-up sent.
    server.deps.setNow('2026-11-20T15:00:00.000Z');
    await ok('POST', `/api/meetings/${held.id}/wrap-up`, {
      notes: { version: 0, notes: MARKERS['call notes'] },
      actionItems: [{ text: 'Share the rollout plan', side: 'customer', owner: { contactId: champion.id }, dueDate: '2026-12-04' }],
      risks: [{ type: 'budget', severity: 'medium', evidence: MARKERS['risk captured at wrap-up'] }],
      summary: MARKERS['internal call summary'],
      recap: ['We walked through the rollout plan'],
    });
    const followUpPreview = await ok('POST', `/api/meetings/${held.id}/follow-up/preview`);
    await ok('POST', `/api/meetings/${held.id}/follow-up/send`, { fingerprint: followUpPreview.fingerprint, sendWithUnaddressed: true });
    const followUpMail = smtp.received.at(-1)!;

    // A use case scored red with an internal note: the agenda suggests it, in the customer's words only.
    const curator = await server.userWithToken('admin');
    const useCases = await server.call('PUT', '/api/settings/use-cases', {
      token: curator.token,
      body: { templates: [{ product: 'Secure', name: 'SAST', customerWording: 'Find security bugs at merge time', enablementOffer: 'a guided SAST roll-out' }] },
    });
    await ok('PUT', `/api/accounts/${account.id}/use-cases/${useCases.body.templates[0].id}`, { score: 'red', note: MARKERS['use-case note (score by hand)'] });

    // Rebuilt after the held call, so the playbook's lines (no findings since the last call, licence use) are on it.
    const agenda = await ok('POST', `/api/meetings/${next.id}/agenda/refresh`);
    expect(JSON.stringify(agenda)).toContain(MARKERS['use-case note (score by hand)']);
    const teamCopy = JSON.stringify(agenda);
    for (const field of ['playbook reason (no findings)', 'licence talking point', 'licence hand-off to the AE'] as const) expect(teamCopy, `the team's agenda has the ${field}`).toContain(MARKERS[field]);
    const shared = agenda.items.find((i: { visibility: string; section: string }) => i.visibility === 'shared' && i.section !== 'internal_prep');
    await ok('POST', `/api/meetings/${next.id}/agenda/edits`, { op: 'add', text: MARKERS['internal agenda item'], section: 'customer_topics', internal: true });
    await ok('POST', `/api/meetings/${next.id}/agenda/edits`, { op: 'prep_note', itemId: shared.id, prepNote: MARKERS['prep note'] });
    await ok('PUT', `/api/meetings/${next.id}/notes`, { version: 0, notes: MARKERS['call notes'], itemNotes: { [shared.id]: MARKERS['agenda item notes'] } });

    // The agenda mail, previewed and then sent with the preview's fingerprint.
    const preview = await ok('POST', `/api/meetings/${next.id}/agenda/preview`);
    await ok('POST', `/api/meetings/${next.id}/agenda/send`, { fingerprint: preview.fingerprint });
    const agendaMail = smtp.received.at(-1)!;

    // A cancelled call: its cancel mail.
    await ok('POST', `/api/meetings/${spare.id}/cancel`, {});
    const cancelMail = smtp.received.at(-1)!;

    // A call moved a day on: its update mail.
    await ok('PATCH', `/api/meetings/${later.id}`, { startsAt: '2026-12-16T15:00:00Z', acknowledgeOutOfHours: true });
    const movedMail = smtp.received.at(-1)!;
    expect(new Set([agendaMail, followUpMail, cancelMail, movedMail]).size).toBe(4);

    // Advance materials: one internal (its name a marker), one for the customer.
    const attach = (name: string, forCustomer: boolean) =>
      fetch(`${server.url}/api/attachments?meetingId=${next.id}&forCustomer=${forCustomer}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${csm.token}`, 'content-type': 'text/plain', 'x-file-name': encodeURIComponent(name) },
        body: 'Advance material',
      });
    expect((await attach(`${MARKERS['internal attachment name']}.txt`, false)).status).toBe(201);
    expect((await attach('Rollout plan.txt', true)).status).toBe(201);

    // The share page and the shared success plan, by the customer's link.
    const link = await ok('POST', `/api/meetings/${next.id}/share-links`, {});
    const token = String(link.url).split('/share/')[1];
    const shareJson = await server.call('GET', `/api/share/${token}`);
    const planJson = await server.call('GET', `/api/share/${token}/success-plan`);
    expect([shareJson.status, planJson.status]).toEqual([200, 200]);
    expect(shareJson.body.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['Rollout plan.txt']);
    let shareHtml = '';
    if (browser) {
      const page = await browser.newPage();
      await page.goto(`${server.url}/share/${token}`);
      await page.getByText('Hana Tanaka').first().waitFor();
      shareHtml = await page.content();
      await page.close();
    }

    // The release announcement drafts for the shipped request.
    const requestId = server.deps.newId();
    await db
      .insertInto('feature_requests')
      .values({
        id: requestId,
        account_id: account.id,
        source: 'gitlab',
        external_id: 'GL-4242',
        title: 'Audit log streaming to S3',
        status: 'open',
        raw_status: 'opened',
        priority: null,
        url: 'https://gitlab.example/issues/4242',
        raised_in_meeting_id: null,
        dismissed_reason: null,
        opened_at: '2026-10-01T00:00:00.000Z',
        closed_at: null,
        created_at: '2026-10-01T00:00:00.000Z',
        updated_at: '2026-10-01T00:00:00.000Z',
        shipped_in: null,
        shipped_at: null,
      })
      .execute();
    const shipped = await ok('POST', `/api/feature-requests/${requestId}/shipped`, { release: '17.2' });

    // The CBR pack, the team's invite download and the CSM's calendar feed.
    const cbr = await ok('GET', `/api/reviews/cbr?accountId=${account.id}`);
    const invite = await call('GET', `/api/meetings/${next.id}/invite.ics`);
    const feed = await ok('POST', '/api/calendar-feed');
    const feedIcs = await fetch(String(feed.url).replace(server.deps.config.baseUrl, server.url)).then((r) => r.text());

    // Last (the account changes hands): the new owner's introduction mail after a handoff, previewed and sent (issue #19).
    const admin = await server.userWithToken('admin');
    const newOwner = await server.userWithToken('csm');
    const asAdmin = async (path: string, body?: unknown) => {
      const res = await server.call('POST', path, { token: admin.token, ...(body === undefined ? {} : { body }) });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body;
    };
    const handoff = (await asAdmin('/api/handoffs', { accountIds: [account.id], toUserId: newOwner.user.id, reason: MARKERS['timeline summary'], introMail: true })).handoffs[0];
    const introPreview = await asAdmin(`/api/handoffs/${handoff.id}/intro/preview`);
    await asAdmin(`/api/handoffs/${handoff.id}/intro/send`, { fingerprint: introPreview.fingerprint });
    const introMail = smtp.received.at(-1)!;

    const outputs: Record<string, string> = {
      ...mailOutputs('agenda mail', agendaMail),
      ...mailOutputs('follow-up mail', followUpMail),
      ...mailOutputs('cancel mail', cancelMail),
      ...mailOutputs('moved mail', movedMail),
      ...mailOutputs('handoff introduction mail', introMail),
      'handoff introduction preview (what the new owner confirms)': JSON.stringify(introPreview.messages),
      'agenda preview (what the CSM confirms)': JSON.stringify(preview.messages),
      'follow-up preview (what the CSM confirms)': JSON.stringify(followUpPreview.messages),
      'share page JSON': JSON.stringify(shareJson.body),
      'shared success plan JSON': JSON.stringify(planJson.body),
      ...(browser ? { 'share page HTML (Chromium)': shareHtml } : {}),
      'release announcement drafts': JSON.stringify(shipped.drafts),
      'CBR pack (JSON)': JSON.stringify(cbr.pack),
      'CBR pack (Markdown)': String(cbr.markdown),
      'CBR pack (HTML)': String(cbr.html),
      'invite download (.ics)': String(invite.body),
      'calendar feed (.ics)': feedIcs,
    };
    // The outputs are real: each says what it should, so an empty one cannot pass for a safe one.
    expect(outputs['agenda mail text part']).toContain('Hello Hana');
    expect(outputs['follow-up mail text part']).toContain('rollout plan');
    expect(outputs['cancel mail text part']).toContain('is cancelled');
    expect(outputs['moved mail text part']).toContain('has moved from');
    expect(outputs['handoff introduction mail text part']).toContain('Hello Hana,');
    expect(outputs['share page JSON']).toContain('Hana Tanaka');
    expect(outputs['shared success plan JSON']).toContain('Roll out to every business unit');
    expect(outputs['release announcement drafts']).toContain('Audit log streaming to S3');
    expect(outputs['CBR pack (Markdown)']).toContain('Roll out to every business unit');
    expect(outputs['calendar feed (.ics)']).toContain('BEGIN:VCALENDAR');
    expect(Object.keys(outputs).some((k) => k.startsWith('agenda mail attachment'))).toBe(true);
    if (browser) expect(shareHtml).toContain('Globex');

    expect(leaks(outputs)).toEqual([]);
  });
});
