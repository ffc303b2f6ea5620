/**
 * Whether a call falls inside working hours on both sides: 08:00 to 18:00 in the customer's zone
 * (the account's) and in the CSM's (the organiser's). A 3 AM call for a Sydney customer is booked
 * only after the CSM has seen both local times and said so.
 * Pure: zones and times come in from the caller.
 */
import { DateTime } from 'luxon';
import type { Instant } from '../model.ts';
import { clockIn } from './call-time.ts';

export const WORKING_DAY = { from: 8, to: 18 } as const;

export interface CallSide {
  /** Who sits there, as the warning names them: the account's name, or the CSM's. */
  who: string;
  zone: string;
}

export interface CallSlot {
  startsAt: Instant;
  endsAt: Instant;
}

function inHours(slot: CallSlot, zone: string): boolean {
  const start = DateTime.fromISO(slot.startsAt, { zone });
  const end = DateTime.fromISO(slot.endsAt, { zone });
  const dayStart = start.startOf('day').set({ hour: WORKING_DAY.from });
  const dayEnd = start.startOf('day').set({ hour: WORKING_DAY.to });
  return start >= dayStart && end <= dayEnd;
}

function describe(slot: CallSlot, side: CallSide): string {
  const date = DateTime.fromISO(slot.startsAt, { zone: side.zone }).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
  const end = DateTime.fromISO(slot.endsAt, { zone: side.zone }).toFormat('HH:mm');
  return `${date}, ${clockIn(slot.startsAt, side.zone).replace(/^(\d\d:\d\d)/, `$1–${end}`)} for ${side.who}`;
}

/**
 * null when every call is within 08:00–18:00 on both sides; else a warning naming the first call
 * outside them in both local times (and how many calls of a series are outside).
 */
export function outOfHoursWarning(slots: CallSlot[], customer: CallSide, csm: CallSide): string | null {
  const outside = slots.filter((s) => !inHours(s, customer.zone) || !inHours(s, csm.zone));
  if (outside.length === 0) return null;
  const first = outside[0]!;
  const many = slots.length > 1 ? `${outside.length} of ${slots.length} calls are` : 'the call is';
  return `${many} outside working hours (${String(WORKING_DAY.from).padStart(2, '0')}:00–${WORKING_DAY.to}:00): ${describe(first, customer)}; ${describe(first, csm)}`;
}

/**
 * The earliest start on the UTC day of `day` (on the half hour) at which a call of `minutes` is
 * inside working hours in every zone, or null when the zones share no such time that day.
 */
export function firstSharedSlot(day: Date, zones: string[], minutes = 30): Instant | null {
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  for (let step = 0; step < 48; step += 1) {
    const startsAt = new Date(midnight + step * 30 * 60_000).toISOString();
    const slot = { startsAt, endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString() };
    if (zones.every((zone) => inHours(slot, zone))) return startsAt;
  }
  return null;
}
