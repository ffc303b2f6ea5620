#!/usr/bin/env python3
"""
An independent reading of iCalendar files for the invite tests: Debian's python3-icalendar
(not the ical.js the tests also use). Reads a JSON list of .ics texts on stdin and prints, for
each, its METHOD and events as JSON: UID, RECURRENCE-ID, SEQUENCE, STATUS, start and end in UTC,
EXDATEs in UTC, and for a recurring event the starts its RRULE gives (expanded with dateutil on
the local wall clock, as RFC 5545 3.3.10 says for a DTSTART with a TZID).
"""
import json
import sys
from datetime import datetime, timezone

import icalendar
from dateutil.rrule import rrulestr


def utc(value):
    dt = value.dt if hasattr(value, 'dt') else value
    if not isinstance(dt, datetime):
        raise ValueError(f'not a date-time: {dt!r}')
    if dt.tzinfo is None:
        raise ValueError(f'floating time without a zone: {dt!r}')
    return dt.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def localise(tz, naive):
    # pytz zones need localize() for the right offset on each date; zoneinfo ones take replace().
    return tz.localize(naive) if hasattr(tz, 'localize') else naive.replace(tzinfo=tz)


def expand(event):
    start = event['DTSTART'].dt
    rule = event.get('RRULE')
    if rule is None:
        return None
    naive = start.replace(tzinfo=None)
    text = rule.to_ical().decode()
    if 'UNTIL=' in text:
        # UNTIL is in UTC; compare on the local wall clock the rule runs on.
        until = datetime.strptime(text.split('UNTIL=')[1].split(';')[0], '%Y%m%dT%H%M%SZ').replace(tzinfo=timezone.utc).astimezone(start.tzinfo).replace(tzinfo=None)
        text = ';'.join(p if not p.startswith('UNTIL=') else 'UNTIL=' + until.strftime('%Y%m%dT%H%M%S') for p in text.split(';'))
    starts = list(rrulestr(text, dtstart=naive))[:200]
    return [utc(localise(start.tzinfo, s)) for s in starts]


def exdates(event):
    found = event.get('EXDATE')
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return sorted(utc(d) for item in lists for d in item.dts)


def read(text):
    cal = icalendar.Calendar.from_ical(text)
    events = []
    for e in cal.walk('VEVENT'):
        rid = e.get('RECURRENCE-ID')
        events.append({
            'uid': str(e['UID']),
            'recurrenceId': utc(rid) if rid is not None else None,
            'sequence': int(e.get('SEQUENCE', 0)),
            'status': str(e.get('STATUS', 'CONFIRMED')),
            'start': utc(e['DTSTART']),
            'end': utc(e['DTEND']) if e.get('DTEND') is not None else None,
            'summary': str(e.get('SUMMARY', '')),
            'exdates': exdates(e),
            'occurrences': expand(e),
            'attendees': sorted(str(a).replace('mailto:', '').replace('MAILTO:', '') for a in (e.get('ATTENDEE') if isinstance(e.get('ATTENDEE'), list) else [e.get('ATTENDEE')] if e.get('ATTENDEE') else [])),
        })
    return {'method': str(cal.get('METHOD', '')), 'events': events}


if __name__ == '__main__':
    print(json.dumps([read(t) for t in json.load(sys.stdin)]))
