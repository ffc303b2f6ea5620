import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outOfHoursWarning } from '../../src/domain/calendar/working-hours.ts';
import { loadDemoData } from '../../src/services/setup/demo-data.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { findAccount } from '../../src/store/accounts.repo.ts';
import { listMeetings } from '../../src/store/meetings.repo.ts';
import { findUser } from '../../src/store/users.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';

describe.each(await availableDialects())('the demo book on %s', (dialect) => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    await loadDemoData(deps, LOCAL_OPERATOR);
  });
  afterAll(() => deps.close());

  it('books every call inside 08:00–18:00 for both the customer and the CSM', async () => {
    const meetings = await listMeetings(deps.store.db, { scopeUserIds: null }, 1000);
    expect(meetings.length).toBeGreaterThan(10);
    const outside: string[] = [];
    for (const m of meetings) {
      const account = (await findAccount(deps.store.db, m.accountId))!;
      const csm = (await findUser(deps.store.db, m.organiserId ?? account.ownerId!))!;
      const warning = outOfHoursWarning([{ startsAt: m.startsAt, endsAt: m.endsAt ?? m.startsAt }], { who: account.name, zone: account.timezone }, { who: csm.name, zone: csm.timezone });
      if (warning) outside.push(warning);
    }
    expect(outside).toEqual([]);
    // Not all at one UTC hour: the times follow each pair of zones.
    expect(new Set(meetings.map((m) => m.startsAt.slice(11, 16))).size).toBeGreaterThan(1);
  });
});
