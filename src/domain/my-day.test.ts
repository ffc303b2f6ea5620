import { describe, expect, it } from 'vitest';
import { businessCalendar, oneBusinessDayAfter } from './business-calendar.ts';
import { agendaSendBy, buildMyDay, type DayMeeting } from './my-day.ts';

const meeting = (over: Partial<DayMeeting>): DayMeeting => ({
  id: 'm',
  accountId: 'a',
  accountName: 'Globex',
  title: 'Acme / Globex CSM Call',
  state: 'planned',
  startsAt: '2026-11-25T15:00:00Z',
  agendaSentAt: null,
  heldAt: null,
  ...over,
});

describe("a CSM's day", () => {
  // Monday 23 November 2026, 08:00 in New York.
  const now = new Date('2026-11-23T13:00:00Z');
  const tz = 'America/New_York';

  it('the agenda of a Wednesday call is due two business days before, at 09:00 local', () => {
    expect(agendaSendBy('2026-11-25T15:00:00Z', 2, tz)).toBe('2026-11-23T14:00:00.000Z');
  });

  it('a Monday call needs its agenda by the Thursday before, skipping the weekend', () => {
    expect(agendaSendBy('2026-11-30T15:00:00Z', 2, tz)).toBe('2026-11-26T14:00:00.000Z');
  });

  it('a Wednesday call in a week whose Monday is a holiday needs its agenda by the Friday before', () => {
    expect(agendaSendBy('2026-11-25T15:00:00Z', 2, tz, businessCalendar(['2026-11-23']))).toBe('2026-11-20T14:00:00.000Z');
  });

  it('a follow-up two minutes past its due time is late on My day, as it is on the dashboard', () => {
    const day = buildMyDay(
      { meetings: [meeting({ id: 'held', state: 'held', heldAt: '2026-11-20T13:02:00Z' })], followUpDue: new Map([['held', '2026-11-23T12:58:00Z']]), tasks: [], agendaLeadDays: 2 },
      now,
      tz,
    );
    expect(day.followUpsOwed).toEqual([expect.objectContaining({ id: 'held', late: true })]);
  });

  it('in UTC the quick send-by and follow-up due times are the ones the zone rules give', () => {
    const calendar = businessCalendar(['2026-11-23']);
    for (const at of ['2026-11-25T15:00:00.000Z', '2026-11-30T07:30:00.000Z', '2026-11-24T23:59:00.000Z', '2026-11-21T12:00:00.000Z']) {
      expect(agendaSendBy(at, 2, 'UTC', calendar)).toBe(agendaSendBy(at, 2, 'Etc/UTC', calendar));
      expect(oneBusinessDayAfter(at, 'UTC', calendar)).toBe(oneBusinessDayAfter(at, 'Etc/UTC', calendar));
    }
  });

  it('an early call never gets a send-by after the call itself', () => {
    expect(agendaSendBy('2026-11-25T12:30:00Z', 0, tz)).toBe('2026-11-25T12:30:00.000Z');
  });

  it("lists today's calls, agendas to send soon, and follow-ups owed with the hours left", () => {
    const day = buildMyDay(
      {
        meetings: [
          meeting({ id: 'today', startsAt: '2026-11-23T20:00:00Z', agendaSentAt: '2026-11-20T10:00:00Z', state: 'agenda_sent' }),
          meeting({ id: 'wed', startsAt: '2026-11-25T15:00:00Z' }),
          meeting({ id: 'next-week', startsAt: '2026-12-03T15:00:00Z' }),
          meeting({ id: 'held-fri', state: 'held', startsAt: '2026-11-20T15:00:00Z', heldAt: '2026-11-20T16:00:00Z' }),
          meeting({ id: 'followed', state: 'followed_up', startsAt: '2026-11-19T15:00:00Z', heldAt: '2026-11-19T16:00:00Z' }),
        ],
        followUpDue: new Map([
          ['held-fri', '2026-11-23T16:00:00Z'],
          ['followed', '2026-11-20T16:00:00Z'],
        ]),
        tasks: [
          { id: 't1', title: 'Renewal in 60 days', rule: 'renewal', accountId: 'a', dueAt: '2026-11-20T14:00:00Z' },
          { id: 't2', title: 'Later', rule: 'x', accountId: 'a', dueAt: '2026-11-30T14:00:00Z' },
        ],
        agendaLeadDays: 2,
      },
      now,
      tz,
    );
    expect(day.date).toBe('2026-11-23');
    expect(day.callsToday.map((c) => [c.id, c.agendaSent])).toEqual([['today', true]]);
    expect(day.agendasToSend.map((a) => [a.id, a.late])).toEqual([['wed', false]]);
    expect(day.followUpsOwed).toEqual([expect.objectContaining({ id: 'held-fri', hoursLeft: 3, late: false })]);
    expect(day.tasksDue.map((t) => [t.id, t.overdue])).toEqual([['t1', true]]);
  });
});
