import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../calendar/business-calendar.ts';
import { arrInWords, buildCockpit, spanInWords, type CockpitAccount, type CockpitInput, type CockpitMeeting, type CockpitTask } from './cockpit.ts';

// Monday 23 November 2026, 10:00 in New York.
const now = new Date('2026-11-23T15:00:00Z');
const tz = 'America/New_York';

const meeting = (over: Partial<CockpitMeeting>): CockpitMeeting => ({
  id: 'm',
  accountId: 'a',
  accountName: 'Globex',
  title: 'Acme / Globex CSM Call',
  state: 'planned',
  startsAt: '2026-11-23T19:00:00Z',
  endsAt: null,
  agendaSentAt: null,
  heldAt: null,
  hasNotes: false,
  accountTimezone: tz,
  ...over,
});
const task = (over: Partial<CockpitTask>): CockpitTask => ({ id: 't', title: 'A task', rule: 'manual', accountId: 'a', dueAt: '2026-11-23T22:00:00Z', cause: null, ...over });
const account = (over: Partial<CockpitAccount>): CockpitAccount => ({ name: 'Globex', arr: 100_000, renewalDate: null, callOverdueDays: null, ...over });

function cockpit(over: Partial<CockpitInput>) {
  return buildCockpit({ meetings: [], followUpsOwed: new Map(), tasks: [], accounts: new Map(), agendaLeadDays: 2, calendar: businessCalendar(), ...over }, now, tz);
}

describe('My day as a cockpit', () => {
  it.each([
    [30_000, '1 min'],
    [45 * 60_000, '45 min'],
    [2 * 3_600_000, '2 h'],
    [30 * 3_600_000, '30 h'],
    [3 * 86_400_000 + 5, '3 days'],
  ])('a span of %i ms reads "%s"', (ms, words) => {
    expect(spanInWords(ms)).toBe(words);
    expect(spanInWords(-ms)).toBe(words);
  });

  it.each([
    [800, '$800'],
    [42_000, '$42k'],
    [1_250_000, '$1.3M'],
  ])('ARR of %i reads %s', (arr, words) => expect(arrInWords(arr)).toBe(words));

  it('puts the follow-up whose SLA runs out first at the top, late before due, each with its reason', () => {
    const items = cockpit({
      meetings: [meeting({ id: 'later', accountId: 'b', accountName: 'Initech', state: 'held', heldAt: '2026-11-23T14:00:00Z' }), meeting({ id: 'late', state: 'held', heldAt: '2026-11-19T15:00:00Z' })],
      followUpsOwed: new Map([
        ['later', null],
        ['late', '2026-11-20T15:00:00Z'],
      ]),
    });
    expect(items.map((i) => [i.key, i.reason])).toEqual([
      ['follow_up:late', 'follow-up 3 days late'],
      // No due time on file: one business day after it was held (the one follow-up rule).
      ['follow_up:later', 'follow-up due in 23 h (by Tue 24 Nov, 09:00)'],
    ]);
    expect(items[0]).toMatchObject({ urgency: 'late', target: { type: 'meeting', id: 'late', panel: 'follow-up' } });
  });

  it('a call that ended two hours ago and is not wrapped up asks for the wrap-up, never shows as planned', () => {
    const [item] = cockpit({ meetings: [meeting({ id: 'ended', startsAt: '2026-11-23T12:30:00Z', endsAt: '2026-11-23T13:00:00Z', agendaSentAt: '2026-11-19T14:00:00Z' })] });
    expect(item).toMatchObject({ kind: 'wrap_up', reason: 'ended 2 h ago — wrap up', target: { type: 'meeting', id: 'ended', panel: 'wrap-up' } });
  });

  it.each<[string, Partial<CockpitMeeting>, string, string]>([
    ['an agenda not sent and no notes', {}, 'call at 14:00 — agenda not sent, no notes yet', 'agenda'],
    ['an agenda sent and notes started', { agendaSentAt: '2026-11-19T14:00:00Z', hasNotes: true }, 'call at 14:00 — agenda sent, notes started', 'notes'],
    ['a call under way', { startsAt: '2026-11-23T14:50:00Z', endsAt: '2026-11-23T15:30:00Z', agendaSentAt: '2026-11-19T14:00:00Z' }, 'on now (since 09:50) — agenda sent, no notes yet', 'notes'],
  ])("today's call with %s shows its prep state", (_, over, reason, panel) => {
    const [item] = cockpit({ meetings: [meeting({ id: 'today', ...over })] });
    expect(item).toMatchObject({ kind: 'call', reason, target: { type: 'meeting', id: 'today', panel } });
  });

  it('agendas read how late they are or when they are due, and open the agenda panel', () => {
    const items = cockpit({
      meetings: [
        // Wednesday's call: its agenda was due at 09:00 today.
        meeting({ id: 'wed', startsAt: '2026-11-25T15:00:00Z' }),
        // Thursday's call: due tomorrow at 09:00.
        meeting({ id: 'thu', accountName: 'Initech', startsAt: '2026-11-26T15:00:00Z' }),
        // Sent already: nothing to do.
        meeting({ id: 'sent', state: 'agenda_sent', startsAt: '2026-11-26T15:00:00Z', agendaSentAt: '2026-11-20T15:00:00Z' }),
      ],
    });
    expect(items.map((i) => [i.key, i.reason, i.urgency])).toEqual([
      ['agenda:wed', 'agenda 1 h late (call Wed 25 Nov, 10:00)', 'late'],
      ['agenda:thu', 'send the agenda by Tue 24 Nov, 09:00', 'soon'],
    ]);
    expect(items[1]!.target).toEqual({ type: 'meeting', id: 'thu', panel: 'agenda' });
  });

  it('weighs overdue cadences by ARR and days late: a big account a few days late beats a small one long late', () => {
    const items = cockpit({
      tasks: [
        task({ id: 't-small', rule: 'cadence_overdue', accountId: 'small', title: 'Small: monthly call overdue', dueAt: '2026-11-03T22:00:00Z' }),
        task({ id: 't-big', rule: 'cadence_overdue', accountId: 'big', title: 'Big: monthly call overdue', dueAt: '2026-11-17T22:00:00Z' }),
      ],
      accounts: new Map([
        ['small', account({ name: 'Small', arr: 20_000, callOverdueDays: 20 })],
        ['big', account({ name: 'Big', arr: 300_000, callOverdueDays: 6 })],
      ]),
    });
    expect(items.map((i) => [i.accountName, i.reason])).toEqual([
      ['Big', 'call overdue 6 days · $300k ARR'],
      ['Small', 'call overdue 20 days · $20k ARR'],
    ]);
    expect(items[0]).toMatchObject({ taskId: 't-big', target: { type: 'account', id: 'big', section: 'meetings' } });
  });

  it('the whole list: follow-ups and wrap-ups by their deadline, then calls, cadences, renewals, then later things', () => {
    const items = cockpit({
      meetings: [
        meeting({ id: 'fu', accountId: 'a', state: 'held', heldAt: '2026-11-20T16:00:00Z' }),
        meeting({ id: 'ended', accountId: 'b', accountName: 'Initech', startsAt: '2026-11-23T13:00:00Z', endsAt: '2026-11-23T13:30:00Z' }),
        meeting({ id: 'today', accountId: 'c', accountName: 'Hooli', startsAt: '2026-11-23T20:00:00Z', agendaSentAt: '2026-11-19T14:00:00Z' }),
        meeting({ id: 'thu', accountId: 'd', accountName: 'Umbrella', startsAt: '2026-11-26T15:00:00Z' }),
      ],
      followUpsOwed: new Map([['fu', '2026-11-23T16:00:00Z']]),
      tasks: [
        task({ id: 'cad', rule: 'cadence_overdue', accountId: 'e', dueAt: '2026-11-16T22:00:00Z' }),
        task({ id: 'ren-far', rule: 'renewal', accountId: 'f', title: 'Far renewal' }),
        task({ id: 'ren-near', rule: 'renewal', accountId: 'g', title: 'Near renewal' }),
        task({ id: 'touch', rule: 'touch_overdue', accountId: 'h', dueAt: '2026-11-20T22:00:00Z' }),
        // The follow-up task of a call already listed is not shown twice.
        task({ id: 'fu-task', rule: 'send_follow_up', accountId: 'a', cause: { type: 'meeting', id: 'fu' } }),
      ],
      accounts: new Map([
        ['e', account({ name: 'Stark', arr: 90_000, callOverdueDays: 5 })],
        ['f', account({ name: 'Wayne', renewalDate: '2027-02-01' })],
        ['g', account({ name: 'Acme', renewalDate: '2026-12-10', arr: 250_000 })],
        ['h', account({ name: 'Soylent' })],
      ]),
    });
    expect(items.map((i) => `${i.kind} ${i.accountName}: ${i.reason}`)).toEqual([
      'task Soylent: touch 2 days late',
      'wrap_up Initech: ended 2 h ago — wrap up',
      'follow_up Globex: follow-up due in 1 h (by Mon 23 Nov, 11:00)',
      'call Hooli: call at 15:00 — agenda sent, no notes yet',
      'cadence Stark: call overdue 5 days · $90k ARR',
      'renewal Acme: renewal in 17 days · $250k ARR',
      'renewal Wayne: renewal in 70 days · $100k ARR',
      'agenda Umbrella: send the agenda by Tue 24 Nov, 09:00',
    ]);
  });

  it('a task links to what it is about: its call, its action item, or its account', () => {
    const items = cockpit({
      tasks: [
        task({ id: 'ai', rule: 'customer_items_overdue', cause: { type: 'action_item', id: 'item-1' }, dueAt: '2026-11-23T21:00:00Z' }),
        task({ id: 'ag', rule: 'send_agenda', cause: { type: 'meeting', id: 'm-far' }, dueAt: '2026-11-23T22:00:00Z' }),
        task({ id: 'lic', rule: 'licence_low', cause: { type: 'account', id: 'a' }, dueAt: '2026-11-23T23:00:00Z' }),
      ],
      accounts: new Map([['a', account({})]]),
    });
    expect(items.map((i) => [i.reason, i.target])).toEqual([
      ['customer item due today at 16:00', { type: 'action_item', id: 'item-1', accountId: 'a' }],
      ['agenda due today at 17:00', { type: 'meeting', id: 'm-far', panel: 'agenda' }],
      ['licence check due today at 18:00', { type: 'account', id: 'a', section: 'overview' }],
    ]);
  });

  it('a cancelled call and a call followed up already are not on the list', () => {
    expect(cockpit({ meetings: [meeting({ id: 'c', state: 'cancelled' }), meeting({ id: 'f', state: 'followed_up', heldAt: '2026-11-20T15:00:00Z' })] })).toEqual([]);
  });
});
