import { DateTime } from 'luxon';
import { addBusinessDays, businessCalendar } from '../calendar/business-calendar.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, couple: 2, few: 3 };

export interface DueContext {
  /** The meeting's calendar date in the account's zone, YYYY-MM-DD. */
  meetingDate: string;
  renewalDate?: string | undefined;
  /** The team's holidays, skipped by "in three business days" like weekends. */
  holidays?: readonly string[] | undefined;
}

/**
 * Turns the deadline someone said ("by Friday", "next week", "end of the month", "before the
 * renewal", "in two weeks", "by March 3rd", "this week", "early next week", "by the end of January") into a
 * calendar date counted from the meeting date.
 * Returns null when nothing in the sentence is a deadline. "Friday" is the coming Friday (a week
 * on when the meeting is itself on a Friday); "next week" is that week's Friday, because a task
 * due "next week" is late only once the week is over.
 */
export function resolveDue(sentence: string, context: DueContext): string | null {
  const day = DateTime.fromISO(context.meetingDate, { zone: 'utc' });
  if (!day.isValid) return null;
  const s = sentence.toLowerCase();
  const iso = (d: DateTime) => d.toISODate();
  const found = (re: RegExp) => re.exec(s);

  if (context.renewalDate && found(/\b(before|ahead of|prior to|by|until)\s+(the\s+|our\s+|your\s+)?renewal\b/)) {
    return iso(DateTime.fromISO(context.renewalDate, { zone: 'utc' }).minus({ days: 1 }));
  }
  const explicit = found(new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS.join('|')})\\b`));
  if (explicit) {
    const month = MONTHS.indexOf(explicit[1] ?? explicit[4] ?? '') + 1;
    const date = Number(explicit[2] ?? explicit[3]);
    let d = DateTime.fromObject({ year: day.year, month, day: date }, { zone: 'utc' });
    if (d.isValid) {
      if (d < day) d = d.plus({ years: 1 });
      return iso(d);
    }
  }
  if (found(/\b(end of (the )?day|eod|tonight|today|this afternoon|this evening)\b/)) return iso(day);
  if (found(/\btomorrow\b/)) return iso(day.plus({ days: 1 }));
  if (found(/\b(end of (the )?quarter|eoq|quarter end)\b/)) return iso(day.endOf('quarter'));
  const monthEnd = found(new RegExp(`\\bend of\\s+(${MONTHS.join('|')})\\b`));
  if (monthEnd) {
    let d = DateTime.fromObject({ year: day.year, month: MONTHS.indexOf(monthEnd[1] ?? '') + 1, day: 1 }, { zone: 'utc' })
      .endOf('month')
      .startOf('day');
    if (d < day) d = d.plus({ years: 1 }).endOf('month').startOf('day');
    return iso(d);
  }
  if (found(/\b(end of next month)\b/)) return iso(day.plus({ months: 1 }).endOf('month'));
  if (found(/\b(end of (the |this )?month|month end|eom)\b/)) return iso(day.endOf('month'));
  if (found(/\bnext month\b/)) return iso(day.plus({ months: 1 }).endOf('month'));
  if (found(/\b(end of next week)\b/)) return iso(fridayOfWeek(day.plus({ weeks: 1 })));
  if (found(/\b(end of (the |this )?week|eow)\b/)) return iso(day.weekday >= 5 ? fridayOfWeek(day.plus({ weeks: 1 })) : fridayOfWeek(day));
  const weekday = found(new RegExp(`\\b(next|this|by|on|before|until|till|for)?\\s*(${WEEKDAYS.join('|')})\\b`));
  if (weekday) {
    const target = WEEKDAYS.indexOf(weekday[2] ?? '') + 1;
    let ahead = (target - day.weekday + 7) % 7;
    if (ahead === 0) ahead = 7;
    // "Next Friday" said early in the week means the Friday after this one.
    if (weekday[1] === 'next' && ahead < 7 && target > day.weekday) ahead += 7;
    return iso(day.plus({ days: ahead }));
  }
  // Part of next week is due when that part is over: "first thing next week" its Monday, "early next week" its Tuesday, "mid next week" its Wednesday.
  if (found(/\b(?:first thing|start of|beginning of)\s+next week\b/)) return iso(fridayOfWeek(day.plus({ weeks: 1 })).minus({ days: 4 }));
  if (found(/\bearly next week\b/)) return iso(fridayOfWeek(day.plus({ weeks: 1 })).minus({ days: 3 }));
  if (found(/\b(?:mid|middle of)[- ]next week\b/)) return iso(fridayOfWeek(day.plus({ weeks: 1 })).minus({ days: 2 }));
  if (found(/\bnext week\b/)) return iso(fridayOfWeek(day.plus({ weeks: 1 })));
  // "This week" is its Friday; said on a Friday it is today, said at the weekend the coming week.
  if (found(/\b(?:this|later this|later in the) week\b/)) return iso(day.weekday <= 5 ? fridayOfWeek(day) : fridayOfWeek(day.plus({ weeks: 1 })));
  const span = found(/\b(?:in|within)\s+(?:the next\s+)?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)\s+(business days|working days|days|weeks|months)\b/);
  if (span) {
    const raw = (span[1] ?? '').replace(/^a (couple|few) of$/, '$1').replace(/^a few$/, 'few');
    const n = /^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw.replace(/^a /, '')] ?? 1);
    const unit = span[2] ?? 'days';
    if (unit.startsWith('week')) return iso(day.plus({ weeks: n }));
    if (unit.startsWith('month')) return iso(day.plus({ months: n }));
    if (unit.startsWith('business') || unit.startsWith('working')) return addBusinessDays(context.meetingDate, n, businessCalendar(context.holidays));
    return iso(day.plus({ days: n }));
  }
  return null;
}

function fridayOfWeek(d: DateTime): DateTime {
  return d.plus({ days: 5 - d.weekday });
}
