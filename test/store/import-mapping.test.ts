/**
 * Issue #18: the book of business comes in from the files users have (HubSpot, Salesforce with its
 * footer, Excel in Windows-1252 with semicolons, Gainsight, Vitally, UTF-16), on every database.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserCreateSchema } from '../../src/domain/users.ts';
import { listAccounts } from '../../src/services/accounts/accounts.ts';
import { listContacts } from '../../src/services/accounts/contacts.ts';
import { createAccount } from '../../src/services/accounts/accounts.ts';
import { exportAccounts, importAccounts, importContacts } from '../../src/services/accounts/import-csv.ts';
import { previewImport } from '../../src/services/accounts/import-preview.ts';
import { LOCAL_OPERATOR, addUser } from '../../src/services/users/users.ts';
import { countAccounts } from '../../src/store/accounts.repo.ts';
import type { Account } from '../../src/domain/model.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';

const dialects = await availableDialects();
const fixture = (name: string): Buffer => readFileSync(path.join(import.meta.dirname, '../fixtures/import', name));

describe.each(dialects)('importing the files users have on %s', (dialect) => {
  let deps: TestDeps;
  let sam: string;
  let maria: string;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    const add = async (name: string, email: string, role: 'csm' | 'manager') => (await addUser(deps, LOCAL_OPERATOR, UserCreateSchema.parse({ name, email, role, password: 'correct horse battery', managerId: null }))).id;
    maria = await add('Maria Manager', 'maria@example.com', 'manager');
    sam = await add('Sam Carter', 'sam@example.com', 'csm');
  });
  afterAll(async () => deps.close());

  async function byName(name: string): Promise<Account> {
    const found = (await listAccounts(deps, LOCAL_OPERATOR, { q: name, limit: 5 })).items.find((a) => a.name === name);
    if (!found) throw new Error(`no account ${name}`);
    return found;
  }

  it('a HubSpot companies export lands with its owners (by name or email), ARR and lifecycle stages', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('hubspot-companies.csv'), { dryRun: false });
    expect(report).toMatchObject({ errors: [], created: 3, encoding: 'utf-8', delimiter: ',', mapping: { preset: 'hubspot' } });
    expect(await byName('Globex Corporation')).toMatchObject({ externalId: '9876543210', ownerId: sam, arr: 1070000, stage: 'adoption', segment: 'commercial' });
    expect(await byName('Initech')).toMatchObject({ ownerId: maria, arr: 250000.5, stage: 'steady' });
    expect(await byName('Stark Logistics, Inc.')).toMatchObject({ arr: null, stage: 'onboarding' });
    const again = await importAccounts(deps, LOCAL_OPERATOR, fixture('hubspot-companies.csv'), { dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: [] });
  });

  it('a Salesforce Accounts report lands, its footer skipped and said so', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('salesforce-accounts-report.csv'), { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ rows: 4, created: 4, mapping: { preset: 'salesforce' } });
    expect(report.skipped.map((s) => s.reason)).toEqual(['a blank line', 'a report footer (totals)', 'a blank line', 'a report footer (confidentiality notice)', 'a blank line', 'a report footer (copyright notice)']);
    expect(await byName('Umbrella Health')).toMatchObject({ externalId: '0015g00000AbCdE', ownerId: maria, arr: 1070000, stage: 'adoption', tags: ['billingcountry:united-states', 'industry:healthcare'] });
    expect(await byName('Hooli')).toMatchObject({ ownerId: sam, arr: 12500000 });
    expect(await byName('Wayne Analytics')).toMatchObject({ stage: 'onboarding', arr: null });
    expect(await byName('Oscorp "Labs"')).toMatchObject({ stage: 'churned', arr: 0 });
  });

  it('an Excel file saved with semicolons in Windows-1252 reads "Café Müller", euros and day-first dates', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('excel-semicolon-windows-1252.csv'), { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 3, encoding: 'windows-1252', delimiter: ';' });
    expect(await byName('Café Müller')).toMatchObject({ externalId: 'EU-1001', ownerId: sam, arr: 1070000, segment: 'enterprise', stage: 'onboarding', renewalDate: '2027-03-31' });
    expect(await byName('Bäckerei Größe')).toMatchObject({ ownerId: maria, arr: 45000, segment: 'scale', stage: 'adoption', renewalDate: '2026-10-01' });
    expect(await byName('Société Générale Démo')).toMatchObject({ ownerId: sam, segment: 'commercial', stage: 'at_risk' });
  });

  it('a Gainsight companies report lands with CSMs, ARR, stages and US dates', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('gainsight-companies.csv'), { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.mapping?.preset).toBe('gainsight');
    expect(await byName('Acme Rockets')).toMatchObject({ externalId: '1P02ZKHQ7Y1U4F9X1M', ownerId: sam, arr: 860000, stage: 'adoption', renewalDate: '2027-03-31', contractStartDate: '2024-04-01' });
    expect(await byName('Cyberdyne Systems')).toMatchObject({ ownerId: maria, arr: 2400000, stage: 'onboarding' });
    expect(await byName('Tyrell Corp')).toMatchObject({ stage: 'at_risk', tags: ['industry:biotech', 'status:active'] });
  });

  it("a Vitally accounts export lands: ARR is twelve times MRR, the segment from Vitally's segments", async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('vitally-accounts.csv'), { dryRun: false, preset: 'vitally' });
    expect(report.errors).toEqual([]);
    expect(await byName('Soylent Foods')).toMatchObject({ externalId: 'cus_NffrFeUfNV2Hib', ownerId: sam, arr: 102000, segment: 'enterprise', stage: 'adoption', renewalDate: '2027-02-28' });
    expect(await byName('Pied Piper')).toMatchObject({ ownerId: maria, arr: 11400, segment: 'scale', stage: 'onboarding' });
  });

  it('a UTF-16 file (Excel\'s "Unicode Text", tab-separated) lands with its accents and Japanese', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, fixture('excel-unicode-text-utf16.csv'), { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ created: 2, encoding: 'utf-16le', delimiter: '\t' });
    expect(await byName('Zürich Versicherung')).toMatchObject({ ownerId: sam, arr: 500000, stage: 'steady', renewalDate: '2027-06-30' });
    expect(await byName('日本ソフト株式会社')).toMatchObject({ ownerId: maria, stage: 'renewal' });
  });

  it('HubSpot contacts find their account by its name or by the domain of their email', async () => {
    const report = await importContacts(deps, LOCAL_OPERATOR, fixture('hubspot-contacts.csv'), { dryRun: false });
    expect(report.errors).toEqual([]);
    expect(report.created).toBe(2);
    const hana = (await listContacts(deps, LOCAL_OPERATOR, { q: 'hana' })).items[0];
    expect(hana).toMatchObject({ name: 'Hana Tanaka', email: 'hana@globex.example', title: 'VP Engineering', accountId: (await byName('Globex Corporation')).id });
    const omar = (await listContacts(deps, LOCAL_OPERATOR, { q: 'omar' })).items[0];
    expect(omar).toMatchObject({ accountId: (await byName('Initech')).id });
  });

  it('a saved mapping is reused: columns renamed by hand, values mapped, defaults for new accounts', async () => {
    const csv = 'Kundennummer,Firma,Umsatz,Phase,Betreuer\nDE-1,Hofbräu Brauerei,"1.234.567,89 €",Pilot,Sam C.\n';
    const mapping = {
      kind: 'accounts' as const,
      columns: { Kundennummer: 'external_id', Firma: 'name', Umsatz: 'arr', Phase: 'stage', Betreuer: 'owner' },
      values: { stage: { Pilot: 'onboarding' as const }, owner: { 'Sam C.': 'sam@example.com' } },
      defaults: { segment: 'enterprise' as const, timezone: 'Europe/Berlin' },
      dateOrder: 'dmy' as const,
      strict: false,
    };
    const report = await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: false, mapping });
    expect(report.errors).toEqual([]);
    expect(await byName('Hofbräu Brauerei')).toMatchObject({ externalId: 'DE-1', arr: 1234567.89, stage: 'onboarding', ownerId: sam, segment: 'enterprise', timezone: 'Europe/Berlin' });
  });

  it('the preview proposes the mapping, maps the first rows and words every problem, writing nothing', async () => {
    const before = await countAccounts(deps.store.db);
    const csv = 'Company name,Record ID,Annual Revenue,Renewal Date,CSM email,Region\nNew Co,HS-1,"$5,000",2025-13-01,sam@example.com,EMEA\nOther Co,HS-2,,2027-01-01,nobody@example.com,APAC\n';
    const preview = await previewImport(deps, LOCAL_OPERATOR, 'accounts', csv, {});
    expect(preview.columns.map((c) => [c.column, c.target, c.reason])).toEqual([
      ['Company name', 'name', 'name'],
      ['Record ID', 'external_id', 'name'],
      ['Annual Revenue', 'arr', 'name'],
      ['Renewal Date', 'renewal_date', 'name'],
      ['CSM email', 'owner', 'name'],
      ['Region', 'tag', 'unmapped'],
    ]);
    expect(preview.problems.map((p) => p.text)).toEqual(["line 2: Renewal Date '2025-13-01' is not a date (YYYY-MM-DD)", "line 3: CSM email 'nobody@example.com' is not a user"]);
    expect(preview.sample.map((s) => s.action)).toEqual(['refused', 'refused']);
    const fixed = await previewImport(deps, LOCAL_OPERATOR, 'accounts', csv.replace('2025-13-01', '2026-01-31').replace('nobody@', 'maria@'), { mapping: preview.mapping ?? undefined });
    expect(fixed.problems).toEqual([]);
    expect(fixed.sample[0]).toMatchObject({ action: 'create', values: { name: 'New Co', arr: '5000', renewal_date: '2026-01-31', owner_email: 'sam@example.com', tags: 'region:emea' } });
    expect(fixed.summary).toEqual({ create: 2, update: 0, unchanged: 0, refused: 0 });
    expect(await countAccounts(deps.store.db)).toBe(before);
  });

  it('bad files are refused with the line and column, and nothing is written', async () => {
    const before = await countAccounts(deps.store.db);
    const errorsOf = async (csv: string | Buffer, options = {}) => (await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: false, ...options })).errors;
    expect(await errorsOf('')).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(await errorsOf(Buffer.alloc(0))).toEqual([{ line: 1, message: 'the file is empty' }]);
    expect(await errorsOf('Record ID,Company name\n')).toEqual([{ line: 1, message: 'the file has a header but no rows under it' }]);
    expect(await errorsOf('Record ID,Company name,company name\n1,A,B\n')).toEqual([{ line: 1, message: "the column 'company name' appears twice (columns 2 and 3); rename one" }]);
    expect(await errorsOf('Record ID,Company name\n1,A\n', { mapping: { kind: 'accounts', columns: { 'Record ID': 'external_id', Name: 'name' }, values: {}, defaults: {}, dateOrder: 'mdy', strict: false } })).toEqual([
      { line: 1, message: "the mapping names the column 'Name', which the file does not have (its columns: Record ID, Company name)" },
    ]);
    expect(await errorsOf('Record ID,Company name\nX-1,First\nX-2,Second\nX-1,Third\n')).toEqual([{ line: 4, message: "Record ID 'X-1' already appears on line 2" }]);
    expect(await errorsOf(`Record ID,Company name,Notes\nX-1,First,${'x'.repeat(5 * 1024 * 1024)}\n`)).toEqual([{ line: 2, message: "column 'Notes': the cell is 5.0 MB; at most 1.0 MB a cell" }]);
    expect(await errorsOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]))).toEqual([
      { line: 1, message: 'the file is not CSV text: it looks like an Excel workbook or another zip archive (.xlsx): save it as CSV first' },
    ]);
    expect(await errorsOf(Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)))).toEqual([{ line: 1, message: 'the file is not CSV text: it holds binary data; open it in a spreadsheet and save it as CSV' }]);
    expect(await errorsOf('Record ID,Company name\nX-1,"Never closed\nX-2,Fine\n')).toEqual([{ line: 2, message: 'a quoted cell that starts here is never closed (a " is missing)' }]);
    expect(await countAccounts(deps.store.db)).toBe(before);
  });

  it('an export opens safely in a spreadsheet and re-imports byte for byte, changing nothing', async () => {
    await createAccount(deps, LOCAL_OPERATOR, { name: '=HYPERLINK("http://evil.example","Click")', segment: 'scale', stage: 'steady', deployment: 'saas', tags: ['-minus', '@at'] });
    const first = await exportAccounts(deps, LOCAL_OPERATOR);
    expect(first).toContain(`'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(first).toContain("'-minus;@at");
    expect(
      first
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .every((line) => !/^,/.test(line)),
    ).toBe(true); // every account has an external id
    const report = await importAccounts(deps, LOCAL_OPERATOR, first, { dryRun: false });
    expect(report).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(report.unchanged).toBe(report.rows);
    expect(await exportAccounts(deps, LOCAL_OPERATOR)).toBe(first);
    const bom = await exportAccounts(deps, LOCAL_OPERATOR, { bom: true });
    expect(bom).toBe(`\ufeff${first}`);
    expect((await importAccounts(deps, LOCAL_OPERATOR, Buffer.from(bom, 'utf8'), { dryRun: true })).unchanged).toBe(report.rows);
  });
});
