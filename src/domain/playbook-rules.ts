/**
 * Playbook rules: calls to action made from what Cadence knows about one account. Each task has
 * an idempotency key unique per occurrence ("agenda:<meetingId>"), so a run creates it exactly
 * once; an open task whose key the rules no longer produce has had its cause resolved and is
 * reported in `resolvedKeys` so it closes itself. Rules switched off leave their tasks alone.
 *
 * Error style: total on a parsed snapshot and settings (see `parsePlaybookSettings`); no throws.
 */
import { addBusinessDays, addMonths, atLocalTime, daysBetween, followUpDueAt, localDate, onOrAfterBusinessDay, type BusinessCalendar } from './business-days.ts';
import type { CalendarDate, ContactRole, ContactStatus, Deployment, Instant, MeetingState, Stage } from './model.ts';
import { PLAYBOOK_RULE_IDS, type PlaybookRuleId, type PlaybookSettings } from './playbook-rules/settings.ts';

/** What the rules look at for one account (structural: the store fills it however it likes). */
export interface PlaybookSnapshot {
  now: Instant;
  account: {
    id: string;
    name: string;
    ownerId: string | null;
    stage: Stage;
    deployment: Deployment;
    timezone: string;
    createdAt: Instant;
    renewalDate: CalendarDate | null;
    contractStartDate: CalendarDate | null;
    licencesBought: number | null;
    licencesUsed: number | null;
    securityAlertsOptIn: boolean;
  };
  /** From the cadence due state. */
  due: { nextCallDue: CalendarDate | null; callOverdueDays: number; cadence: string };
  lastTouchAt: Instant | null;
  /** Recent and upcoming customer meetings. */
  meetings: { id: string; title: string; state: MeetingState; startsAt: Instant; heldAt?: Instant | null; ownerId?: string | null }[];
  lastFindingAt: Instant | null;
  /** When each health trait was last set; null: never. */
  healthTraits: { pulse: Instant | null; buyerAccess: Instant | null; champion: Instant | null };
  contacts: { id: string; name: string; role: ContactRole; status: ContactStatus; leftAt?: Instant | null; createdAt: Instant }[];
  customerActionItems: { id: string; text: string; dueDate: CalendarDate | null; done: boolean }[];
  /** Every task the playbook already made for this account, open or not. */
  existingTasks: { key: string; open: boolean }[];
}

export interface TaskIntent {
  key: string;
  rule: PlaybookRuleId;
  accountId: string;
  assigneeId: string | null;
  title: string;
  dueAt: Instant;
  cause: { type: 'meeting' | 'account' | 'contact' | 'action_item'; id: string };
}

export interface PlaybookOutcome {
  /** Tasks to create: only keys never made before. */
  intents: TaskIntent[];
  /** Open tasks whose cause is gone: close them. */
  resolvedKeys: string[];
}

/** The rule a key belongs to ("follow_up:m1" → follow_up). */
export function ruleOfKey(key: string): PlaybookRuleId | null {
  const prefix = key.slice(0, key.indexOf(':'));
  return (PLAYBOOK_RULE_IDS as readonly string[]).includes(prefix) ? (prefix as PlaybookRuleId) : null;
}

const TRAIT_NAMES = { pulse: 'pulse', buyerAccess: 'access to buyer', champion: 'active champion' } as const;

/** Every task the enabled rules want right now, whether or not it exists already. */
export function wantedTasks(s: PlaybookSnapshot, settings: PlaybookSettings, calendar: BusinessCalendar): TaskIntent[] {
  const { account } = s;
  const tz = account.timezone;
  const today = localDate(s.now, tz);
  const endOfToday = atLocalTime(onOrAfterBusinessDay(today, calendar), settings.dueHour, 0, tz);
  const out: TaskIntent[] = [];
  const add = (rule: PlaybookRuleId, part: string, title: string, dueAt: Instant, cause: TaskIntent['cause'], assigneeId = account.ownerId) =>
    out.push({ key: `${rule}:${part}`, rule, accountId: account.id, assigneeId, title, dueAt, cause });
  if (account.stage === 'churned') return out;
  const nowMs = Date.parse(s.now);

  if (settings.agenda.enabled) {
    const a = settings.agenda;
    for (const m of s.meetings) {
      if (m.state !== 'planned' || Date.parse(m.startsAt) <= nowMs) continue;
      const callDay = localDate(m.startsAt, tz);
      const sendBy = addBusinessDays(callDay, -a.businessDaysBefore, calendar);
      if (today < addBusinessDays(sendBy, -a.noticeBusinessDays, calendar)) continue;
      // Due at the end of the send-by day, but never later than the morning of the call.
      const candidates = [atLocalTime(sendBy, settings.dueHour, 0, tz), atLocalTime(callDay, a.morningHour, 0, tz), m.startsAt];
      const dueAt = candidates.reduce((x, y) => (Date.parse(y) < Date.parse(x) ? y : x));
      add('agenda', m.id, `Send the agenda for ${m.title} (${callDay})`, new Date(dueAt).toISOString(), { type: 'meeting', id: m.id }, m.ownerId ?? account.ownerId);
    }
  }
  if (settings.follow_up.enabled) {
    for (const m of s.meetings) {
      if (m.state !== 'held') continue;
      const heldAt = m.heldAt ?? m.startsAt;
      add('follow_up', m.id, `Send the follow-up for ${m.title}`, followUpDueAt(heldAt, tz, calendar, settings.follow_up.businessDays), { type: 'meeting', id: m.id }, m.ownerId ?? account.ownerId);
    }
  }
  const accountCause = { type: 'account', id: account.id } as const;
  if (settings.cadence_overdue.enabled && s.due.nextCallDue && s.due.callOverdueDays > 0) {
    add('cadence_overdue', `${account.id}:${s.due.nextCallDue}`, `${account.name}: ${s.due.cadence} call overdue since ${s.due.nextCallDue}`, endOfToday, accountCause);
  }
  if (settings.no_touch.enabled) {
    const since = localDate(s.lastTouchAt ?? account.createdAt, tz);
    const quiet = daysBetween(since, today);
    if (quiet >= settings.no_touch.days) add('no_touch', `${account.id}:${s.lastTouchAt ? since : 'never'}`, `${account.name}: no touch in ${quiet} days`, endOfToday, accountCause);
  }
  if (settings.renewal.enabled && account.renewalDate) {
    const left = daysBetween(today, account.renewalDate);
    const window = [...settings.renewal.daysBefore].sort((x, y) => x - y).find((d) => left >= 0 && left <= d);
    if (window !== undefined) add('renewal', `${account.id}:${account.renewalDate}:${window}`, `${account.name}: renewal in ${left} days (${account.renewalDate})`, endOfToday, accountCause);
  }
  const bought = account.licencesBought;
  if (bought && bought > 0 && account.licencesUsed !== null) {
    const use = (account.licencesUsed / bought) * 100;
    const term = account.contractStartDate ? `${account.id}:${account.contractStartDate}` : account.id;
    const start = account.contractStartDate;
    const end = account.renewalDate;
    const secondHalf = start && end && daysBetween(start, end) > 0 && daysBetween(start, today) * 2 >= daysBetween(start, end) && today <= end;
    if (settings.licence_low.enabled && secondHalf && use < settings.licence_low.belowPercent) {
      add('licence_low', term, `${account.name}: licence use ${Math.round(use)}% in the second half of the contract`, endOfToday, accountCause);
    }
    if (settings.licence_high.enabled && use > settings.licence_high.abovePercent) {
      add('licence_high', term, `${account.name}: licence use ${Math.round(use)}%: make sure they know, loop in the AE`, endOfToday, accountCause);
    }
  }
  if (settings.security_alerts.enabled && account.deployment === 'self_managed' && !account.securityAlertsOptIn) {
    add('security_alerts', account.id, `${account.name}: self-managed and not signed up for security alerts`, endOfToday, accountCause);
  }
  if (settings.no_findings.enabled) {
    const since = localDate(s.lastFindingAt ?? account.createdAt, tz);
    const quiet = daysBetween(since, today);
    if (quiet >= settings.no_findings.days) {
      add('no_findings', `${account.id}:${s.lastFindingAt ? since : 'never'}`, `${account.name}: no new product findings in ${quiet} days: either they are not using it or it is not working`, endOfToday, accountCause);
    }
  }
  if (settings.health_traits.enabled) {
    const created = localDate(account.createdAt, tz);
    const stale = (Object.keys(TRAIT_NAMES) as (keyof typeof TRAIT_NAMES)[])
      .map((k) => ({ k, due: addMonths(s.healthTraits[k] ? localDate(s.healthTraits[k]!, tz) : created, settings.health_traits.everyMonths) }))
      .filter((t) => t.due <= today);
    if (stale.length) {
      const oldest = stale.map((t) => t.due).sort()[0]!;
      add('health_traits', `${account.id}:${oldest}`, `${account.name}: update ${stale.map((t) => TRAIT_NAMES[t.k]).join(', ')}`, endOfToday, accountCause);
    }
  }
  if (settings.champion_left.enabled) {
    for (const c of s.contacts) {
      if (c.role !== 'champion' || c.status !== 'left') continue;
      const leftMs = Date.parse(c.leftAt ?? s.now);
      // Resolved once a new champion is in place.
      const replaced = s.contacts.some((o) => o.role === 'champion' && o.status === 'active' && Date.parse(o.createdAt) >= leftMs);
      if (!replaced) add('champion_left', c.id, `${account.name}: champion ${c.name} has left: find the next champion`, endOfToday, { type: 'contact', id: c.id });
    }
  }
  if (settings.customer_items_overdue.enabled) {
    for (const item of s.customerActionItems) {
      if (item.done || !item.dueDate || daysBetween(item.dueDate, today) <= settings.customer_items_overdue.graceDays) continue;
      add('customer_items_overdue', `${item.id}:${item.dueDate}`, `${account.name}: customer action item overdue since ${item.dueDate}: ${item.text}`, endOfToday, { type: 'action_item', id: item.id });
    }
  }
  return out;
}

/**
 * One playbook run for one account: the tasks to create (never twice for the same key) and the
 * open tasks to close because their cause is resolved.
 */
export function evaluatePlaybook(snapshot: PlaybookSnapshot, settings: PlaybookSettings, calendar: BusinessCalendar): PlaybookOutcome {
  const wanted = wantedTasks(snapshot, settings, calendar);
  const existing = new Set(snapshot.existingTasks.map((t) => t.key));
  const wantedKeys = new Set(wanted.map((t) => t.key));
  const seen = new Set<string>();
  const intents = wanted.filter((t) => !existing.has(t.key) && !seen.has(t.key) && seen.add(t.key));
  const resolvedKeys = snapshot.existingTasks
    .filter((t) => t.open && !wantedKeys.has(t.key))
    .filter((t) => {
      const rule = ruleOfKey(t.key);
      return rule !== null && settings[rule].enabled;
    })
    .map((t) => t.key);
  return { intents, resolvedKeys };
}
