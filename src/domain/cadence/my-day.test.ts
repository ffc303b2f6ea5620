import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { addBusinessDays, businessCalendar, oneBusinessDayAfter } from '../calendar/business-calendar.ts';
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
    const day = buildMyDay({ meetings: [meeting({ id: 'held', state: 'held', heldAt: '2026-11-20T13:02:00Z' })], followUpDue: new Map([['held', '2026-11-23T12:58:00Z']]), tasks: [], agendaLeadDays: 2 }, now, tz);
    expect(day.followUpsOwed).toEqual([expect.objectContaining({ id: 'held', late: true })]);
  });

  it('send-by and follow-up due times keep the local time of day across daylight-saving changes, in every zone', () => {
    const calendar = businessCalendar(['2026-11-23']);
    // What a date library gives for the same rules: the same wall-clock time on the business day found.
    const luxonDue = (at: string, zone: string) => {
      const local = DateTime.fromISO(at, { zone });
      const [year, month, day] = addBusinessDays(local.toISODate()!, 1, calendar).split('-').map(Number) as [number, number, number];
      return local.set({ year, month, day }).toUTC().toISO()!;
    };
    const luxonSendBy = (at: string, zone: string) => {
      const call = DateTime.fromISO(at, { zone });
      const morning = call.startOf('day').set({ hour: 9 });
      const [year, month, day] = addBusinessDays(call.toISODate()!, -2, calendar).split('-').map(Number) as [number, number, number];
      const sendBy = morning.set({ year, month, day });
      const latest = morning < call ? morning : call;
      return (sendBy < latest ? sendBy : latest).toUTC().toISO()!;
    };
    const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'America/Los_Angeles'];
    // Weeks around the October and November clock changes, every seven hours.
    const from = [Date.parse('2026-10-20T00:00:00Z'), Date.parse('2026-10-30T00:00:00Z'), Date.parse('2026-03-25T00:00:00Z'), Date.parse('2026-03-05T00:00:00Z')];
    for (const zone of zones) {
      for (const start of from) {
        for (let h = 0; h < 24 * 14; h += 7) {
          const at = new Date(start + h * 3_600_000).toISOString();
          expect(oneBusinessDayAfter(at, zone, calendar), `${zone} ${at}`).toBe(luxonDue(at, zone));
          expect(agendaSendBy(at, 2, zone, calendar), `${zone} ${at}`).toBe(luxonSendBy(at, zone));
        }
      }
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
