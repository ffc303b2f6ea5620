/**
 * The one rule for a call time that someone outside Cadence reads (mails, invites' text, the share
 * page): in the reader's zone, with the zone named, and the other side's time in brackets when
 * their zone differs. Customers read in the account's zone; our team in their own.
 * Pure: zones come in from the caller.
 */
import type { Instant } from '../model.ts';
import { formatCallTime } from './meeting-dates.ts';

export interface CallTimeReader {
  /** The reader's IANA zone: the account's for customers, the user's for the team. */
  zone: string;
  /** The other side's zone, shown in brackets when it differs from the reader's. */
  otherZone?: string | null;
}

/** "Tuesday 8 December 2026, 15:00 AEDT (04:00 GMT)". */
export function formatCallTimeFor(at: Instant, reader: CallTimeReader): string {
  const own = formatCallTime(at, reader.zone);
  if (!reader.otherZone || reader.otherZone === reader.zone) return own;
  const other = formatCallTime(at, reader.otherZone);
  const otherClock = other.slice(other.lastIndexOf(', ') + 2);
  return `${own} (${otherClock})`;
}
