import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { buildFeed, buildInvite, vtimezone, type IcsEvent, type IcsOptions } from './ics.ts';

/** A tiny RFC 5545 reader, independent of ical-generator: unfolds lines, nests components. */
interface Component {
  name: string;
  props: { name: string; params: Record<string, string>; value: string }[];
  children: Component[];
}

function unfold(text: string): string[] {
  return text.split('\r\n').reduce<string[]>((lines, line) => {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
    return lines;
  }, []);
}

function parseProp(line: string): Component['props'][number] {
  // The value starts at the first colon outside a quoted parameter value.
  let quoted = false;
  let at = -1;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) {
      at = i;
      break;
    }
  }
  const [name, ...params] = line.slice(0, at).match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  return {
    name: name ?? '',
    params: Object.fromEntries(params.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1).replace(/^"|"$/g, '')])),
    value: line.slice(at + 1),
  };
}

function parse(text: string): Component {
  const stack: Component[] = [{ name: 'ROOT', props: [], children: [] }];
  for (const line of unfold(text)) {
    if (!line) continue;
    const top = stack[stack.length - 1]!;
    if (line.startsWith('BEGIN:')) {
      const c: Component = { name: line.slice(6), props: [], children: [] };
      top.children.push(c);
      stack.push(c);
    } else if (line.startsWith('END:')) {
      expect(top.name).toBe(line.slice(4));
      stack.pop();
    } else top.props.push(parseProp(line));
  }
  expect(stack).toHaveLength(1);
  return stack[0]!.children[0]!;
}

const prop = (c: Component, name: string) => c.props.find((p) => p.name === name);
const all = (c: Component, name: string) => c.props.filter((p) => p.name === name);
const kids = (c: Component, name: string) => c.children.filter((k) => k.name === name);

const options: IcsOptions = { domain: 'cadence.example.com', vendorName: 'Acme', stamp: '2026-02-20T10:00:00Z' };
const call: IcsEvent = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  title: 'Acme / Globex CSM Call',
  startsAt: '2026-03-02T09:00:00Z',
  endsAt: '2026-03-02T09:30:00Z',
  timezone: 'Europe/Berlin',
  sequence: 0,
  organiser: { name: 'Ann Smith', email: 'ann@acme.example' },
  attendees: [
    { name: 'Bob Jones, Jr', email: 'bob@globex.example' },
    { name: 'Cy Shadow', email: 'cy@acme.example', optional: true },
  ],
  agendaUrl: 'https://cadence.example.com/share/abc123/agenda-for-the-second-of-march-with-a-long-link',
};

describe('an invite for one call', () => {
  const cal = parse(buildInvite(call, options, 'REQUEST'));
  const event = kids(cal, 'VEVENT')[0]!;

  it('is a calendar request with one event', () => {
    expect(cal.name).toBe('VCALENDAR');
    expect(prop(cal, 'METHOD')?.value).toBe('REQUEST');
    expect(prop(cal, 'VERSION')?.value).toBe('2.0');
    expect(kids(cal, 'VEVENT')).toHaveLength(1);
  });

  it('has a UID made of the meeting id and the domain', () => {
    expect(prop(event, 'UID')?.value).toBe(`${call.id}@cadence.example.com`);
  });

  it('starts at 10:00 Berlin time, with the Berlin zone defined in the file', () => {
    expect(prop(event, 'DTSTART')).toMatchObject({ params: { TZID: 'Europe/Berlin' }, value: '20260302T100000' });
    expect(prop(event, 'DTEND')).toMatchObject({ params: { TZID: 'Europe/Berlin' }, value: '20260302T103000' });
    const zones = kids(cal, 'VTIMEZONE');
    expect(zones.map((z) => prop(z, 'TZID')?.value)).toEqual(['Europe/Berlin']);
  });

  it('stamps the time it was made, not the clock', () => {
    expect(prop(event, 'DTSTAMP')?.value).toBe('20260220T100000Z');
  });

  it('lists the organiser and every attendee with name and email; shadows are optional', () => {
    expect(prop(event, 'ORGANIZER')).toMatchObject({ params: { CN: 'Ann Smith' }, value: 'mailto:ann@acme.example' });
    const attendees = all(event, 'ATTENDEE');
    expect(attendees.map((a) => [a.params.CN, a.value.toLowerCase(), a.params.ROLE])).toEqual([
      ['Bob Jones, Jr', 'mailto:bob@globex.example', 'REQ-PARTICIPANT'],
      ['Cy Shadow', 'mailto:cy@acme.example', 'OPT-PARTICIPANT'],
    ]);
  });

  it('links the agenda in the description', () => {
    expect(prop(event, 'DESCRIPTION')?.value).toBe(`Agenda: ${call.agendaUrl}`);
    expect(prop(event, 'SUMMARY')?.value).toBe('Acme / Globex CSM Call');
  });

  it('has no RRULE for a one-off call and keeps lines within 75 octets', () => {
    expect(prop(event, 'RRULE')).toBeUndefined();
    for (const line of buildInvite(call, options, 'REQUEST').split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});

describe('changes and cancellations', () => {
  it('a moved call keeps its UID and carries the higher SEQUENCE', () => {
    const moved = parse(buildInvite({ ...call, startsAt: '2026-03-03T09:00:00Z', endsAt: '2026-03-03T09:30:00Z', sequence: 1 }, options, 'REQUEST'));
    const event = kids(moved, 'VEVENT')[0]!;
    expect(prop(event, 'UID')?.value).toBe(`${call.id}@cadence.example.com`);
    expect(prop(event, 'SEQUENCE')?.value).toBe('1');
    expect(prop(event, 'DTSTART')?.value).toBe('20260303T100000');
  });

  it('a cancellation is METHOD:CANCEL with STATUS:CANCELLED for the same UID', () => {
    const cancelled = parse(buildInvite({ ...call, sequence: 2 }, options, 'CANCEL'));
    const event = kids(cancelled, 'VEVENT')[0]!;
    expect(prop(cancelled, 'METHOD')?.value).toBe('CANCEL');
    expect(prop(event, 'STATUS')?.value).toBe('CANCELLED');
    expect(prop(event, 'SEQUENCE')?.value).toBe('2');
    expect(prop(event, 'UID')?.value).toBe(`${call.id}@cadence.example.com`);
  });
});

describe('a recurring series', () => {
  const series = { ...call, rrule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T225959Z' };
  const cal = parse(buildInvite(series, options, 'REQUEST'));

  it('carries the RRULE', () => {
    expect(prop(kids(cal, 'VEVENT')[0]!, 'RRULE')?.value).toBe('FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T225959Z');
  });

  it('defines both daylight-saving changes of the series year so 10:00 stays 10:00', () => {
    const zone = kids(cal, 'VTIMEZONE')[0]!;
    const daylight = kids(zone, 'DAYLIGHT').map((d) => [prop(d, 'DTSTART')?.value, prop(d, 'TZOFFSETFROM')?.value, prop(d, 'TZOFFSETTO')?.value]);
    const standard = kids(zone, 'STANDARD').map((d) => [prop(d, 'DTSTART')?.value, prop(d, 'TZOFFSETFROM')?.value, prop(d, 'TZOFFSETTO')?.value]);
    expect(daylight).toContainEqual(['20260329T020000', '+0100', '+0200']);
    expect(standard).toContainEqual(['20261025T030000', '+0200', '+0100']);
  });
});

describe('time zone definitions', () => {
  it('a zone without daylight saving has a single observance', () => {
    const zone = parse(vtimezone('Asia/Tokyo', 2026, 2027));
    expect(kids(zone, 'STANDARD')).toHaveLength(1);
    expect(kids(zone, 'DAYLIGHT')).toHaveLength(0);
    expect(prop(kids(zone, 'STANDARD')[0]!, 'TZOFFSETTO')?.value).toBe('+0900');
  });

  it('a southern zone changes the other way round, and half hours are kept', () => {
    const sydney = parse(vtimezone('Australia/Sydney', 2026, 2026));
    expect(kids(sydney, 'STANDARD').map((s) => prop(s, 'DTSTART')?.value)).toContain('20260405T030000');
    expect(kids(sydney, 'DAYLIGHT').map((s) => prop(s, 'DTSTART')?.value)).toContain('20261004T020000');
    const adelaide = parse(vtimezone('Australia/Adelaide', 2026, 2026));
    expect(kids(adelaide, 'DAYLIGHT').map((s) => prop(s, 'TZOFFSETTO')?.value)).toContain('+1030');
  });

  it('every onset agrees with the zone rules', () => {
    const zone = parse(vtimezone('America/New_York', 2026, 2028));
    for (const part of [...kids(zone, 'STANDARD'), ...kids(zone, 'DAYLIGHT')].slice(1)) {
      const from = prop(part, 'TZOFFSETFROM')!.value;
      const onset = DateTime.fromFormat(`${prop(part, 'DTSTART')!.value} ${from}`, "yyyyMMdd'T'HHmmss ZZZ", { setZone: true });
      const to = prop(part, 'TZOFFSETTO')!.value;
      const offset = (ms: number) => DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat('ZZZ');
      expect(offset(onset.toMillis() - 60_000)).toBe(from);
      expect(offset(onset.toMillis())).toBe(to);
    }
  });
});

describe('a personal calendar feed', () => {
  const events: IcsEvent[] = [
    call,
    { ...call, id: 'm2', title: 'Acme / Initech CSM Call', timezone: 'America/New_York', startsAt: '2026-03-10T14:00:00Z', endsAt: '2026-03-10T15:00:00Z' },
    { ...call, id: 'm3', title: 'Acme / Hooli Kickoff', timezone: 'Asia/Tokyo', startsAt: '2026-03-11T01:00:00Z', endsAt: '2026-03-11T02:00:00Z', cancelled: true },
  ];
  const cal = parse(buildFeed(events, { ...options, name: 'Ann Smith: cadence calls' }));

  it('is published, named, and holds every call', () => {
    expect(prop(cal, 'METHOD')?.value).toBe('PUBLISH');
    expect(prop(cal, 'X-WR-CALNAME')?.value).toBe('Ann Smith: cadence calls');
    expect(kids(cal, 'VEVENT').map((e) => prop(e, 'UID')?.value)).toEqual([`${call.id}@cadence.example.com`, 'm2@cadence.example.com', 'm3@cadence.example.com']);
  });

  it('defines every time zone its events use', () => {
    const defined = kids(cal, 'VTIMEZONE')
      .map((z) => prop(z, 'TZID')?.value)
      .sort();
    const used = [...new Set(kids(cal, 'VEVENT').map((e) => prop(e, 'DTSTART')?.params.TZID))].sort();
    expect(defined).toEqual(used);
    expect(used).toEqual(['America/New_York', 'Asia/Tokyo', 'Europe/Berlin']);
  });

  it('shows a cancelled call as cancelled', () => {
    expect(prop(kids(cal, 'VEVENT')[2]!, 'STATUS')?.value).toBe('CANCELLED');
  });
});

describe('bad input', () => {
  const fail = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).message;
    }
    throw new Error('expected an error');
  };

  it('refuses an unknown time zone, an impossible date and an end before the start', () => {
    expect(fail(() => buildInvite({ ...call, timezone: 'Europe/Atlantis' }, options, 'REQUEST'))).toBe('timezone: unknown time zone "Europe/Atlantis"');
    expect(fail(() => buildInvite({ ...call, startsAt: '2026-02-30T09:00:00Z' }, options, 'REQUEST'))).toContain('is not a valid instant');
    expect(fail(() => buildInvite({ ...call, endsAt: '2026-03-02T08:00:00Z' }, options, 'REQUEST'))).toBe('endsAt: must not be before the start');
    expect(fail(() => buildFeed([call, { ...call, timezone: 'Nowhere' }], { ...options, name: 'x' }))).toContain('events[1].timezone');
  });
});

describe('a series with a moved call and a cancelled one', () => {
  const series: IcsEvent = {
    ...call,
    id: 'series-1',
    rrule: 'FREQ=WEEKLY;COUNT=6',
    exdates: ['2026-04-06T08:00:00Z'],
    overrides: [{ ...call, id: 'series-1', recurrenceId: '2026-03-30T08:00:00Z', startsAt: '2026-03-31T09:00:00Z', endsAt: '2026-03-31T09:30:00Z', sequence: 1 }],
  };
  const cal = parse(buildInvite(series, options, 'REQUEST'));
  const [master, moved] = kids(cal, 'VEVENT');

  it('writes the series and its moved call under one UID, the moved one by its original start in the series’ zone', () => {
    expect(kids(cal, 'VEVENT')).toHaveLength(2);
    expect(prop(master!, 'UID')?.value).toBe(prop(moved!, 'UID')?.value);
    expect(prop(master!, 'RECURRENCE-ID')).toBeUndefined();
    expect(prop(moved!, 'RECURRENCE-ID')).toMatchObject({ params: { TZID: 'Europe/Berlin' }, value: '20260330T100000' });
    expect(prop(moved!, 'DTSTART')).toMatchObject({ params: { TZID: 'Europe/Berlin' }, value: '20260331T110000' });
    expect(prop(moved!, 'SEQUENCE')?.value).toBe('1');
  });

  it('drops the cancelled call with an EXDATE written as its DTSTART is (local time, TZID)', () => {
    expect(prop(master!, 'EXDATE')).toMatchObject({ params: { TZID: 'Europe/Berlin' }, value: '20260406T100000' });
    expect(prop(moved!, 'EXDATE')).toBeUndefined();
  });

  it('cancels one call of a series by the series’ UID and that call’s RECURRENCE-ID', () => {
    const cancel = parse(buildInvite({ ...call, id: 'series-1', recurrenceId: '2026-04-06T08:00:00Z', startsAt: '2026-04-06T08:00:00Z', endsAt: '2026-04-06T08:30:00Z', sequence: 1 }, options, 'CANCEL'));
    const [event] = kids(cancel, 'VEVENT');
    expect(prop(cancel, 'METHOD')?.value).toBe('CANCEL');
    expect(prop(event!, 'UID')?.value).toBe('series-1@cadence.example.com');
    expect(prop(event!, 'RECURRENCE-ID')?.value).toBe('20260406T100000');
    expect(prop(event!, 'STATUS')?.value).toBe('CANCELLED');
  });
});
