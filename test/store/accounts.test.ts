import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, listAccounts, setAccountArchived, updateAccount } from '../../src/services/accounts/accounts.ts';
import { LOCAL_OPERATOR, actorFor } from '../../src/services/users/users.ts';
import { migrateDownAll, migrateToLatest } from '../../src/store/database.ts';
import { listAudit, listTimeline } from '../../src/store/history.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';

const dialects = await availableDialects();

describe.each(dialects)('the book of business on %s', (dialect) => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => deps.close());

  it('migrates down and up again without losing the schema', async () => {
    const down = await migrateDownAll(deps.store.db);
    expect(down.length).toBeGreaterThan(0);
    const up = await migrateToLatest(deps.store.db);
    expect(up).toEqual([...down].reverse());
    await expect(makeAccount(deps)).resolves.toMatchObject({ segment: 'enterprise' });
  });

  it('an account edit is written with its audit entry and a timeline line in one go', async () => {
    const account = await makeAccount(deps, { name: 'Globex', stage: 'onboarding', arr: 120000 });
    const after = await updateAccount(deps, LOCAL_OPERATOR, account.id, { stage: 'adoption', arr: 150000 });
    expect(after).toMatchObject({ stage: 'adoption', arr: 150000 });
    const timeline = await listTimeline(deps.store.db, account.id, 10);
    expect(timeline[0]?.summary).toBe('Stage changed from onboarding to adoption; ARR changed from 120000 to 150000');
    const audit = await listAudit(deps.store.db, 'account', account.id);
    expect(audit.map((a) => a.action)).toEqual(['account.created', 'account.updated']);
    expect(audit[1]).toMatchObject({ before: { stage: 'onboarding', arr: 120000 }, after: { stage: 'adoption', arr: 150000 }, actorLabel: 'cli' });
  });

  it('an edit that changes nothing leaves no trace', async () => {
    const account = await makeAccount(deps, { stage: 'steady' });
    await updateAccount(deps, LOCAL_OPERATOR, account.id, { stage: 'steady' });
    expect(await listAudit(deps.store.db, 'account', account.id)).toHaveLength(1);
  });

  it('a failed write leaves neither the change nor its audit entry', async () => {
    const account = await makeAccount(deps, { name: 'Initech' });
    await expect(updateAccount(deps, LOCAL_OPERATOR, account.id, { ownerId: 'no-such-user' })).rejects.toMatchObject({ code: 'invalid', field: 'ownerId' });
    expect(await listAudit(deps.store.db, 'account', account.id)).toHaveLength(1);
  });

  it('keeps unicode, emoji and SQL metacharacters exactly as typed', async () => {
    const name = "Zoë's Café 🚀 '; drop table accounts; --";
    const account = await makeAccount(deps, { name, tags: ['Ünïcode', '50%_off'] });
    const page = await listAccounts(deps, LOCAL_OPERATOR, { q: "'; drop table" });
    expect(page.items.map((a) => a.name)).toContain(name);
    expect(account.tags).toEqual(['50%_off', 'ünïcode']);
    const byPercent = await listAccounts(deps, LOCAL_OPERATOR, { q: '%' });
    expect(byPercent.items.every((a) => a.name.includes('%') || a.tags.includes('%'))).toBe(true);
  });

  it('a CSM sees only the accounts they own or sit on the team of', async () => {
    const manager = await makeUser(deps, 'manager');
    const csm = await makeUser(deps, 'csm', { managerId: manager.user.id });
    const other = await makeUser(deps, 'csm');
    const own = await makeAccount(deps, { name: 'Own Co', ownerId: csm.user.id });
    const team = await makeAccount(deps, { name: 'Team Co', ownerId: other.user.id, team: [{ userId: csm.user.id, role: 'sa' }] });
    const foreign = await makeAccount(deps, { name: 'Foreign Co', ownerId: other.user.id });
    const seen = (await listAccounts(deps, csm.actor, { limit: 500 })).items.map((a) => a.id);
    expect(seen).toEqual(expect.arrayContaining([own.id, team.id]));
    expect(seen).not.toContain(foreign.id);
    // The manager's team is read when they act, so a report added later counts.
    const managerSees = (await listAccounts(deps, await actorFor(deps, manager.user), { limit: 500 })).items.map((a) => a.id);
    expect(managerSees).toEqual(expect.arrayContaining([own.id, team.id]));
    expect(managerSees).not.toContain(foreign.id);
  });

  it('filters by segment, stage, deployment, tag and renewal window, and pages through every match once', async () => {
    const owner = await makeUser(deps, 'csm');
    const made = [];
    for (let i = 0; i < 23; i += 1) {
      made.push(
        await createAccount(deps, LOCAL_OPERATOR, {
          name: `Paged ${String(i).padStart(2, '0')}`,
          segment: i % 2 ? 'commercial' : 'enterprise',
          stage: i % 3 ? 'steady' : 'renewal',
          deployment: i % 4 ? 'saas' : 'self_managed',
          arr: i % 5 === 0 ? null : i * 1000,
          renewalDate: `2027-0${1 + (i % 9)}-15`,
          ownerId: owner.user.id,
          tags: i % 2 ? ['expansion'] : [],
        }),
      );
    }
    const filter = { owner: [owner.user.id] };
    for (const sort of ['name', '-name', 'arr', '-arr', 'renewal', '-renewal', 'created']) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listAccounts(deps, LOCAL_OPERATOR, { ...filter, sort, limit: 5, cursor });
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(ids).size, sort).toBe(23);
      expect(ids).toHaveLength(23);
    }
    const byArr = (await listAccounts(deps, LOCAL_OPERATOR, { ...filter, sort: '-arr', limit: 100 })).items;
    expect(byArr[0]?.arr).toBe(22000);
    expect(byArr.slice(-5).every((a) => a.arr === null)).toBe(true);

    const selfManagedRenewals = await listAccounts(deps, LOCAL_OPERATOR, { ...filter, stage: ['renewal'], deployment: ['self_managed'], limit: 100 });
    expect(selfManagedRenewals.items.map((a) => a.name)).toEqual(['Paged 00', 'Paged 12']);
    const tagged = await listAccounts(deps, LOCAL_OPERATOR, { ...filter, tag: ['expansion'], segment: ['commercial'], limit: 100 });
    expect(tagged.items).toHaveLength(11);
    const window = await listAccounts(deps, LOCAL_OPERATOR, { ...filter, renewalFrom: '2027-02-01', renewalTo: '2027-03-31', limit: 100 });
    expect(window.items.every((a) => a.renewalDate! >= '2027-02-01' && a.renewalDate! <= '2027-03-31')).toBe(true);
    expect(window.items.length).toBe(made.filter((a) => a.renewalDate! >= '2027-02-01' && a.renewalDate! <= '2027-03-31').length);
  });

  it('archived accounts leave the book but keep their history, and can come back', async () => {
    const account = await makeAccount(deps, { name: 'Archive Me' });
    await setAccountArchived(deps, LOCAL_OPERATOR, account.id, true);
    expect((await listAccounts(deps, LOCAL_OPERATOR, { q: 'Archive Me' })).items).toHaveLength(0);
    expect((await listAccounts(deps, LOCAL_OPERATOR, { q: 'Archive Me', archived: 'only' })).items).toHaveLength(1);
    await setAccountArchived(deps, LOCAL_OPERATOR, account.id, false);
    expect((await listAccounts(deps, LOCAL_OPERATOR, { q: 'Archive Me' })).items).toHaveLength(1);
    expect((await listTimeline(deps.store.db, account.id, 10)).map((t) => t.kind)).toEqual(['account.restored', 'account.archived', 'account.created']);
  });

  it('refuses a cursor from another sort', async () => {
    await makeAccount(deps);
    await makeAccount(deps);
    const page = await listAccounts(deps, LOCAL_OPERATOR, { sort: 'name', limit: 1 });
    await expect(listAccounts(deps, LOCAL_OPERATOR, { sort: 'arr', cursor: page.nextCursor! })).rejects.toMatchObject({ code: 'invalid', field: 'cursor' });
  });
});
