import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccounts, importContacts } from '../../src/services/accounts/import-csv.ts';
import { importFindingsCsv, receiveFindings } from '../../src/services/connections/findings.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';
import type { Actor } from '../../src/domain/model.ts';

const dialects = await availableDialects();

// Security review finding (low): import dry runs and findings errors named accounts outside the
// caller's scope when given their external ids.
describe.each(dialects)("errors never name an account outside the caller's scope, on %s", (dialect) => {
  let deps: TestDeps;
  let csm: Actor;
  const SECRET = 'Initech Hidden Holdings';

  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    csm = (await makeUser(deps, 'csm')).actor;
    const outsider = await makeUser(deps, 'csm');
    await makeAccount(deps, { name: SECRET, externalId: 'EXT-SECRET', ownerId: outsider.user.id });
    await makeAccount(deps, { name: 'Mine Inc', externalId: 'EXT-MINE', ownerId: csm.id });
  });
  afterAll(() => deps.close());

  it('a contacts dry run says no account you can see has that external id, as for one that does not exist', async () => {
    const csv = ['external_id,account_external_id,name,email,title,role,status', 'P-1,EXT-SECRET,Spy Person,spy@example.com,,user,active', 'P-2,EXT-NOPE,Lost Person,lost@example.com,,user,active'].join('\n');
    const report = await importContacts(deps, csm, csv, { dryRun: true });
    expect(report.errors.map((e) => e.message)).toEqual(["account_external_id: no account you can see has external id 'EXT-SECRET'", "account_external_id: no account you can see has external id 'EXT-NOPE'"]);
    expect(JSON.stringify(report)).not.toContain('Initech');
  });

  it('an accounts dry run touching an account out of scope does not say its name', async () => {
    const csv = ['external_id,name,segment,stage', 'EXT-SECRET,Renamed,enterprise,steady', 'EXT-MINE,Mine Renamed,enterprise,steady'].join('\n');
    const report = await importAccounts(deps, csm, csv, { dryRun: true });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining("no account you can see has external id 'EXT-SECRET'") });
    expect(JSON.stringify(report)).not.toContain('Initech');
  });

  it('findings for an account out of scope answer like an unknown account, by the API and by CSV', async () => {
    const finding = { deliveryId: 'd-1', accountExternalId: 'EXT-SECRET', kind: 'error' as const, title: 'Crash', foundAt: '2026-11-19T08:00:00Z' };
    const hidden = await receiveFindings(deps, csm, finding).catch((e: Error & { field?: string; code?: string }) => e);
    const unknown = await receiveFindings(deps, csm, { ...finding, accountExternalId: 'EXT-NOPE' }).catch((e: Error) => e);
    expect(hidden).toBeInstanceOf(Error);
    expect((hidden as Error).message).toBe("accountExternalId: no account you can see has external id 'EXT-SECRET'");
    expect((hidden as { code?: string }).code).toBe('invalid');
    expect((unknown as Error).message.replace('EXT-NOPE', 'X')).toBe((hidden as Error).message.replace('EXT-SECRET', 'X'));
    const csv = await importFindingsCsv(deps, csm, 'account_external_id,kind,title,severity,found_at\nEXT-SECRET,error,Crash,,2026-11-19T08:00:00Z\n', { dryRun: true });
    expect(JSON.stringify(csv)).not.toContain('Initech');
    expect(JSON.stringify(csv)).toContain('no account you can see');
  });
});
