/**
 * When each account's next call and next touch are due, and how late they are, in the account's
 * time zone and on business days. Calls count as touches; cancelled calls count as nothing.
 *
 * Error style: total functions, no throws; inputs come from the store already validated
 * (time zones checked with `assertTimezone` when saved). Cheap enough to run over the whole
 * book on every read: day-number arithmetic and cached formatters, no luxon in the hot path.
 */
import {
  addBusinessDays,
  addMonths,
  daysBetween,
  fromDayNumber,
  localDate,
  onOrAfterBusinessDayNumber,
  toDayNumber,
  type BusinessCalendar,
} from './business-days.ts';
import { describeFrequency, intervalOf, type CadencePolicy, type Interval, type ResolvedCadence } from './cadence-policy.ts';
import type { CalendarDate, Instant, MeetingState, MeetingType } from './model.ts';

export type DueStateName = 'overdue' | 'due_soon' | 'on_track' | 'nothing_owed';

export interface DueInput {
  cadence: ResolvedCadence;
  /** The last call actually held (see `lastHeldCallAt`); null when none yet. */
  lastCallAt: Instant | null;
  /** The last touch of any kind (email, Slack message, call); null when none yet. */
  lastTouchAt: Instant | null;
  /** When the account joined the book: with nothing held yet, dues count from here. */
  createdAt: Instant;
  /** When the account entered its current stage, for lifecycle touches; null: unknown. */
  stageEnteredAt?: Instant | null;
  timezone: string;
}

export interface DueState {
  /** The cadence in words ("monthly", "no recurring calls"). */
  cadence: string;
  lastCallOn: CalendarDate | null;
  lastTouchOn: CalendarDate | null;
  nextCallDue: CalendarDate | null;
  nextTouchDue: CalendarDate | null;
  /** Calendar days past the due date; 0 when not late (a call due today is not late yet). */
  callOverdueDays: number;
  touchOverdueDays: number;
  daysOverdue: number;
  state: DueStateName;
}

type Timing = Pick<CadencePolicy, 'firstCallWithinBusinessDays' | 'dueSoonDays' | 'lifecycleTouches'>;

/** The date one interval after `date`; months clamp to the month's end (31 Jan + 1 month = end of Feb). */
export function addInterval(date: CalendarDate, interval: Interval): CalendarDate {
  if (interval.unit === 'month') return addMonths(date, interval.every);
  return fromDayNumber(toDayNumber(date) + interval.every * (interval.unit === 'week' ? 7 : 1));
}

const HELD_STATES: ReadonlySet<MeetingState> = new Set(['held', 'followed_up', 'complete']);

/**
 * The instant of the last customer call that actually took place: planned, agenda-sent and
 * cancelled meetings do not count, nor do internal reviews. A held call's own `heldAt` wins over
 * its planned start.
 */
export function lastHeldCallAt(meetings: readonly { state: MeetingState; startsAt: Instant; heldAt?: Instant | null; type?: MeetingType }[]): Instant | null {
  let best: Instant | null = null;
  let bestMs = -Infinity;
  for (const m of meetings) {
    if (!HELD_STATES.has(m.state) || m.type === 'internal_review') continue;
    const at = m.heldAt ?? m.startsAt;
    const ms = Date.parse(at);
    if (ms > bestMs) {
      best = at;
      bestMs = ms;
    }
  }
  return best;
}

function later(a: Instant | null, b: Instant | null): Instant | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * The due state of one account. `today` is the account's local date at the moment of asking
 * (`localDate(now, timezone)`); the batch function below computes it once per zone.
 */
export function computeDueOn(input: DueInput, timing: Timing, today: CalendarDate, calendar: BusinessCalendar): DueState {
  const tz = input.timezone;
  const { cadence } = input;
  const lastCallOn = input.lastCallAt ? localDate(input.lastCallAt, tz) : null;
  const touchAt = later(input.lastTouchAt, input.lastCallAt);
  const lastTouchOn = touchAt ? localDate(touchAt, tz) : null;
  let createdOn: CalendarDate | null = null;
  const created = () => (createdOn ??= localDate(input.createdAt, tz));

  const callInterval = intervalOf(cadence.call);
  let nextCallDue: CalendarDate | null = null;
  if (callInterval) {
    nextCallDue = lastCallOn
      ? fromDayNumber(onOrAfterBusinessDayNumber(toDayNumber(addInterval(lastCallOn, callInterval)), calendar))
      : addBusinessDays(created(), timing.firstCallWithinBusinessDays, calendar);
  }

  let nextTouchDue: CalendarDate | null = null;
  if (cadence.touchFloor) {
    nextTouchDue = fromDayNumber(onOrAfterBusinessDayNumber(toDayNumber(addInterval(lastTouchOn ?? created(), cadence.touchFloor)), calendar));
  }
  if (cadence.lifecycleTouch && input.stageEnteredAt && (!touchAt || Date.parse(touchAt) < Date.parse(input.stageEnteredAt))) {
    // Entering a lifecycle stage owes a touch soon, even when the monthly floor is further away.
    const lifecycleDue = addBusinessDays(localDate(input.stageEnteredAt, tz), timing.lifecycleTouches.withinBusinessDays, calendar);
    if (!nextTouchDue || lifecycleDue < nextTouchDue) nextTouchDue = lifecycleDue;
  }

  const callOverdueDays = nextCallDue ? Math.max(0, daysBetween(nextCallDue, today)) : 0;
  const touchOverdueDays = nextTouchDue ? Math.max(0, daysBetween(nextTouchDue, today)) : 0;
  const daysOverdue = Math.max(callOverdueDays, touchOverdueDays);
  const soonest = nextCallDue && (!nextTouchDue || nextCallDue < nextTouchDue) ? nextCallDue : nextTouchDue;
  const state: DueStateName =
    daysOverdue > 0 ? 'overdue' : soonest === null ? 'nothing_owed' : daysBetween(today, soonest) <= timing.dueSoonDays ? 'due_soon' : 'on_track';
  return {
    cadence: describeFrequency(cadence.call),
    lastCallOn,
    lastTouchOn,
    nextCallDue,
    nextTouchDue,
    callOverdueDays,
    touchOverdueDays,
    daysOverdue,
    state,
  };
}

/** The due state of one account at `now`. */
export function computeDue(input: DueInput, timing: Timing, now: Instant | Date, calendar: BusinessCalendar): DueState {
  return computeDueOn(input, timing, localDate(now, input.timezone), calendar);
}

/** Due states for a whole book at `now`, in input order; each zone's "today" is computed once. */
export function computeDueStates(inputs: readonly DueInput[], timing: Timing, now: Instant | Date, calendar: BusinessCalendar): DueState[] {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const todays = new Map<string, CalendarDate>();
  const out: DueState[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i += 1) {
    const input = inputs[i]!;
    let today = todays.get(input.timezone);
    if (today === undefined) {
      today = localDate(nowMs, input.timezone);
      todays.set(input.timezone, today);
    }
    out[i] = computeDueOn(input, timing, today, calendar);
  }
  return out;
}
