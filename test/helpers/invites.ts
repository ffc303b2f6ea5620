/**
 * Reading invites the way attendees' calendars do, for the invite tests: two independent parsers
 * (ical.js, and Debian's python3-icalendar through test/helpers/ics_parse.py) that read every
 * iCalendar file into one plain shape, and a simulated calendar that applies the messages in the
 * order they arrive as RFC 5546 says (REQUEST and CANCEL matched by UID, RECURRENCE-ID and
 * SEQUENCE) and shows which calls it holds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import type { ReceivedMail } from './smtp.ts';

export interface ReadEvent {
  uid: string;
  /** The occurrence's original start (UTC, `…Z`, seconds), or null for a single call or a series' own event. */
  recurrenceId: string | null;
  sequence: number;
  status: string;
  start: string;
  end: string | null;
  summary: string;
  exdates: string[];
  /** For a recurring event: every start its RRULE gives (before EXDATEs), in UTC. */
  occurrences: string[] | null;
  attendees: string[];
}

export interface ReadCalendar {
  method: string;
  events: ReadEvent[];
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

function utcOf(time: ICAL.Time): string {
  return iso(time.toJSDate());
}

/** ical.js' reading: VTIMEZONEs registered first, so TZID times turn into the right instants. */
export function readWithIcalJs(text: string): ReadCalendar {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = root.getAllSubcomponents('vevent').map((v): ReadEvent => {
    const event = new ICAL.Event(v);
    const rid = v.getFirstPropertyValue('recurrence-id') as ICAL.Time | null;
    const rule = v.getFirstPropertyValue('rrule') as ICAL.Recur | null;
    let occurrences: string[] | null = null;
    if (rule) {
      occurrences = [];
      const it = rule.iterator(event.startDate);
      for (let next = it.next(); next && occurrences.length < 200; next = it.next()) occurrences.push(utcOf(next));
    }
    const exdates = v.getAllProperties('exdate').flatMap((p) => p.getValues() as ICAL.Time[]);
    return {
      uid: event.uid,
      recurrenceId: rid ? utcOf(rid) : null,
      sequence: event.sequence ?? 0,
      status: String(v.getFirstPropertyValue('status') ?? 'CONFIRMED'),
      start: utcOf(event.startDate),
      end: event.endDate ? utcOf(event.endDate) : null,
      summary: event.summary,
      exdates: exdates.map(utcOf).sort(),
      occurrences,
      attendees: event.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, '')).sort(),
    };
  });
  return { method: String(root.getFirstPropertyValue('method') ?? ''), events };
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ics_parse.py');

/** Python icalendar's reading of each file (one process for all of them). */
export function readWithPython(texts: string[]): ReadCalendar[] {
  return JSON.parse(execFileSync('/usr/bin/python3', [script], { input: JSON.stringify(texts), encoding: 'utf8' })) as ReadCalendar[];
}

/** The text/calendar part of each mail sent to `address`, in the order they arrived. */
export function invitesTo(received: ReceivedMail[], address: string): { subject: string; text: string; ics: string }[] {
  return received
    .filter((m) => m.envelopeTo.includes(address))
    .flatMap((m) => {
      const part = m.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      return part ? [{ subject: m.parsed.subject ?? '', text: m.parsed.text ?? '', ics: part.content.toString('utf8') }] : [];
    });
}

export interface ShownCall {
  uid: string;
  recurrenceId: string | null;
  start: string;
  end: string | null;
  summary: string;
}

interface Entry {
  master: ReadEvent | null;
  overrides: Map<string, ReadEvent>;
  /** RECURRENCE-ID → the SEQUENCE of the CANCEL that removed it. */
  cancelled: Map<string, number>;
}

/** An attendee's calendar: what it holds after each message, by RFC 5546's rules. */
export class SimulatedCalendar {
  private readonly entries = new Map<string, Entry>();

  apply(message: ReadCalendar): void {
    const byUid = new Map<string, ReadEvent[]>();
    for (const e of message.events) byUid.set(e.uid, [...(byUid.get(e.uid) ?? []), e]);
    for (const [uid, events] of byUid) {
      if (message.method === 'CANCEL') this.cancel(uid, events);
      else this.request(uid, events);
    }
  }

  private request(uid: string, events: ReadEvent[]): void {
    const master = events.find((e) => !e.recurrenceId);
    const stored = this.entries.get(uid);
    if (master) {
      // The whole set, re-sent: it replaces what the calendar held, unless it is older (RFC 5546 2.1.5).
      if (stored?.master && master.sequence < stored.master.sequence) return;
      this.entries.set(uid, { master, overrides: new Map(events.filter((e) => e.recurrenceId).map((e) => [e.recurrenceId!, e])), cancelled: new Map() });
      return;
    }
    const entry = stored ?? { master: null, overrides: new Map(), cancelled: new Map() };
    this.entries.set(uid, entry);
    for (const e of events) {
      const held = entry.overrides.get(e.recurrenceId!);
      if (held && held.sequence > e.sequence) continue;
      const cancelledAt = entry.cancelled.get(e.recurrenceId!);
      if (cancelledAt !== undefined && cancelledAt >= e.sequence) continue;
      entry.cancelled.delete(e.recurrenceId!);
      entry.overrides.set(e.recurrenceId!, e);
    }
  }

  private cancel(uid: string, events: ReadEvent[]): void {
    const entry = this.entries.get(uid);
    if (!entry) return;
    for (const e of events) {
      if (!e.recurrenceId) {
        this.entries.delete(uid);
        return;
      }
      entry.cancelled.set(e.recurrenceId, e.sequence);
      const held = entry.overrides.get(e.recurrenceId);
      if (held && held.sequence <= e.sequence) entry.overrides.delete(e.recurrenceId);
    }
  }

  /** Every call the calendar shows, by start. */
  shown(): ShownCall[] {
    const out: ShownCall[] = [];
    for (const [uid, entry] of this.entries) {
      const ruled = new Set<string>();
      const { master } = entry;
      if (master && master.status !== 'CANCELLED') {
        const duration = master.end ? Date.parse(master.end) - Date.parse(master.start) : 0;
        for (const start of master.occurrences ?? [master.start]) {
          ruled.add(start);
          if (master.exdates.includes(start) || entry.cancelled.has(start)) continue;
          const override = entry.overrides.get(start);
          if (override) {
            if (override.status !== 'CANCELLED') out.push({ uid, recurrenceId: start, start: override.start, end: override.end, summary: override.summary });
          } else {
            out.push({ uid, recurrenceId: master.occurrences ? start : null, start, end: iso(new Date(Date.parse(start) + duration)), summary: master.summary });
          }
        }
      } else if (master) {
        for (const start of master.occurrences ?? [master.start]) ruled.add(start);
      }
      // Calls the calendar knows only from their own invites (it never got the series' event).
      for (const [rid, e] of entry.overrides) if (!ruled.has(rid) && !entry.cancelled.has(rid) && e.status !== 'CANCELLED') out.push({ uid, recurrenceId: rid, start: e.start, end: e.end, summary: e.summary });
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }
}
