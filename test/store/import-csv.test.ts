import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAccounts } from '../../src/services/accounts/accounts.ts';
import { listContacts } from '../../src/services/accounts/contacts.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts } from '../../src/services/accounts/import-csv.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { countAccounts } from '../../src/store/accounts.repo.ts';
import { listTimeline } from '../../src/store/history.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeUser } from '../helpers/factories.ts';

const dialects = await availableDialects();

const HEADER = 'external_id,name,segment,stage,deployment,arr,renewal_date,owner_email,tags';

describe.each(dialects)('CSV import and export on %s', (dialect) => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    await makeUser(deps, 'csm', { email: 'sam@example.com' });
  });
  afterAll(async () => deps.close());

  it('a dry run reports every bad line by number and writes nothing', async () => {
    const csv = [
      HEADER,
      'A-1,Globex,enterprise,onboarding,saas,120000,2027-03-01,sam@example.com,strategic',
      'A-2,Initech,enterprise,steady,saas,12O000,2025-13-01,,',
      'A-3,,commercial,steady,saas,,,,',
      'A-4,Umbrella,commercial,steady,saas,,,nobody@example.com,',
      'A-1,Globex again,enterprise,steady,saas,,,,',
    ].join('\n');
    const report = await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: true });
    expect(report.errors).toEqual([
      { line: 3, message: "arr '12O000' is not a number" },
      { line: 3, message: "renewal_date '2025-13-01' is not a date (YYYY-MM-DD)" },
      { line: 4, message: "name '' is required" },
      { line: 5, message: "owner_email 'nobody@example.com' is not a user" },
      { line: 6, message: "external_id 'A-1' already appears on line 2" },
    ]);
    expect(await countAccounts(deps.store.db)).toBe(0);
  });

  it('names the impossible date and the unknown segment', async () => {
    const report = await importAccounts(deps, LOCAL_OPERATOR, [HEADER, 'B-1,Initech,enterprise,steady,saas,1,2025-13-01,,', 'B-2,Hooli,mid-market,steady,saas,,,,'].join('\n'), { dryRun: true });
    expect(report.errors[0]).toEqual({ line: 2, message: "renewal_date '2025-13-01' is not a date (YYYY-MM-DD)" });
    expect(report.errors[1]?.line).toBe(3);
    expect(report.errors[1]?.message).toMatch(/^segment 'mid-market' /);
  });

  it('one bad line stops the whole import: all or nothing', async () => {
    const csv = [HEADER, 'C-1,Good Co,enterprise,steady,saas,,,,', 'C-2,Bad Co,enterprise,steady,saas,lots,,,'].join('\n');
    const report = await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: false });
    expect(report.errors).toHaveLength(1);
    expect((await listAccounts(deps, LOCAL_OPERATOR, { q: 'Good Co' })).items).toHaveLength(0);
  });

  it('re-importing the same file updates by external id and creates no duplicates', async () => {
    const csv = [HEADER, 'D-1,Stark Logistics,enterprise,onboarding,saas,"250,000",2027-06-30,sam@example.com,strategic;emea', 'D-2,Wayne Analytics,commercial,steady,self_managed,,,,'].join('\n');
    const first = await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: false });
    expect(first).toMatchObject({ created: 2, updated: 0, errors: [] });
    const again = await importAccounts(deps, LOCAL_OPERATOR, csv, { dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = await importAccounts(deps, LOCAL_OPERATOR, csv.replace('onboarding', 'adoption'), { dryRun: false });
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const stark = (await listAccounts(deps, LOCAL_OPERATOR, { q: 'Stark' })).items;
    expect(stark).toHaveLength(1);
    expect(stark[0]).toMatchObject({ stage: 'adoption', arr: 250000, tags: ['emea', 'strategic'] });
    const timeline = await listTimeline(deps.store.db, stark[0]!.id, 10);
    expect(timeline.map((t) => t.summary)).toEqual(['Import: Stage changed from onboarding to adoption', 'Account Stark Logistics imported']);
  });

  it('an export re-imports as "nothing changed"', async () => {
    const exported = await exportAccounts(deps, LOCAL_OPERATOR);
    expect(exported.split('\n')[0]).toBe('external_id,name,segment,stage,deployment,arr,renewal_date,contract_start_date,licences_bought,licences_used,owner_email,timezone,product_version,security_alerts_opt_in,crm_id,tags');
    expect(exported).toContain('sam@example.com');
    const report = await importAccounts(deps, LOCAL_OPERATOR, exported, { dryRun: false });
    expect(report).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(report.unchanged).toBe(report.rows);
  });

  it('contacts import against their account and round-trip too', async () => {
    const csv = [
      'external_id,account_external_id,name,email,title,role,status',
      'P-1,D-1,Hana Tanaka,Hana@Stark.example,VP Engineering,economic_buyer,active',
      'P-2,D-1,Omar Haddad,omar@stark.example,Director of Platform,champion,active',
      'P-3,NOPE,Lost Person,lost@example.com,,user,active',
      'P-4,D-2,Bad Mail,not-an-email,,user,active',
    ].join('\n');
    const bad = await importContacts(deps, LOCAL_OPERATOR, csv, { dryRun: false });
    expect(bad.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(bad.errors[0]?.message).toBe("account_external_id: no account you can see has external id 'NOPE'");
    const good = await importContacts(deps, LOCAL_OPERATOR, csv.split('\n').slice(0, 3).join('\n'), { dryRun: false });
    expect(good).toMatchObject({ created: 2, errors: [] });
    const contacts = (await listContacts(deps, LOCAL_OPERATOR, { q: 'hana' })).items;
    expect(contacts[0]).toMatchObject({ email: 'hana@stark.example', role: 'economic_buyer' });
    const exported = await exportContacts(deps, LOCAL_OPERATOR);
    const again = await importContacts(deps, LOCAL_OPERATOR, exported, { dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
  });

  it('a file with unknown columns or broken quoting is refused with the line', async () => {
    const unknown = await importAccounts(deps, LOCAL_OPERATOR, 'external_id,name,colour\nX-1,Foo,red', { dryRun: true });
    expect(unknown.errors[0]).toEqual({ line: 1, message: expect.stringContaining('unknown column: colour') });
    const broken = await importAccounts(deps, LOCAL_OPERATOR, 'external_id,name\nX-1,Foo\nX-2,"Bar\n', { dryRun: true });
    expect(broken.errors[0]?.line).toBeGreaterThanOrEqual(3);
  });
});
