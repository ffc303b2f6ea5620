import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../calendar/business-calendar.ts';
import type { CadenceDue } from './cadence.ts';
import { DEFAULT_PLAYBOOK, evaluatePlaybook, PlaybookSettingsSchema, type AccountSnapshot } from './playbook.ts';

const calendar = businessCalendar();
// Monday 23 November 2026, 12:00 UTC.
const now = new Date('2026-11-23T12:00:00Z');

const calm: CadenceDue = {
  frequency: 'monthly',
  because: 'enterprise: monthly',
  lastCallOn: '2026-11-10',
  lastTouchOn: '2026-11-10',
  nextCallDue: '2026-12-10',
  nextTouchDue: '2026-12-10',
  callOverdueDays: 0,
  touchOverdueDays: 0,
  state: 'ok',
};

function snapshot(over: Partial<AccountSnapshot> = {}, account: Partial<AccountSnapshot['account']> = {}): AccountSnapshot {
  return {
    account: {
      id: 'acc',
      name: 'Globex',
      ownerId: 'sam',
      stage: 'steady',
      deployment: 'saas',
      renewalDate: '2027-09-01',
      contractStartDate: '2026-09-01',
      licencesBought: 100,
      licencesUsed: 70,
      securityAlertsOptIn: true,
      timezone: 'UTC',
      createdAt: '2026-01-01T00:00:00Z',
      ...account,
    },
    due: calm,
    upcomingCalls: [],
    lastFindingAt: '2026-11-20T00:00:00Z',
    healthTraitsAt: '2026-11-01T00:00:00Z',
    championsLeft: [],
    overdueCustomerItems: [],
    hasSalesContext: false,
    ...over,
  };
}

const rules = (s: AccountSnapshot, settings = DEFAULT_PLAYBOOK) => evaluatePlaybook(s, settings, now, calendar).map((t) => t.key);

describe('the playbook', () => {
  it('a calm, healthy account gets no tasks', () => {
    expect(rules(snapshot())).toEqual([]);
  });

  it('asks for the agenda two business days before a call, due at 09:00 that morning', () => {
    const tasks = evaluatePlaybook(snapshot({ upcomingCalls: [{ id: 'm1', title: 'Acme / Globex CSM Call', startsAt: '2026-11-26T15:00:00Z' }] }), DEFAULT_PLAYBOOK, now, calendar);
    expect(tasks).toEqual([expect.objectContaining({ key: 'send_agenda:m1', dueAt: '2026-11-24T09:00:00.000Z', assigneeId: 'sam', cause: { type: 'meeting', id: 'm1' } })]);
    // A call three weeks out does not clutter today's list yet.
    expect(rules(snapshot({ upcomingCalls: [{ id: 'm2', title: 'x', startsAt: '2026-12-15T15:00:00Z' }] }))).toEqual([]);
  });

  it('flags an overdue cadence and a silent month, keyed by the missed due date', () => {
    const late = { ...calm, nextCallDue: '2026-11-16', callOverdueDays: 7, nextTouchDue: '2026-11-20', touchOverdueDays: 3, lastTouchOn: '2026-10-21', state: 'overdue' as const };
    expect(rules(snapshot({ due: late }))).toEqual(['cadence_overdue:acc:2026-11-16', 'touch_overdue:acc:2026-11-20']);
  });

  it('renewals at 90, 60 and 30 days each make one task', () => {
    expect(rules(snapshot({}, { renewalDate: '2027-02-10' }))).toEqual(['renewal:acc:2027-02-10:90']);
    expect(rules(snapshot({}, { renewalDate: '2027-01-10' }))).toEqual(['renewal:acc:2027-01-10:60']);
    expect(rules(snapshot({}, { renewalDate: '2026-12-01' }))).toEqual(['renewal:acc:2026-12-01:30']);
    expect(rules(snapshot({}, { renewalDate: '2027-05-01' }))).toEqual([]);
  });

  it('licence use under half in the second half of the contract, or above 95%, needs a conversation', () => {
    expect(rules(snapshot({}, { contractStartDate: '2026-01-01', renewalDate: '2027-01-01', licencesUsed: 40 }))).toEqual(['renewal:acc:2027-01-01:60', 'licence_low:acc:2027-01-01']);
    expect(rules(snapshot({}, { licencesUsed: 40 }))).toEqual([]);
    expect(rules(snapshot({}, { licencesUsed: 97 }))).toEqual(['licence_high:acc:2027-09-01']);
  });

  it('a self-managed account not opted into security alerts, a quiet product and stale health traits each make a task', () => {
    expect(rules(snapshot({}, { deployment: 'self_managed', securityAlertsOptIn: false }))).toEqual(['security_alerts:acc']);
    expect(rules(snapshot({ lastFindingAt: '2026-10-01T00:00:00Z' }))).toEqual(['no_findings:acc:2026-10-01']);
    expect(rules(snapshot({ healthTraitsAt: '2026-09-01T00:00:00Z' }))).toEqual(['health_traits:acc:2026-09-01']);
  });

  it('a champion who left and overdue customer items each make their own task', () => {
    expect(rules(snapshot({ championsLeft: [{ contactId: 'c1', name: 'Hana' }], overdueCustomerItems: [{ id: 'a1', text: 'Enable SSO', dueDate: '2026-11-15' }] }))).toEqual(['champion_left:c1', 'customer_items_overdue:a1']);
  });

  it('a rule switched off makes nothing; thresholds are configurable', () => {
    const settings = PlaybookSettingsSchema.parse({ security_alerts: { enabled: false }, licence_high: { abovePercent: 99 } });
    expect(rules(snapshot({}, { deployment: 'self_managed', securityAlertsOptIn: false, licencesUsed: 97 }), settings)).toEqual([]);
    expect(PlaybookSettingsSchema.safeParse({ renewal: { daysBefore: [0] } }).success).toBe(false);
  });

  it('a new customer (onboarding) with no sales context yet asks the owner to get it from the AE, until it is recorded or switched off', () => {
    const tasks = evaluatePlaybook(snapshot({}, { stage: 'onboarding' }), DEFAULT_PLAYBOOK, now, calendar);
    expect(tasks).toEqual([expect.objectContaining({ key: 'sales_context:acc', assigneeId: 'sam', title: 'Globex: get the sales context from the AE: why they bought, use cases, stakeholders' })]);
    expect(rules(snapshot({ hasSalesContext: true }, { stage: 'onboarding' }))).toEqual([]);
    // Past onboarding the kickoff is over: no nagging about it.
    expect(rules(snapshot({}, { stage: 'adoption' }))).toEqual([]);
    expect(rules(snapshot({}, { stage: 'onboarding' }), PlaybookSettingsSchema.parse({ sales_context: { enabled: false } }))).toEqual([]);
  });

  it('a churned account gets nothing', () => {
    expect(rules(snapshot({ lastFindingAt: null }, { stage: 'churned' }))).toEqual([]);
  });
});
