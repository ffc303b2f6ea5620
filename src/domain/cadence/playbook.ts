/**
 * Playbook rules: calls to action made from what Cadence knows, one task per occurrence (the
 * key says which), each rule switched on or off with its thresholds. Pure: the service feeds a
 * snapshot per account and writes the tasks; a task whose key a run no longer produces has had
 * its cause resolved and closes itself.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { addBusinessDays, daysBetween, localDate, type BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CadenceDue } from './cadence.ts';
import { licenceUse, type CalendarDate, type Deployment, type Instant, type Stage } from '../model.ts';
import { agendaSendBy } from './my-day.ts';

export const PLAYBOOK_RULES = [
  'send_agenda',
  'cadence_overdue',
  'touch_overdue',
  'renewal',
  'licence_low',
  'licence_high',
  'security_alerts',
  'no_findings',
  'health_traits',
  'champion_left',
  'customer_items_overdue',
  'sales_context',
] as const;
export type PlaybookRule = (typeof PLAYBOOK_RULES)[number];

const on = z.boolean().default(true);
export const PlaybookSettingsSchema = z.strictObject({
  send_agenda: z.strictObject({ enabled: on, businessDaysBefore: z.number().int().min(0).max(10).default(2) }).default({ enabled: true, businessDaysBefore: 2 }),
  cadence_overdue: z.strictObject({ enabled: on }).default({ enabled: true }),
  touch_overdue: z.strictObject({ enabled: on }).default({ enabled: true }),
  renewal: z.strictObject({ enabled: on, daysBefore: z.array(z.number().int().min(1).max(365)).min(1).max(6).default([90, 60, 30]) }).default({ enabled: true, daysBefore: [90, 60, 30] }),
  licence_low: z.strictObject({ enabled: on, belowPercent: z.number().min(1).max(100).default(50) }).default({ enabled: true, belowPercent: 50 }),
  licence_high: z.strictObject({ enabled: on, abovePercent: z.number().min(1).max(1000).default(95) }).default({ enabled: true, abovePercent: 95 }),
  security_alerts: z.strictObject({ enabled: on }).default({ enabled: true }),
  no_findings: z.strictObject({ enabled: on, days: z.number().int().min(1).max(365).default(30) }).default({ enabled: true, days: 30 }),
  health_traits: z.strictObject({ enabled: on, everyMonths: z.number().int().min(1).max(12).default(2) }).default({ enabled: true, everyMonths: 2 }),
  champion_left: z.strictObject({ enabled: on }).default({ enabled: true }),
  customer_items_overdue: z.strictObject({ enabled: on }).default({ enabled: true }),
  sales_context: z.strictObject({ enabled: on }).default({ enabled: true }),
});
export type PlaybookSettings = z.infer<typeof PlaybookSettingsSchema>;
export { DEFAULT_PLAYBOOK } from './playbook-defaults.ts';

/** What the rules look at for one account. */
export interface AccountSnapshot {
  account: {
    id: string;
    name: string;
    ownerId: string | null;
    stage: Stage;
    deployment: Deployment;
    renewalDate: CalendarDate | null;
    contractStartDate: CalendarDate | null;
    licencesBought: number | null;
    licencesUsed: number | null;
    securityAlertsOptIn: boolean;
    timezone: string;
    createdAt: Instant;
  };
  due: CadenceDue;
  /** Planned calls whose agenda has not gone out. */
  upcomingCalls: { id: string; title: string; startsAt: Instant }[];
  lastFindingAt: Instant | null;
  /** When the health traits (pulse, buyer access, champion) were last set; null: never. */
  healthTraitsAt: Instant | null;
  championsLeft: { contactId: string; name: string }[];
  overdueCustomerItems: { id: string; text: string; dueDate: CalendarDate }[];
  /** Whether the post-sales handoff's sales context (why they bought, use cases, stakeholders) has anything in it. */
  hasSalesContext: boolean;
}

export interface TaskIntent {
  key: string;
  rule: PlaybookRule;
  accountId: string;
  assigneeId: string | null;
  title: string;
  dueAt: Instant;
  cause: { type: string; id: string };
}

/** The end of the business day (17:00) of a date in the account's zone, as an instant. */
function endOfDay(date: CalendarDate, timezone: string): Instant {
  return DateTime.fromISO(date, { zone: timezone }).set({ hour: 17 }).toUTC().toISO()!;
}

/** The tasks the playbook wants for one account right now. */
export function evaluatePlaybook(snapshot: AccountSnapshot, settings: PlaybookSettings, now: Date, calendar: BusinessCalendar): TaskIntent[] {
  const { account, due } = snapshot;
  const tz = account.timezone;
  const today = localDate(now, tz);
  const intents: TaskIntent[] = [];
  const add = (rule: PlaybookRule, keyPart: string, title: string, dueAt: Instant, cause: { type: string; id: string }) =>
    intents.push({ key: `${rule}:${keyPart}`, rule, accountId: account.id, assigneeId: account.ownerId, title, dueAt, cause });
  if (account.stage === 'churned') return intents;

  if (settings.send_agenda.enabled) {
    for (const call of snapshot.upcomingCalls) {
      const sendBy = agendaSendBy(call.startsAt, settings.send_agenda.businessDaysBefore, tz, calendar);
      // Shown from two business days before the send-by time, so it lands on the daily list in time.
      const showFrom = addBusinessDays(localDate(sendBy, tz), -2, calendar);
      if (today >= showFrom) add('send_agenda', call.id, `Send the agenda for ${call.title}`, sendBy, { type: 'meeting', id: call.id });
    }
  }
  if (settings.cadence_overdue.enabled && due.nextCallDue && due.callOverdueDays > 0) {
    add('cadence_overdue', `${account.id}:${due.nextCallDue}`, `${account.name}: ${due.frequency} call overdue by ${due.callOverdueDays} days`, endOfDay(due.nextCallDue, tz), { type: 'account', id: account.id });
  }
  if (settings.touch_overdue.enabled && due.touchOverdueDays > 0) {
    add('touch_overdue', `${account.id}:${due.nextTouchDue}`, `${account.name}: no touch in ${daysBetween(due.lastTouchOn ?? localDate(account.createdAt, tz), today)} days`, endOfDay(due.nextTouchDue, tz), {
      type: 'account',
      id: account.id,
    });
  }
  if (settings.renewal.enabled && account.renewalDate) {
    const daysLeft = daysBetween(today, account.renewalDate);
    const window = [...settings.renewal.daysBefore].sort((a, b) => a - b).find((d) => daysLeft >= 0 && daysLeft <= d);
    if (window !== undefined) {
      add('renewal', `${account.id}:${account.renewalDate}:${window}`, `${account.name}: renewal in ${daysLeft} days (${account.renewalDate})`, endOfDay(today, tz), { type: 'account', id: account.id });
    }
  }
  const use = licenceUse(account);
  const utilisation = use === null ? null : use * 100;
  if (utilisation !== null && account.contractStartDate && account.renewalDate) {
    const term = daysBetween(account.contractStartDate, account.renewalDate);
    const elapsed = daysBetween(account.contractStartDate, today);
    const secondHalf = term > 0 && elapsed >= term / 2;
    if (settings.licence_low.enabled && secondHalf && utilisation < settings.licence_low.belowPercent) {
      add('licence_low', `${account.id}:${account.renewalDate}`, `${account.name}: licence use ${Math.round(utilisation)}% in the second half of the contract`, endOfDay(today, tz), { type: 'account', id: account.id });
    }
    if (settings.licence_high.enabled && utilisation > settings.licence_high.abovePercent) {
      add('licence_high', `${account.id}:${account.renewalDate}`, `${account.name}: licence use ${Math.round(utilisation)}%: talk expansion`, endOfDay(today, tz), { type: 'account', id: account.id });
    }
  }
  if (settings.security_alerts.enabled && account.deployment === 'self_managed' && !account.securityAlertsOptIn) {
    add('security_alerts', account.id, `${account.name}: self-managed and not opted into security alerts`, endOfDay(today, tz), { type: 'account', id: account.id });
  }
  if (settings.no_findings.enabled) {
    const since = snapshot.lastFindingAt ?? account.createdAt;
    const quietDays = daysBetween(localDate(since, tz), today);
    if (quietDays >= settings.no_findings.days) {
      // One task per quiet stretch: the key carries the date the silence began.
      add('no_findings', `${account.id}:${localDate(since, tz)}`, `${account.name}: no new product findings in ${quietDays} days: either they are not using it or it is not working`, endOfDay(today, tz), { type: 'account', id: account.id });
    }
  }
  if (settings.health_traits.enabled) {
    const last = snapshot.healthTraitsAt ?? account.createdAt;
    const months = (Date.parse(`${today}T00:00:00Z`) - Date.parse(last)) / (30.44 * 86_400_000);
    if (months >= settings.health_traits.everyMonths) {
      add('health_traits', `${account.id}:${localDate(last, tz)}`, `${account.name}: update the health traits (pulse, access to buyer, active champion)`, endOfDay(today, tz), { type: 'account', id: account.id });
    }
  }
  if (settings.champion_left.enabled) {
    for (const c of snapshot.championsLeft) add('champion_left', c.contactId, `${account.name}: champion ${c.name} has left: find the next champion`, endOfDay(today, tz), { type: 'contact', id: c.contactId });
  }
  if (settings.customer_items_overdue.enabled) {
    for (const item of snapshot.overdueCustomerItems) {
      add('customer_items_overdue', item.id, `${account.name}: customer action item overdue since ${item.dueDate}: ${item.text}`, endOfDay(today, tz), { type: 'action_item', id: item.id });
    }
  }
  if (settings.sales_context.enabled && account.stage === 'onboarding' && !snapshot.hasSalesContext) {
    // Kickoff: a new customer's CSM should hear from the AE first; closes once the context is recorded.
    add('sales_context', account.id, `${account.name}: get the sales context from the AE: why they bought, use cases, stakeholders`, endOfDay(today, tz), { type: 'account', id: account.id });
  }
  return intents;
}
