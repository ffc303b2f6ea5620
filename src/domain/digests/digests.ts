import { DateTime } from 'luxon';
import { z } from 'zod';
import type { MyDay } from '../cadence/my-day.ts';
import type { MailContent } from '../mail-content.ts';
import type { Role } from '../model.ts';
import { TimezoneSchema } from '../validation.ts';

/**
 * Digests (issue #19 item 8): a daily one to each CSM at their local morning (today's calls,
 * follow-ups owed, agendas to send, overdue items, from My day) and a weekly one to managers on
 * Monday morning (adherence, SLA misses, new risks, renewals in 90 days, from the dashboards).
 */

export const DIGEST_KINDS = ['daily', 'weekly'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];
export const DIGEST_CHANNELS = ['mail', 'slack'] as const;

export interface DigestSettings {
  daily: boolean;
  weekly: boolean;
  channel: (typeof DIGEST_CHANNELS)[number];
  /** The Slack integration (id or name) whose webhook posts to the user's channel; for channel slack. */
  slackIntegration: string | null;
  /** HH:MM, local. */
  localTime: string;
  /** null: the user's own time zone. */
  timezone: string | null;
}

export const DigestSettingsUpdateSchema = z.strictObject({
  daily: z.boolean().optional(),
  weekly: z.boolean().optional(),
  channel: z.enum(DIGEST_CHANNELS).optional(),
  slackIntegration: z.string().trim().min(1).max(200).nullable().optional(),
  localTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')
    .optional(),
  timezone: TimezoneSchema.nullable().optional(),
});
export type DigestSettingsUpdate = z.infer<typeof DigestSettingsUpdateSchema>;

/** How long after its time a digest may still go out. */
export const DIGEST_WINDOW_MINUTES = 4 * 60;

/** Everyone gets the daily digest at 08:00 local; managers and admins the weekly one too. */
export function defaultDigestSettings(role: Role): DigestSettings {
  return { daily: role !== 'viewer', weekly: role === 'manager' || role === 'admin', channel: 'mail', slackIntegration: null, localTime: '08:00', timezone: null };
}

/**
 * The digests due for a user now: each once its local time has come on its day (the daily one
 * every day, the weekly one on Monday) and for four hours after, keyed by the local date it is for, so a job that runs
 * every 15 minutes (or was down a while) sends each at most once a period.
 */
export function dueDigests(now: Date, settings: DigestSettings, userTimezone: string): { kind: DigestKind; period: string }[] {
  const local = DateTime.fromJSDate(now, { zone: settings.timezone ?? userTimezone });
  if (!local.isValid) return [];
  const [h, m] = settings.localTime.split(':').map(Number) as [number, number];
  const minutesPast = local.hour * 60 + local.minute - (h * 60 + m);
  // Within the morning it is for: a digest missed for longer (the server was down) is not sent in the evening.
  if (minutesPast < 0 || minutesPast >= DIGEST_WINDOW_MINUTES) return [];
  const period = local.toISODate()!;
  const due: { kind: DigestKind; period: string }[] = [];
  if (settings.daily) due.push({ kind: 'daily', period });
  if (settings.weekly && local.weekday === 1) due.push({ kind: 'weekly', period });
  return due;
}

export interface DigestMessage {
  subject: string;
  content: MailContent;
  /** The same, as plain lines for Slack. */
  slackText: string;
  empty: boolean;
}

function localTimeOf(at: string, zone: string): string {
  return DateTime.fromISO(at, { zone }).toFormat('HH:mm');
}

function slackOf(subject: string, sections: { title: string; lines: string[] }[]): string {
  return [`*${subject}*`, ...sections.filter((s) => s.lines.length).flatMap((s) => [`*${s.title}*`, ...s.lines.map((l) => `• ${l}`)])].join('\n');
}

function message(subject: string, greeting: string, sections: { title: string; lines: string[] }[], link: string, emptyLine: string): DigestMessage {
  const shown = sections.filter((s) => s.lines.length);
  const blocks: MailContent['blocks'] = shown.length
    ? shown.flatMap((s) => [
        { kind: 'heading' as const, text: s.title },
        { kind: 'list' as const, items: s.lines.map((text) => ({ text })) },
      ])
    : [{ kind: 'paragraph', text: emptyLine }];
  blocks.push({ kind: 'button', label: 'Open Cadence', url: link });
  return { subject, content: { greeting, blocks }, slackText: slackOf(subject, shown) || subject, empty: shown.length === 0 };
}

/** The daily digest from My day, times in the user's zone. */
export function dailyDigest(day: MyDay, input: { name: string; timezone: string; baseUrl: string }): DigestMessage {
  const t = (at: string) => localTimeOf(at, input.timezone);
  const sections = [
    { title: `Calls today (${day.callsToday.length})`, lines: day.callsToday.map((c) => `${t(c.startsAt)} ${c.accountName}: ${c.title}${c.agendaSent ? '' : ' (agenda not sent)'}`) },
    { title: `Follow-ups owed (${day.followUpsOwed.length})`, lines: day.followUpsOwed.map((f) => `${f.accountName}: ${f.title}${f.late ? ' (late)' : `, due ${t(f.dueAt)}`}`) },
    { title: `Agendas to send (${day.agendasToSend.length})`, lines: day.agendasToSend.map((a) => `${a.accountName}: ${a.title}${a.late ? ' (late)' : ''}`) },
    { title: `Overdue items (${day.tasksDue.filter((x) => x.overdue).length})`, lines: day.tasksDue.filter((x) => x.overdue).map((x) => x.title) },
  ];
  const first = input.name.split(' ')[0] ?? input.name;
  return message(`Your day, ${day.date}`, `Good morning ${first},`, sections, `${input.baseUrl}/my-day`, 'Nothing is due today: no calls, follow-ups, agendas or overdue items.');
}

export interface WeeklyFigures {
  weekOf: string;
  adherence: { rate: number | null; misses: number };
  followUpSlaMisses: number;
  newRisks: { accountName: string; severity: string; type: string }[];
  renewals: { accountName: string; renewalDate: string }[];
}

const percent = (rate: number | null) => (rate === null ? 'no calls due' : `${Math.round(rate * 100)}%`);

/** The weekly digest for a manager, from the dashboard figures of the past week. */
export function weeklyDigest(f: WeeklyFigures, input: { name: string; baseUrl: string }): DigestMessage {
  const sections = [
    { title: 'Cadence adherence', lines: [`${percent(f.adherence.rate)} of accounts on cadence; ${f.adherence.misses} behind`] },
    { title: 'Follow-up SLA', lines: [`${f.followUpSlaMisses} follow-up${f.followUpSlaMisses === 1 ? '' : 's'} sent later than one business day`] },
    { title: `New risks (${f.newRisks.length})`, lines: f.newRisks.map((r) => `${r.accountName}: ${r.severity} ${r.type.replace(/_/g, ' ')}`) },
    { title: `Renewals in 90 days (${f.renewals.length})`, lines: f.renewals.map((r) => `${r.renewalDate} ${r.accountName}`) },
  ];
  const first = input.name.split(' ')[0] ?? input.name;
  return message(`Your team's week, ${f.weekOf}`, `Good morning ${first},`, sections, `${input.baseUrl}/team`, '');
}
