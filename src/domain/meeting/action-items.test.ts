import { describe, expect, it } from 'vitest';
import { newActionItem } from './action-items.ts';

const owner = { kind: 'contact' as const, id: 'c-hank', name: 'Hank Scorpio' };
const ids = { id: 'ai-1', accountId: 'acc-globex' };
const now = new Date('2026-11-20T10:00:00Z');

describe('newActionItem', () => {
  it('an action item starts open, with its owner, its side and its due date', () => {
    const made = newActionItem({ text: '  Send the SSO guide ', side: 'vendor', dueDate: '2026-11-27', meetingId: 'm-1' }, owner, ids, now);
    expect(made).toEqual({
      ok: true,
      item: {
        id: 'ai-1',
        accountId: 'acc-globex',
        meetingId: 'm-1',
        text: 'Send the SSO guide',
        owner,
        side: 'vendor',
        dueDate: '2026-11-27',
        status: 'open',
        lastUpdate: null,
        expectedUpdateOn: null,
        createdAt: '2026-11-20T10:00:00.000Z',
        completedAt: null,
      },
    });
  });

  it('an action item needs something to do, someone to do it and a real due date', () => {
    expect(newActionItem({ text: '  ', side: 'vendor' }, owner, ids, now)).toMatchObject({ ok: false, error: { field: 'text' } });
    expect(newActionItem({ text: 'Send it', side: 'vendor' }, { ...owner, name: ' ' }, ids, now)).toMatchObject({ ok: false, error: { field: 'owner' } });
    expect(newActionItem({ text: 'Send it', side: 'vendor', dueDate: 'Friday' }, owner, ids, now)).toMatchObject({ ok: false, error: { field: 'dueDate' } });
    expect(newActionItem({ text: 'Send it', side: 'vendor', dueDate: '2026-02-30' }, owner, ids, now)).toMatchObject({ ok: false, error: { field: 'dueDate' } });
  });
});
