import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createBusinessCalendar } from './business-days.ts';
import { evaluatePlaybook, wantedTasks, type PlaybookSnapshot } from './playbook-rules.ts';
import { DEFAULT_PLAYBOOK_SETTINGS, parsePlaybookSettings } from './playbook-rules/settings.ts';

const calendar = createBusinessCalendar({ holidays: ['2026-04-03'] });
const settings = DEFAULT_PLAYBOOK_SETTINGS;

/** A quiet, healthy account on Wednesday 4 March 2026 in Berlin: no rule fires. */
function snapshot(over: Partial<PlaybookSnapshot> = {}, account: Partial<PlaybookSnapshot['account']> = {}): PlaybookSnapshot {
  return {
    now: '2026-03-04T10:00:00Z',
    account: {
      id: 'a1',
      name: 'Globex',
      ownerId: 'u1',
      stage: 'steady',
      deployment: 'saas',
      timezone: 'Europe/Berlin',
      createdAt: '2025-01-10T09:00:00Z',
      renewalDate: '2026-12-31',
      contractStartDate: '2026-01-01',
      licencesBought: 100,
      licencesUsed: 80,
      securityAlertsOptIn: true,
      ...account,
    },
    due: { nextCallDue: '2026-03-20', callOverdueDays: 0, cadence: 'monthly' },
    lastTouchAt: '2026-02-25T10:00:00Z',
    meetings: [],
    lastFindingAt: '2026-03-01T10:00:00Z',
    healthTraits: { pulse: '2026-02-01T10:00:00Z', buyerAccess: '2026-02-01T10:00:00Z', champion: '2026-02-01T10:00:00Z' },
    contacts: [{ id: 'c1', name: 'Pat', role: 'champion', status: 'active', createdAt: '2025-01-10T09:00:00Z' }],
    customerActionItems: [],
    existingTasks: [],
    ...over,
  };
}

const keys = (s: PlaybookSnapshot, st = settings) => wantedTasks(s, st, calendar).map((t) => t.key);

describe('a quiet account', () => {
  it('gets no tasks', () => {
    expect(keys(snapshot())).toEqual([]);
  });
});

describe('agendas', () => {
  // Call on Monday 9 March 10:00 Berlin; agenda due two business days before: Thursday 5 March.
  const call = { id: 'm1', title: 'Acme / Globex CSM Call', state: 'planned' as const, startsAt: '2026-03-09T09:00:00Z' };

  it('asks for the agenda two business days before the call, by the end of that day', () => {
    const [task] = wantedTasks(snapshot({ meetings: [call] }), settings, calendar);
    expect(task).toMatchObject({ key: 'agenda:m1', rule: 'agenda', assigneeId: 'u1', cause: { type: 'meeting', id: 'm1' } });
    expect(task?.dueAt).toBe('2026-03-05T16:00:00.000Z');
  });

  it('is not on the list weeks ahead', () => {
    expect(keys(snapshot({ meetings: [{ ...call, startsAt: '2026-03-30T08:00:00Z' }] }))).toEqual([]);
  });

  it('is never due later than the morning of the call', () => {
    const sameDay = parsePlaybookSettings({ agenda: { businessDaysBefore: 0 } });
    const [task] = wantedTasks(snapshot({ meetings: [{ ...call, startsAt: '2026-03-04T15:00:00Z' }], now: '2026-03-04T06:00:00Z' }), sameDay, calendar);
    expect(task?.dueAt).toBe('2026-03-04T08:00:00.000Z');
    const early = wantedTasks(snapshot({ meetings: [{ ...call, startsAt: '2026-03-04T07:00:00Z' }], now: '2026-03-04T06:00:00Z' }), sameDay, calendar);
    expect(early[0]?.dueAt).toBe('2026-03-04T07:00:00.000Z');
  });

  it('is closed once the agenda is sent or the call is cancelled', () => {
    const existingTasks = [{ key: 'agenda:m1', open: true }];
    expect(evaluatePlaybook(snapshot({ meetings: [{ ...call, state: 'agenda_sent' }], existingTasks }), settings, calendar).resolvedKeys).toEqual(['agenda:m1']);
    expect(evaluatePlaybook(snapshot({ meetings: [{ ...call, state: 'cancelled' }], existingTasks }), settings, calendar).resolvedKeys).toEqual(['agenda:m1']);
    expect(evaluatePlaybook(snapshot({ meetings: [call], existingTasks }), settings, calendar)).toEqual({ intents: [], resolvedKeys: [] });
  });
});

describe('follow-ups', () => {
  it('a held call owes a follow-up within one business day, and it closes when sent', () => {
    // Held Thursday 2 April 15:00 Berlin; Friday 3 April is a holiday: due Monday 6 April 15:00.
    const held = { id: 'm2', title: 'Acme / Globex CSM Call', state: 'held' as const, startsAt: '2026-04-02T12:00:00Z', heldAt: '2026-04-02T13:00:00Z' };
    const [task] = wantedTasks(snapshot({ meetings: [held], now: '2026-04-02T14:00:00Z' }), settings, calendar);
    expect(task).toMatchObject({ key: 'follow_up:m2', dueAt: '2026-04-06T13:00:00.000Z' });
    const done = evaluatePlaybook(snapshot({ meetings: [{ ...held, state: 'followed_up' }], existingTasks: [{ key: 'follow_up:m2', open: true }] }), settings, calendar);
    expect(done.resolvedKeys).toEqual(['follow_up:m2']);
  });
});

describe('account rules', () => {
  it('an overdue cadence call makes one task for that due date', () => {
    expect(keys(snapshot({ due: { nextCallDue: '2026-03-02', callOverdueDays: 2, cadence: 'monthly' } }))).toEqual(['cadence_overdue:a1:2026-03-02']);
  });

  it('no touch in 30 days', () => {
    expect(keys(snapshot({ lastTouchAt: '2026-02-02T10:00:00Z' }))).toEqual(['no_touch:a1:2026-02-02']);
    expect(keys(snapshot({ lastTouchAt: '2026-02-03T10:00:00Z' }))).toEqual([]);
  });

  it('renewal at 90, 60 and 30 days, one task per window', () => {
    expect(keys(snapshot({}, { renewalDate: '2026-06-01' }))).toEqual(['renewal:a1:2026-06-01:90']);
    expect(keys(snapshot({}, { renewalDate: '2026-04-20' }))).toEqual(['renewal:a1:2026-04-20:60']);
    expect(keys(snapshot({}, { renewalDate: '2026-03-20' }))).toEqual(['renewal:a1:2026-03-20:30']);
    expect(keys(snapshot({}, { renewalDate: '2026-07-01' }))).toEqual([]);
  });

  it('low licence use only counts in the second half of the contract; high use any time', () => {
    const late = { contractStartDate: '2025-06-01', renewalDate: '2026-05-31', licencesUsed: 40 };
    expect(keys(snapshot({}, late))).toContain('licence_low:a1:2025-06-01');
    expect(keys(snapshot({}, { ...late, contractStartDate: '2026-01-01', renewalDate: '2026-12-31' }))).not.toContain('licence_low:a1:2026-01-01');
    expect(keys(snapshot({}, { licencesUsed: 96 }))).toEqual(['licence_high:a1:2026-01-01']);
    expect(keys(snapshot({}, { licencesUsed: 95 }))).toEqual([]);
  });

  it('a self-managed account not opted into security alerts', () => {
    expect(keys(snapshot({}, { deployment: 'self_managed', securityAlertsOptIn: false }))).toEqual(['security_alerts:a1']);
    expect(keys(snapshot({}, { deployment: 'saas', securityAlertsOptIn: false }))).toEqual([]);
  });

  it('no new product findings in 30 days', () => {
    const [task] = wantedTasks(snapshot({ lastFindingAt: '2026-01-20T10:00:00Z' }), settings, calendar);
    expect(task?.key).toBe('no_findings:a1:2026-01-20');
    expect(task?.title).toContain('either they are not using it or it is not working');
  });

  it('health traits are due every two months and name the stale ones', () => {
    const [task] = wantedTasks(snapshot({ healthTraits: { pulse: '2026-01-04T10:00:00Z', buyerAccess: '2026-02-20T10:00:00Z', champion: null } }), settings, calendar);
    expect(task?.key).toBe('health_traits:a1:2025-03-10');
    expect(task?.title).toBe('Globex: update pulse, active champion');
  });

  it('a champion who left raises a task until a new champion is in place', () => {
    const left = { id: 'c1', name: 'Pat', role: 'champion' as const, status: 'left' as const, leftAt: '2026-03-01T10:00:00Z', createdAt: '2025-01-10T09:00:00Z' };
    expect(keys(snapshot({ contacts: [left] }))).toEqual(['champion_left:c1']);
    const successor = { id: 'c2', name: 'Sam', role: 'champion' as const, status: 'active' as const, createdAt: '2026-03-03T10:00:00Z' };
    expect(keys(snapshot({ contacts: [left, successor] }))).toEqual([]);
  });

  it('overdue customer action items, not done ones', () => {
    const items = [
      { id: 'i1', text: 'Set up SSO', dueDate: '2026-03-02', done: false },
      { id: 'i2', text: 'Send diagram', dueDate: '2026-03-02', done: true },
      { id: 'i3', text: 'Upgrade', dueDate: '2026-03-04', done: false },
    ];
    expect(keys(snapshot({ customerActionItems: items }))).toEqual(['customer_items_overdue:i1:2026-03-02']);
  });

  it('a churned account gets nothing and its open tasks close', () => {
    const s = snapshot({ lastTouchAt: null, existingTasks: [{ key: 'no_touch:a1:never', open: true }] }, { stage: 'churned', deployment: 'self_managed', securityAlertsOptIn: false });
    expect(evaluatePlaybook(s, settings, calendar)).toEqual({ intents: [], resolvedKeys: ['no_touch:a1:never'] });
  });
});

describe('idempotence and switches', () => {
  const noisy = snapshot({ lastTouchAt: '2026-01-01T10:00:00Z' }, { deployment: 'self_managed', securityAlertsOptIn: false });

  it('a task is made once per occurrence, even when it was closed since', () => {
    const first = evaluatePlaybook(noisy, settings, calendar);
    expect(first.intents.map((t) => t.key).sort()).toEqual(['no_touch:a1:2026-01-01', 'security_alerts:a1']);
    const again = evaluatePlaybook({ ...noisy, existingTasks: [{ key: 'no_touch:a1:2026-01-01', open: false }, { key: 'security_alerts:a1', open: true }] }, settings, calendar);
    expect(again).toEqual({ intents: [], resolvedKeys: [] });
  });

  it('a new touch resolves the old no-touch task', () => {
    const s = snapshot({ existingTasks: [{ key: 'no_touch:a1:2026-01-01', open: true }] });
    expect(evaluatePlaybook(s, settings, calendar).resolvedKeys).toEqual(['no_touch:a1:2026-01-01']);
  });

  it('a rule switched off makes nothing and leaves its open tasks alone', () => {
    const off = parsePlaybookSettings({ security_alerts: { enabled: false } });
    const out = evaluatePlaybook({ ...noisy, existingTasks: [{ key: 'security_alerts:a1', open: true }] }, off, calendar);
    expect(out.intents.map((t) => t.rule)).toEqual(['no_touch']);
    expect(out.resolvedKeys).toEqual([]);
  });

  it('thresholds are configurable and bad ones are refused', () => {
    expect(keys(snapshot({ lastTouchAt: '2026-02-25T10:00:00Z' }), parsePlaybookSettings({ no_touch: { days: 7 } }))).toEqual(['no_touch:a1:2026-02-25']);
    expect(() => parsePlaybookSettings({ no_touch: { days: 0 } })).toThrow(AppError);
    expect(() => parsePlaybookSettings({ renewal: { daysBefore: [] } })).toThrow('renewal.daysBefore: give at least one number of days');
    expect(() => parsePlaybookSettings({ renewals: {} })).toThrow('unknown field: renewals');
  });
});
