/**
 * The one rule for a call time that someone outside Cadence reads (mails, invites' text, the share
 * page): in the reader's zone, with the zone named, and the other side's time in brackets when
 * their zone differs. Customers read in the account's zone; our team in their own.
 * Pure: zones come in from the caller.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../model.ts';

export interface CallTimeReader {
  /** The reader's IANA zone: the account's for customers, the user's for the team. */
  zone: string;
  /** The other side's zone, shown in brackets when it differs from the reader's. */
  otherZone?: string | null;
}

/**
 * A zone's name as a reader knows it: the city of an IANA zone ("Sydney time"), "UTC" for UTC.
 * An abbreviation alone is not enough: ICU writes Sydney as "GMT+11" in one locale and
 * "AEDT" in another, and "CST" is Chicago and Shanghai.
 */
export function zoneName(zone: string): string {
  if (/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/i.test(zone)) return 'UTC';
  const city = zone.split('/').at(-1)!.replace(/_/g, ' ');
  return `${city} time`;
}

// ICU knows each region's abbreviations only under that region's English: CST under en-US, CET under en-GB, AEDT under en-AU, IST under en-IN.
const LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

/** The zone's short label at that moment: "AEDT", "CET", "EST", else "GMT+8". */
function abbreviation(d: DateTime): string {
  for (const locale of LOCALES) {
    const label = d.setLocale(locale).toFormat('ZZZZ');
    if (!/^GMT[+-]/.test(label)) return label;
  }
  return d.toFormat('ZZZZ');
}

function local(at: Instant, zone: string): DateTime {
  // An unknown zone would print "Invalid DateTime" into a customer's mail; UTC is at least true.
  return DateTime.fromISO(at, { zone: IANAZone.isValidZone(zone) ? zone : 'UTC' }).setLocale('en-GB');
}

/** "15:00 AEDT, Sydney time" (the clock and the zone, no date). */
export function clockIn(at: Instant, zone: string): string {
  const d = local(at, zone);
  const label = abbreviation(d);
  const name = zoneName(zone);
  return name === 'UTC' ? `${d.toFormat('HH:mm')} UTC` : `${d.toFormat('HH:mm')} ${label}, ${name}`;
}

/**
 * "Tuesday 8 December 2026, 15:00 AEDT, Sydney time (04:00 GMT, London time)"; when the other
 * side's date differs it is named too: "(Monday 7 December, 22:00 CST, Chicago time)".
 */
export function formatCallTimeFor(at: Instant, reader: CallTimeReader): string {
  const own = local(at, reader.zone);
  const text = `${own.toFormat('cccc d LLLL yyyy')}, ${clockIn(at, reader.zone)}`;
  if (!reader.otherZone || reader.otherZone === reader.zone) return text;
  const other = local(at, reader.otherZone);
  if (other.offset === own.offset && zoneName(reader.otherZone) === zoneName(reader.zone)) return text;
  const sameDay = other.toISODate() === own.toISODate();
  return `${text} (${sameDay ? '' : `${other.toFormat('cccc d LLLL')}, `}${clockIn(at, reader.otherZone)})`;
}
