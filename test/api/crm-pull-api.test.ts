import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '../../src/integrations/testing/local-server.ts';
import { pullCrm } from '../../src/services/crm-pull/crm-pull.ts';
import { pullDueCrms } from '../../src/services/crm-pull/scheduled-pull.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { findAccountIdsByCrmIds } from '../../src/store/crm-pull.repo.ts';
import { saveAccountDomainsBatch } from '../../src/store/import-batch.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// The vendors answer with the shapes of their published references:
// HubSpot https://developers.hubspot.com/docs/api/crm/search (POST /crm/v3/objects/companies/search: filterGroups with
// hs_lastmodifieddate GT in ms, sorts, properties, after; answers results[] { id, properties } and paging.next.after),
// https://developers.hubspot.com/docs/api/crm/companies (company properties), https://developers.hubspot.com/docs/api/crm/owners
// (GET /crm/v3/owners: results[] { id, email, type }), https://developers.hubspot.com/docs/api/error-handling (401, 429 bodies).
// Salesforce https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm (GET …/query?q=SOQL:
// totalSize, done, nextRecordsUrl, records[] with attributes) and the SOQL reference (SystemModstamp > datetime literal).
const dialects = await availableDialects();
const fixture = (vendor: string, name: string) => JSON.parse(readFileSync(new URL(`../../src/integrations/${vendor}/fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

type Company = { id: string; properties: Record<string, string | null> };
type SearchBody = { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; properties: string[]; after?: string };

const hubspotCompanies = (): Company[] =>
  [...(fixture('hubspot', 'companies-search-page1.json').results as Company[]), ...(fixture('hubspot', 'companies-search-page2.json').results as Company[])].map((c) => ({ id: c.id, properties: { ...c.properties } }));

describe.each(dialects)('accounts pulled from the CRM on %s', (dialect) => {
  let server: TestServer;
  let vendor: LocalServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let sam: Awaited<ReturnType<typeof makeUser>>;
  let maria: Awaited<ReturnType<typeof makeUser>>;
  const companies: Company[] = hubspotCompanies();
  let owners = (fixture('hubspot', 'owners.json').results as unknown[]).slice();
  let hubspotAnswer: ((req: RecordedRequest) => Reply | undefined) | undefined;
  const searches: SearchBody[] = [];
  let sfRecords: Record<string, unknown>[] = [];
  const soql: string[] = [];

  function search(req: RecordedRequest): Reply {
    const body = JSON.parse(req.body) as SearchBody;
    searches.push(body);
    const gt = body.filterGroups[0]?.filters.find((f) => f.propertyName === 'hs_lastmodifieddate' && f.operator === 'GT');
    const matching = companies
      .filter((c) => !gt || Date.parse(c.properties.hs_lastmodifieddate ?? '') > Number(gt.value))
      .sort((a, b) => Date.parse(a.properties.hs_lastmodifieddate ?? '') - Date.parse(b.properties.hs_lastmodifieddate ?? ''));
    // Two a page, so every pull pages with `after`.
    const from = Number(body.after ?? 0);
    const results = matching.slice(from, from + 2).map((c) => ({ id: c.id, properties: Object.fromEntries(body.properties.map((p) => [p, c.properties[p] ?? null])), archived: false }));
    return { json: { total: matching.length, results, ...(from + 2 < matching.length ? { paging: { next: { after: String(from + 2), link: `?after=${from + 2}` } } } : {}) } };
  }

  beforeAll(async () => {
    vendor = await startLocalServer((req) => {
      if (req.path.startsWith('/crm/')) {
        const refused = hubspotAnswer?.(req);
        if (refused) return refused;
        if (req.path === '/crm/v3/owners') return { json: { results: owners } };
        if (req.path === '/crm/v3/objects/companies/search') return search(req);
      }
      if (req.path === '/services/data/v62.0/query') {
        const q = req.query.get('q') ?? '';
        soql.push(q);
        const since = /SystemModstamp > (\S+)/.exec(q)?.[1];
        const records = sfRecords.filter((r) => !since || Date.parse(String(r.SystemModstamp)) > Date.parse(since));
        return { json: { totalSize: records.length, done: records.length <= 2, ...(records.length > 2 ? { nextRecordsUrl: '/services/data/v62.0/query/01gD0000002HU6KIAW-2' } : {}), records: records.slice(0, 2) } };
      }
      if (req.path === '/services/data/v62.0/query/01gD0000002HU6KIAW-2') {
        const since = /SystemModstamp > (\S+)/.exec(soql.at(-1) ?? '')?.[1];
        const records = sfRecords.filter((r) => !since || Date.parse(String(r.SystemModstamp)) > Date.parse(since));
        return { json: { totalSize: records.length, done: true, records: records.slice(2) } };
      }
      return { status: 404, json: {} };
    });
    server = await startTestServer(dialect);
    admin = await server.userWithToken('admin');
    csm = await server.userWithToken('csm');
    sam = await makeUser(server.deps, 'csm', { email: 'sam.csm@cadence.demo' });
    maria = await makeUser(server.deps, 'manager', { email: 'maria.manager@cadence.demo' });
    const http = { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 };
    for (const body of [
      { name: 'hubspot', kind: 'hubspot', settings: { baseUrl: vendor.url, accessToken: 'pat-na1-s3cret', http } },
      { name: 'salesforce', kind: 'salesforce', settings: { instanceUrl: vendor.url, accessToken: '00D5e!sf-s3cret', http } },
    ]) {
      expect((await server.call('POST', '/api/integrations', { token: admin.token, body })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await server?.close();
    await vendor?.close();
  });

  const pull = async (integration: string, body: Record<string, unknown> = {}) => {
    const res = await server.call('POST', `/api/integrations/${integration}/crm-pull`, { token: admin.token, body });
    expect(res.status).toBe(200);
    return res.body.pulls[0];
  };
  const accountOf = async (crmId: string) => {
    const { byCrmId } = await findAccountIdsByCrmIds(server.deps.store.db, [crmId]);
    const id = byCrmId.get(crmId);
    return id ? (await server.call('GET', `/api/accounts/${id}`, { token: admin.token })).body : undefined;
  };
  const status = async (integration: string) => (await server.call('GET', '/api/crm/status', { token: admin.token })).body.connections.find((c: { integration: string }) => c.integration === integration);

  it('the mapping starts as the vendor standard fields; a custom property mapped to a field that is not one is refused naming it', async () => {
    const start = await server.call('GET', '/api/integrations/hubspot/crm-mapping', { token: admin.token });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ saved: false, vendor: 'hubspot', effectiveFields: { name: 'name', annualrevenue: 'arr', hubspot_owner_id: 'owner' } });
    const bad = await server.call('PUT', '/api/integrations/hubspot/crm-mapping', { token: admin.token, body: { fields: { renewal_date: 'renewal_day' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'fields' });
    expect(bad.body.error.message).toContain("'renewal_day', which is not a field of accounts");
    const notAField = await server.call('PUT', '/api/integrations/hubspot/crm-mapping', { token: admin.token, body: { fields: { "name FROM x WHERE 'a'": 'name' } } });
    expect(notAField.status).toBe(400);
    expect(notAField.body.error.message).toContain('is not a CRM field name');
    const asCsm = await server.call('PUT', '/api/integrations/hubspot/crm-mapping', { token: csm.token, body: { fields: {} } });
    expect(asCsm.status).toBe(403);
  });

  it('a first HubSpot pull creates the accounts with their names, owners, ARR, renewal and segment, and links an account it finds by domain', async () => {
    const existing = await makeAccount(server.deps, { name: 'Initech (from the old spreadsheet)', segment: 'scale', stage: 'adoption' });
    await saveAccountDomainsBatch(server.deps.store.db, [{ accountId: existing.id, domain: 'initech.example' }]);
    const saved = await server.call('PUT', '/api/integrations/hubspot/crm-mapping', { token: admin.token, body: { fields: { renewal_date: 'renewal_date', cs_segment: 'segment' } } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: true, mapping: { conflicts: {}, everyMinutes: 60 } });

    const report = await pull('hubspot');
    expect(report).toMatchObject({ status: 'ok', error: null, since: null, created: 2, updated: 1, skipped: [], watermark: '2026-12-02T16:45:00.000Z' });
    expect(searches[0]?.filterGroups).toEqual([]);
    expect(searches[0]?.properties).toEqual(expect.arrayContaining(['name', 'domain', 'hubspot_owner_id', 'annualrevenue', 'lifecyclestage', 'renewal_date', 'cs_segment']));
    expect(searches[1]?.after).toBe('2');

    expect(await accountOf('9001')).toMatchObject({ name: 'Globex', ownerId: sam.user.id, arr: 120000, renewalDate: '2027-03-31', segment: 'enterprise', stage: 'adoption', crmId: '9001', externalId: '9001' });
    expect(await accountOf('9002')).toMatchObject({ name: 'Café Müller', ownerId: null, arr: null, renewalDate: null, stage: 'onboarding' });
    // Found by its domain: the CRM's name and ARR win, Cadence's segment stays (never pulled before: the rule decides).
    const initech = await accountOf('9003');
    expect(initech).toMatchObject({ id: existing.id, name: 'Initech', ownerId: maria.user.id, arr: 45000.5, renewalDate: '2027-01-15', segment: 'scale', crmId: '9003' });
    expect(report.kept).toEqual(expect.arrayContaining([expect.objectContaining({ crmId: '9003', field: 'segment', cadenceValue: 'scale', crmValue: 'commercial' })]));

    const shown = await status('hubspot');
    expect(shown).toMatchObject({ scheduled: true, watermark: '2026-12-02T16:45:00.000Z', lastPull: { status: 'ok', created: 2, updated: 1, skipped: 0, error: null } });
    const listed = (await server.call('GET', '/api/integrations', { token: admin.token })).body.items.find((i: { name: string }) => i.name === 'hubspot');
    expect(listed.lastRun).toMatchObject({ status: 'ok', created: 2, updated: 1 });
  });

  it('the next pull asks only for companies changed after the watermark, and an unchanged CRM changes nothing', async () => {
    searches.length = 0;
    const report = await pull('hubspot');
    expect(searches[0]?.filterGroups).toEqual([{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(Date.parse('2026-12-02T16:45:00.000Z')) }] }]);
    expect(report).toMatchObject({ status: 'ok', since: '2026-12-02T16:45:00.000Z', fetched: 0, created: 0, updated: 0 });
  });

  it('a field edited in Cadence and in the CRM is resolved by its rule, and the outcome is counted in words', async () => {
    const globex = await accountOf('9001');
    const edited = await server.call('PATCH', `/api/accounts/${globex.id}`, { token: admin.token, body: { name: 'Globex Inc', renewalDate: '2027-06-30', stage: 'at_risk' } });
    expect(edited.status).toBe(200);
    await server.call('PUT', '/api/integrations/hubspot/crm-mapping', { token: admin.token, body: { fields: { renewal_date: 'renewal_date', cs_segment: 'segment' }, conflicts: { renewalDate: 'cadence_wins' } } });
    const company = companies.find((c) => c.id === '9001');
    Object.assign(company?.properties ?? {}, { name: 'Globex Corporation', renewal_date: '2027-04-30', lifecyclestage: 'subscriber', annualrevenue: '130000', hs_lastmodifieddate: '2026-12-03T09:00:00.000Z' });

    const report = await pull('hubspot');
    expect(report).toMatchObject({ status: 'ok', updated: 1, conflicts: { crmWon: 1, cadenceKept: 2 } });
    expect(report.summary).toContain("2 kept Cadence's value: renewal date, stage edited in Cadence");
    // Name: changed in both, the CRM wins; ARR: only the CRM changed it; renewal and stage: Cadence's edits stay.
    expect(await accountOf('9001')).toMatchObject({ name: 'Globex Corporation', arr: 130000, renewalDate: '2027-06-30', stage: 'at_risk' });
    expect(report.kept.map((k: { field: string }) => k.field).sort()).toEqual(['renewalDate', 'stage']);
    const timeline = (await server.call('GET', `/api/accounts/${globex.id}/timeline`, { token: admin.token })).body;
    expect(JSON.stringify(timeline)).toContain('hubspot:');

    // The CRM changing its own value again later is taken: the Cadence edit was only kept against the value it was edited over.
    Object.assign(company?.properties ?? {}, { annualrevenue: '140000', hs_lastmodifieddate: '2026-12-03T10:00:00.000Z' });
    const again = await pull('hubspot');
    expect(again).toMatchObject({ updated: 1, conflicts: { cadenceKept: 0 } });
    expect(await accountOf('9001')).toMatchObject({ arr: 140000, renewalDate: '2027-06-30', stage: 'at_risk' });
  });

  it('bad records are skipped with their reason and record id; the good ones of the page are written', async () => {
    owners = [...owners, { id: '81', email: 'nobody@elsewhere.example', type: 'PERSON' }];
    const at = (m: number) => `2026-12-03T11:0${m}:00.000Z`;
    companies.push(
      { id: '9004', properties: { name: '', domain: 'nameless.example', hubspot_owner_id: null, annualrevenue: '1', lifecyclestage: 'customer', hs_lastmodifieddate: at(1) } },
      { id: '9005', properties: { name: 'Umbrella', domain: 'umbrella.example', hubspot_owner_id: '77', annualrevenue: 'lots', lifecyclestage: 'customer', hs_lastmodifieddate: at(2) } },
      { id: '9006', properties: { name: 'Hooli', domain: 'hooli.example', hubspot_owner_id: '81', annualrevenue: '5000', lifecyclestage: 'customer', hs_lastmodifieddate: at(3) } },
      { id: '9007', properties: { name: 'Stark Industries', domain: 'stark.example', hubspot_owner_id: '77', annualrevenue: '9000', lifecyclestage: 'customer', hs_lastmodifieddate: at(4) } },
    );
    const report = await pull('hubspot');
    expect(report).toMatchObject({ status: 'ok', created: 1 });
    const why = Object.fromEntries(report.skipped.map((s: { crmId: string; reason: string }) => [s.crmId, s.reason]));
    expect(why['9004']).toContain('has no name');
    expect(why['9005']).toContain("annualrevenue 'lots' is not a number");
    expect(why['9006']).toContain('nobody@elsewhere.example is not a Cadence user');
    expect(await accountOf('9005')).toBeUndefined();
    expect(await accountOf('9007')).toMatchObject({ name: 'Stark Industries', ownerId: sam.user.id, arr: 9000 });
    expect(report.summary).toContain('3 skipped');
    expect((await status('hubspot')).lastPull.report.skipped).toHaveLength(3);
  });

  it('a dry run plans the pull and writes nothing: no account, the watermark stays', async () => {
    companies.push({ id: '9008', properties: { name: 'Wayne Enterprises', domain: 'wayne.example', hubspot_owner_id: '78', annualrevenue: '700000', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-03T12:00:00.000Z' } });
    const before = (await status('hubspot')).watermark;
    const report = await pull('hubspot', { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, status: 'ok', created: 1 });
    expect(report.summary).toMatch(/^Dry run: would have 1 created/);
    expect(await accountOf('9008')).toBeUndefined();
    expect((await status('hubspot')).watermark).toBe(before);
  });

  it('a 401 or a 429 from HubSpot is an error in words, nothing is written and the watermark does not advance', async () => {
    const before = (await status('hubspot')).watermark;
    hubspotAnswer = () => ({ status: 401, json: fixture('hubspot', 'error-401-expired.json') });
    const refused = await pull('hubspot');
    expect(refused).toMatchObject({ status: 'failed', created: 0 });
    expect(refused.error).toContain('HubSpot refused the credentials');
    expect(refused.error).toContain('expired');
    expect(refused.error).not.toContain('pat-na1-s3cret');
    expect(await accountOf('9008')).toBeUndefined();
    expect((await status('hubspot')).lastPull).toMatchObject({ status: 'failed', error: refused.error });

    hubspotAnswer = (req) => (req.path.endsWith('/search') ? { status: 429, headers: { 'retry-after': '0' }, json: { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' } } : undefined);
    const limited = await pull('hubspot');
    expect(limited.status).toBe('failed');
    expect(limited.error).toContain('rate limiting');
    expect((await status('hubspot')).watermark).toBe(before);
    hubspotAnswer = undefined;

    // Once HubSpot answers again, the next pull catches up from the same watermark.
    expect(await pull('hubspot')).toMatchObject({ status: 'ok', created: 1, since: before });
    expect(await accountOf('9008')).toMatchObject({ name: 'Wayne Enterprises', ownerId: maria.user.id });
  });

  it('a failure on the second page keeps the first page whole, with the watermark after it, and the next pull resumes there', async () => {
    const at = (m: number) => `2026-12-03T13:0${m}:00.000Z`;
    companies.push(
      { id: '9011', properties: { name: 'Acme Widgets', domain: 'acme-widgets.example', hubspot_owner_id: '77', annualrevenue: '100', lifecyclestage: 'customer', hs_lastmodifieddate: at(1) } },
      { id: '9012', properties: { name: 'Bluth Company', domain: 'bluth.example', hubspot_owner_id: '77', annualrevenue: '200', lifecyclestage: 'customer', hs_lastmodifieddate: at(2) } },
      { id: '9013', properties: { name: 'Dunder Mifflin', domain: 'dunder.example', hubspot_owner_id: '78', annualrevenue: '300', lifecyclestage: 'customer', hs_lastmodifieddate: at(3) } },
    );
    hubspotAnswer = (req) =>
      req.path.endsWith('/search') && (JSON.parse(req.body) as SearchBody).after === '2'
        ? { status: 429, headers: { 'retry-after': '0' }, json: { status: 'error', message: 'You have reached your secondly limit.', category: 'RATE_LIMITS' } }
        : undefined;
    const broken = await pull('hubspot');
    hubspotAnswer = undefined;
    expect(broken).toMatchObject({ status: 'failed', created: 2, pages: 1, watermark: at(2) });
    expect(await accountOf('9012')).toMatchObject({ name: 'Bluth Company', arr: 200 });
    expect(await accountOf('9013')).toBeUndefined();
    expect((await status('hubspot')).watermark).toBe(at(2));
    expect(await pull('hubspot')).toMatchObject({ status: 'ok', since: at(2), created: 1 });
    expect(await accountOf('9013')).toMatchObject({ name: 'Dunder Mifflin' });
  });

  it('pulls started at the same moment never create an account twice', async () => {
    companies.push(
      { id: '9014', properties: { name: 'Pied Piper', domain: 'piedpiper.example', hubspot_owner_id: '77', annualrevenue: '10', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-03T13:10:00.000Z' } },
      { id: '9015', properties: { name: 'Aviato', domain: 'aviato.example', hubspot_owner_id: '77', annualrevenue: '20', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-03T13:11:00.000Z' } },
    );
    const answers = await Promise.all([1, 2, 3].map(() => server.call('POST', '/api/integrations/hubspot/crm-pull', { token: admin.token, body: {} })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const rows = await server.deps.store.db.selectFrom('accounts').select('crm_id').where('crm_id', 'in', ['9014', '9015']).execute();
    expect(rows.map((r) => r.crm_id).sort()).toEqual(['9014', '9015']);
    expect(answers.reduce((n, a) => n + (a.body.pulls[0].created as number), 0)).toBe(2);
  });

  it('Salesforce Accounts are pulled with the owner by Owner.Email, paged by nextRecordsUrl, then only since SystemModstamp', async () => {
    sfRecords = [...(fixture('salesforce', 'accounts-query-page1.json').records as Record<string, unknown>[]), ...(fixture('salesforce', 'accounts-query-page2.json').records as Record<string, unknown>[])].map((r) => ({
      ...r,
      Name: r.Name === 'Globex' ? 'Globex SF' : r.Name,
      Website: r.Name === 'Globex' ? 'https://www.globex-sf.example' : r.Name === 'Initech' ? 'initech-sf.example' : r.Website,
    }));
    const saved = await server.call('PUT', '/api/integrations/salesforce/crm-mapping', { token: admin.token, body: { fields: { Renewal_Date__c: 'renewal_date', CS_Segment__c: 'segment' } } });
    expect(saved.status).toBe(200);
    const report = await pull('salesforce');
    expect(report).toMatchObject({ status: 'ok', created: 3, skipped: [], watermark: '2026-12-02T16:45:00.000Z' });
    expect(soql[0]).toBe('SELECT Id, Name, Website, OwnerId, Owner.Email, AnnualRevenue, Type, SystemModstamp, Renewal_Date__c, CS_Segment__c FROM Account ORDER BY SystemModstamp ASC');
    expect(await accountOf('001D000000IqhSLIAZ')).toMatchObject({ name: 'Globex SF', ownerId: sam.user.id, arr: 120000, renewalDate: '2027-03-31', segment: 'enterprise', stage: 'adoption' });
    expect(await accountOf('001D000000IqhSMIAZ')).toMatchObject({ name: 'Café Müller', stage: 'onboarding' });
    expect(await accountOf('001D000000IqhSNIAZ')).toMatchObject({ arr: 45000.5, ownerId: maria.user.id, segment: 'commercial' });

    await pull('salesforce');
    expect(soql.at(-1)).toContain('WHERE SystemModstamp > 2026-12-02T16:45:00Z');
  });

  it("past HubSpot's 10,000 results a search, the pull asks again from the last change read instead of paging on", async () => {
    const calls: [string | null, string | undefined][] = [];
    const record = (id: string, modifiedAt: string) => ({ crmId: id, modifiedAt, fields: { name: `Deep ${id}`, domain: '', hubspot_owner_id: '', annualrevenue: '', lifecyclestage: 'customer', hs_lastmodifieddate: modifiedAt } });
    const puller = {
      name: 'hubspot' as const,
      owners: async () => [],
      page: async (since: string | null, cursor: string | undefined) => {
        calls.push([since, cursor]);
        return calls.length === 1 ? { records: [record('9101', '2026-12-04T00:00:00.000Z')], next: '9900' } : { records: [record('9102', '2026-12-04T00:05:00.000Z')] };
      },
    };
    const { pulls } = await pullCrm(server.deps, LOCAL_OPERATOR, { integration: 'hubspot', full: true, pullerFor: () => puller });
    expect(pulls[0], JSON.stringify(pulls[0])).toMatchObject({ status: 'ok', created: 2 });
    expect(calls).toEqual([
      [null, undefined],
      ['2026-12-03T23:59:59.999Z', undefined],
    ]);
  });

  it('the scheduled pull runs a connection once its interval is over, and not before', async () => {
    companies.push({ id: '9009', properties: { name: 'Soylent', domain: 'soylent.example', hubspot_owner_id: '77', annualrevenue: '1000', lifecyclestage: 'customer', hs_lastmodifieddate: '2026-12-05T00:00:00.000Z' } });
    expect(await pullDueCrms(server.deps)).toEqual([]);
    server.deps.setNow(new Date(server.deps.now().getTime() + 61 * 60_000));
    const pulled = await pullDueCrms(server.deps);
    expect(pulled.map((p) => [p.integration, p.status])).toEqual(
      expect.arrayContaining([
        ['hubspot', 'ok'],
        ['salesforce', 'ok'],
      ]),
    );
    expect(await accountOf('9009')).toMatchObject({ name: 'Soylent' });
  });
});
