/**
 * "Avoid scheduling back-to-back meetings", so there is time to clean up the notes: a call that
 * starts or ends within the gap (15 minutes unless the team set another) of another of the
 * CSM's calls, or overlaps it, is booked only after the CSM has seen which call it crowds.
 * Pure: the CSM's other calls and their zone come in from the caller.
 */
import { DateTime } from 'luxon';
import type { Instant } from '../model.ts';
import type { CallSlot } from './working-hours.ts';

export const DEFAULT_BACK_TO_BACK_MINUTES = 15;

export interface BusyCall {
  id: string;
  title: string;
  startsAt: Instant;
  endsAt: Instant;
}

export interface BackToBack {
  slot: CallSlot;
  other: BusyCall;
  /** Minutes between the two calls; negative when they overlap. */
  gapMinutes: number;
}

/** Every slot that comes within `gapMinutes` of a busy call (or overlaps one), with the closest such call. 0 switches the check off. */
export function findBackToBack(slots: readonly CallSlot[], busy: readonly BusyCall[], gapMinutes: number): BackToBack[] {
  if (!(gapMinutes > 0)) return [];
  const out: BackToBack[] = [];
  for (const slot of slots) {
    const s = Date.parse(slot.startsAt);
    const e = Date.parse(slot.endsAt);
    let closest: BackToBack | null = null;
    for (const other of busy) {
      const os = Date.parse(other.startsAt);
      const oe = Date.parse(other.endsAt);
      // The gap between the two intervals; negative when they overlap.
      const gap = Math.max(os - e, s - oe) / 60_000;
      if (gap < gapMinutes && (!closest || gap < closest.gapMinutes)) closest = { slot, other, gapMinutes: Math.round(gap) };
    }
    if (closest) out.push(closest);
  }
  return out;
}

/**
 * null when no call is within the gap of another of the CSM's calls; else the warning, naming
 * the first crowded call and the call it crowds in the CSM's zone, and how many of a series.
 */
export function backToBackWarning(slots: readonly CallSlot[], busy: readonly BusyCall[], gapMinutes: number, csmZone: string): string | null {
  const found = findBackToBack(slots, busy, gapMinutes);
  if (found.length === 0) return null;
  const first = found[0]!;
  const at = (i: Instant) => DateTime.fromISO(i, { zone: csmZone });
  const when = `${at(first.slot.startsAt).setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm')}–${at(first.slot.endsAt).toFormat('HH:mm')}`;
  const other = `${first.other.title} (${at(first.other.startsAt).toFormat('HH:mm')}–${at(first.other.endsAt).toFormat('HH:mm')})`;
  const relation = first.gapMinutes < 0 ? `overlaps ${other}` : `is ${first.gapMinutes === 0 ? 'right next to' : `${first.gapMinutes} minutes from`} ${other}`;
  const many = slots.length > 1 ? `${found.length} of ${slots.length} calls are within ${gapMinutes} minutes of another of your calls; the first, ` : 'the call, ';
  return `no time to clean up notes: ${many}${when} (${csmZone}), ${relation}`;
}
