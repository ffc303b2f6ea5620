/**
 * My day as a cockpit: one list, ordered by what to do first, each item with the reason in words
 * and the exact thing to open. Pure: the service hands in the calls, follow-ups, tasks and the
 * accounts they are about; the clock and the user's zone come in too.
 *
 * The order, top to bottom:
 * 1. Anything with a deadline today or already past, soonest deadline first (so the late ones lead):
 *    follow-ups owed (their SLA), calls that ended and are not wrapped up (due when they ended),
 *    today's calls (by start), agendas to send and tasks due.
 * 2. Overdue cadences, heaviest first: ARR × days late.
 * 3. Renewals in their window, soonest first (bigger ARR first on the same day).
 * 4. The rest (deadlines after today), soonest first.
 */
import { DateTime } from 'luxon';
import { followUpDueAt } from '../meeting/follow-up-due.ts';
import { agendaSendBy } from './my-day.ts';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Instant } from '../model.ts';

export type CockpitKind = 'follow_up' | 'wrap_up' | 'call' | 'agenda' | 'cadence' | 'renewal' | 'task';

/** Where an item takes the user: a panel of a meeting, a part of an account, or an action item. */
export type CockpitTarget =
  | { type: 'meeting'; id: string; panel: 'agenda' | 'notes' | 'wrap-up' | 'follow-up' }
  | { type: 'account'; id: string; section: 'meetings' | 'renewal' | 'overview' }
  | { type: 'action_item'; id: string; accountId: string }
  | { type: 'handoff'; id: string };

export interface CockpitItem {
  key: string;
  kind: CockpitKind;
  accountId: string | null;
  accountName: string;
  title: string;
  /** Why it is here and how urgent, in words that differ per kind: "agenda 2 days late". */
  reason: string;
  /** late: its moment has passed; today: due before the day ends; soon: later. */
  urgency: 'late' | 'today' | 'soon';
  /** The moment it must be done by, when it has one. */
  dueAt: Instant | null;
  target: CockpitTarget;
  /** The playbook task behind it, which Done closes. */
  taskId: string | null;
}

export interface CockpitMeeting {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  state: string;
  startsAt: Instant;
  endsAt: Instant | null;
  agendaSentAt: Instant | null;
  heldAt: Instant | null;
  /** Notes written for the call so far (free notes or against an item). */
  hasNotes: boolean;
  /** The account's zone: the follow-up SLA is counted in it. */
  accountTimezone: string;
}

export interface CockpitTask {
  id: string;
  title: string;
  rule: string;
  accountId: string | null;
  dueAt: Instant;
  cause: { type: string; id: string } | null;
}

export interface CockpitAccount {
  name: string;
  arr: number;
  renewalDate: string | null;
  /** Days the next call is late, as the cadence engine last computed it. */
  callOverdueDays: number | null;
}

export interface CockpitInput {
  meetings: CockpitMeeting[];
  /** Held calls whose follow-up is not sent: the due time on file, if any. */
  followUpsOwed: Map<string, Instant | null>;
  tasks: CockpitTask[];
  accounts: Map<string, CockpitAccount>;
  agendaLeadDays: number;
  calendar: BusinessCalendar;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PLANNED = new Set(['planned', 'agenda_sent']);
/** A call with no end on file is taken to last this long. */
const DEFAULT_CALL_MS = 30 * 60_000;

/** "45 min", "3 h", "2 days": a span read at a glance. */
export function spanInWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < HOUR) return `${Math.max(1, Math.round(abs / 60_000))} min`;
  if (abs < 2 * DAY) return `${Math.round(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} days`;
}

/** "$120k", "$1.2M": ARR in a reason. */
export function arrInWords(arr: number): string {
  if (arr >= 1_000_000) return `$${Math.round(arr / 100_000) / 10}M`;
  if (arr >= 1000) return `$${Math.round(arr / 1000)}k`;
  return `$${arr}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Words for a playbook task's kind, so late tasks do not all read "overdue". */
const TASK_WORDS: Record<string, string> = {
  touch_overdue: 'touch',
  licence_low: 'licence check',
  licence_high: 'expansion talk',
  security_alerts: 'security alerts',
  no_findings: 'findings check',
  health_traits: 'health traits',
  champion_left: 'new champion',
  customer_items_overdue: 'customer item',
  sales_context: 'sales context',
  send_agenda: 'agenda',
  send_follow_up: 'follow-up',
  manual: 'task',
};

/** How many days a cadence call is late: the engine's figure, else counted from the task's due time. */
function cadenceDaysLate(account: CockpitAccount | undefined, dueAt: Instant | null, nowMs: number): number {
  if (account?.callOverdueDays) return account.callOverdueDays;
  return dueAt ? Math.max(1, Math.ceil((nowMs - Date.parse(dueAt)) / DAY)) : 1;
}

/** The cockpit list for `now`, in the user's zone. */
export function buildCockpit(input: CockpitInput, now: Date, timezone: string): CockpitItem[] {
  const nowMs = now.getTime();
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const endOfDayMs = local.endOf('day').toMillis();
  const startOfDayMs = local.startOf('day').toMillis();
  const clock = (iso: Instant) => DateTime.fromISO(iso, { zone: timezone }).toFormat('HH:mm');
  const day = (iso: Instant) => DateTime.fromISO(iso, { zone: timezone }).toFormat('ccc d LLL, HH:mm');
  const urgencyOf = (dueMs: number): CockpitItem['urgency'] => (dueMs < nowMs ? 'late' : dueMs <= endOfDayMs ? 'today' : 'soon');
  const items: CockpitItem[] = [];
  const meetingsShown = new Set<string>();

  for (const m of input.meetings) {
    if (m.state === 'held' && input.followUpsOwed.has(m.id)) {
      const dueAt = followUpDueAt({ heldAt: m.heldAt ?? m.startsAt, followUpDueAt: input.followUpsOwed.get(m.id) ?? null }, m.accountTimezone, input.calendar);
      const left = Date.parse(dueAt) - nowMs;
      items.push({
        key: `follow_up:${m.id}`,
        kind: 'follow_up',
        accountId: m.accountId,
        accountName: m.accountName,
        title: `Send the follow-up for ${m.title}`,
        reason: left < 0 ? `follow-up ${spanInWords(left)} late` : `follow-up due in ${spanInWords(left)} (by ${day(dueAt)})`,
        urgency: urgencyOf(Date.parse(dueAt)),
        dueAt,
        target: { type: 'meeting', id: m.id, panel: 'follow-up' },
        taskId: null,
      });
      meetingsShown.add(m.id);
      continue;
    }
    if (!PLANNED.has(m.state)) continue;
    const startMs = Date.parse(m.startsAt);
    // An end on file no later than the start means none was given.
    const endMs = m.endsAt && Date.parse(m.endsAt) > startMs ? Date.parse(m.endsAt) : startMs + DEFAULT_CALL_MS;
    if (endMs <= nowMs) {
      // Ended and not wrapped up: due the moment it ended, while the call is fresh.
      items.push({
        key: `wrap_up:${m.id}`,
        kind: 'wrap_up',
        accountId: m.accountId,
        accountName: m.accountName,
        title: `Wrap up ${m.title}`,
        reason: `ended ${spanInWords(nowMs - endMs)} ago — wrap up`,
        urgency: 'late',
        dueAt: new Date(endMs).toISOString(),
        target: { type: 'meeting', id: m.id, panel: 'wrap-up' },
        taskId: null,
      });
      meetingsShown.add(m.id);
      continue;
    }
    const sendBy = agendaSendBy(m.startsAt, input.agendaLeadDays, timezone, input.calendar);
    if (startMs >= startOfDayMs && startMs <= endOfDayMs) {
      const prep = [m.agendaSentAt ? 'agenda sent' : 'agenda not sent', m.hasNotes ? 'notes started' : 'no notes yet'].join(', ');
      const when = startMs <= nowMs ? `on now (since ${clock(m.startsAt)})` : `call at ${clock(m.startsAt)}`;
      items.push({
        key: `call:${m.id}`,
        kind: 'call',
        accountId: m.accountId,
        accountName: m.accountName,
        title: m.title,
        reason: `${when} — ${prep}`,
        urgency: m.agendaSentAt ? 'today' : 'late',
        dueAt: m.startsAt,
        target: { type: 'meeting', id: m.id, panel: m.agendaSentAt ? 'notes' : 'agenda' },
        taskId: null,
      });
      meetingsShown.add(m.id);
      continue;
    }
    if (m.state !== 'planned' || startMs < nowMs) continue;
    const sendByMs = Date.parse(sendBy);
    // Agendas whose send-by moment comes before the end of tomorrow's list, as My day had it.
    if (sendByMs > endOfDayMs + 3 * DAY) continue;
    const late = sendByMs < nowMs;
    items.push({
      key: `agenda:${m.id}`,
      kind: 'agenda',
      accountId: m.accountId,
      accountName: m.accountName,
      title: `Send the agenda for ${m.title}`,
      reason: late ? `agenda ${spanInWords(nowMs - sendByMs)} late (call ${day(m.startsAt)})` : `send the agenda by ${day(sendBy)}`,
      urgency: urgencyOf(sendByMs),
      dueAt: sendBy,
      target: { type: 'meeting', id: m.id, panel: 'agenda' },
      taskId: null,
    });
    meetingsShown.add(m.id);
  }

  for (const t of input.tasks) {
    // A follow-up or agenda already on the list as its call: not twice.
    if ((t.rule === 'send_follow_up' || t.rule === 'send_agenda') && t.cause?.type === 'meeting' && meetingsShown.has(t.cause.id)) continue;
    const account = t.accountId ? input.accounts.get(t.accountId) : undefined;
    const accountName = account?.name ?? '';
    const dueMs = Date.parse(t.dueAt);
    if (t.rule === 'cadence_overdue' && t.accountId) {
      const days = cadenceDaysLate(account, t.dueAt, nowMs);
      items.push({
        key: `cadence:${t.accountId}`,
        kind: 'cadence',
        accountId: t.accountId,
        accountName,
        title: t.title,
        reason: `call overdue ${plural(days, 'day')}${account ? ` · ${arrInWords(account.arr)} ARR` : ''}`,
        urgency: 'late',
        dueAt: t.dueAt,
        target: { type: 'account', id: t.accountId, section: 'meetings' },
        taskId: t.id,
      });
      continue;
    }
    if (t.rule === 'renewal' && t.accountId && account?.renewalDate) {
      const daysLeft = Math.round((Date.parse(`${account.renewalDate}T00:00:00Z`) - Date.parse(`${local.toISODate()}T00:00:00Z`)) / DAY);
      items.push({
        key: `renewal:${t.accountId}`,
        kind: 'renewal',
        accountId: t.accountId,
        accountName,
        title: t.title,
        reason: `renewal in ${plural(daysLeft, 'day')} · ${arrInWords(account.arr)} ARR`,
        urgency: daysLeft <= 30 ? 'today' : 'soon',
        dueAt: null,
        target: { type: 'account', id: t.accountId, section: 'renewal' },
        taskId: t.id,
      });
      continue;
    }
    const word = TASK_WORDS[t.rule] ?? 'task';
    const target: CockpitTarget =
      t.cause?.type === 'meeting'
        ? { type: 'meeting', id: t.cause.id, panel: t.rule === 'send_agenda' ? 'agenda' : 'follow-up' }
        : t.cause?.type === 'handoff'
          ? { type: 'handoff', id: t.cause.id }
          : t.cause?.type === 'action_item' && t.accountId
            ? { type: 'action_item', id: t.cause.id, accountId: t.accountId }
            : { type: 'account', id: t.accountId ?? '', section: 'overview' };
    items.push({
      key: `task:${t.id}`,
      kind: 'task',
      accountId: t.accountId,
      accountName,
      title: t.title,
      reason: dueMs < nowMs ? `${word} ${spanInWords(nowMs - dueMs)} late` : dueMs <= endOfDayMs ? `${word} due today at ${clock(t.dueAt)}` : `${word} due ${day(t.dueAt)}`,
      urgency: urgencyOf(dueMs),
      dueAt: t.dueAt,
      target,
      taskId: t.id,
    });
  }
  return orderCockpit(items, input.accounts, now, timezone);
}

/** The cockpit's order (see the file's head); ties fall back to the account's name, then the key. */
export function orderCockpit(items: CockpitItem[], accounts: Map<string, CockpitAccount>, now: Date, timezone: string): CockpitItem[] {
  const endOfDayMs = DateTime.fromJSDate(now, { zone: timezone }).endOf('day').toMillis();
  const tier = (i: CockpitItem) => {
    if (i.kind === 'cadence') return 2;
    if (i.kind === 'renewal') return 3;
    return i.dueAt !== null && Date.parse(i.dueAt) <= endOfDayMs ? 1 : 4;
  };
  const account = (i: CockpitItem) => (i.accountId ? accounts.get(i.accountId) : undefined);
  const cadenceWeight = (i: CockpitItem) => (account(i)?.arr ?? 0) * cadenceDaysLate(account(i), i.dueAt, now.getTime());
  const renewalOn = (i: CockpitItem) => account(i)?.renewalDate ?? '9999-12-31';
  const dueMs = (i: CockpitItem) => (i.dueAt ? Date.parse(i.dueAt) : Number.MAX_SAFE_INTEGER);
  const within = (a: CockpitItem, b: CockpitItem) => {
    if (a.kind === 'cadence') return cadenceWeight(b) - cadenceWeight(a);
    if (a.kind === 'renewal') return renewalOn(a).localeCompare(renewalOn(b)) || (account(b)?.arr ?? 0) - (account(a)?.arr ?? 0);
    return dueMs(a) - dueMs(b);
  };
  return [...items].sort((a, b) => tier(a) - tier(b) || within(a, b) || a.accountName.localeCompare(b.accountName) || a.key.localeCompare(b.key));
}
