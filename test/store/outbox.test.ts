import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimOutboxRow, findOutboxRow, insertOutboxRow, listDueOutboxIds, markOutboxDelivered, markOutboxFailed, requeueDeadLetter } from '../../src/store/outbox.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';

const dialects = await availableDialects();
const T0 = '2026-12-03T09:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

describe.each(dialects)('the outbox store on %s', (dialect) => {
  let deps: TestDeps;
  let n = 0;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => {
    await deps.close();
  });

  async function queued(): Promise<string> {
    const id = deps.newId();
    await insertOutboxRow(deps.store.db, { id, kind: 'mail', idempotencyKey: `<${id}@test>`, payload: '{}', summary: `"S" to r${n++}@x.example`, maxAttempts: 3, now: T0 });
    return id;
  }

  it('of two claims on one row at once, exactly one gets it, and the attempt is counted', async () => {
    const id = await queued();
    const claims = await Promise.all([claimOutboxRow(deps.store.db, id, 'a', at(1), at(61)), claimOutboxRow(deps.store.db, id, 'b', at(1), at(61))]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(claims.find(Boolean)!.attempts).toBe(1);
    // Held: not due for anyone else until the lease runs out.
    expect(await listDueOutboxIds(deps.store.db, at(30), 100)).not.toContain(id);
    expect(await claimOutboxRow(deps.store.db, id, 'c', at(30), at(90))).toBeUndefined();
  });

  it('a row whose holder died is taken again once its lease ran out, and the dead holder can no longer mark it failed', async () => {
    const id = await queued();
    expect(await claimOutboxRow(deps.store.db, id, 'dead-node', at(1), at(61))).toBeDefined();
    expect(await listDueOutboxIds(deps.store.db, at(62), 100)).toContain(id);
    const again = await claimOutboxRow(deps.store.db, id, 'live-node', at(62), at(122));
    expect(again?.attempts).toBe(2);
    await markOutboxFailed(deps.store.db, id, 'dead-node', { now: at(63), error: 'stale', status: 'dead' });
    expect((await findOutboxRow(deps.store.db, id))?.status).toBe('pending');
    await markOutboxDelivered(deps.store.db, id, at(64), '<id>');
    expect(await findOutboxRow(deps.store.db, id)).toMatchObject({ status: 'delivered', deliveredAt: at(64), leaseOwner: null });
    expect(await claimOutboxRow(deps.store.db, id, 'late', at(200), at(260))).toBeUndefined();
  });

  it('a failed row waits for its next attempt; a dead letter is left alone until it is requeued', async () => {
    const id = await queued();
    await claimOutboxRow(deps.store.db, id, 'a', at(1), at(61));
    await markOutboxFailed(deps.store.db, id, 'a', { now: at(2), error: 'connection refused', status: 'pending', nextAttemptAt: at(32) });
    expect(await listDueOutboxIds(deps.store.db, at(31), 100)).not.toContain(id);
    expect(await listDueOutboxIds(deps.store.db, at(32), 100)).toContain(id);
    await claimOutboxRow(deps.store.db, id, 'b', at(40), at(100));
    await markOutboxFailed(deps.store.db, id, 'b', { now: at(41), error: 'connection refused', status: 'dead' });
    expect(await listDueOutboxIds(deps.store.db, at(99_999), 100)).not.toContain(id);
    expect(await requeueDeadLetter(deps.store.db, id, at(50))).toBe(true);
    expect(await findOutboxRow(deps.store.db, id)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'connection refused' });
    expect(await requeueDeadLetter(deps.store.db, id, at(51))).toBe(false);
  });
});
