/**
 * Health scoring as a use case: gather each account's inputs from the store, score them with the
 * scorecard of its stage, append history only when something a person would see changed, keep
 * the account's current colour and score, and say on the timeline why the colour moved.
 */
import { businessCalendar, type BusinessCalendar } from '../../domain/calendar/business-calendar.ts';
import { scoreUseCasesOf } from '../use-cases/use-cases.ts';
import { CadenceOverrideSchema, effectiveCadence, type CadencePolicy } from '../../domain/cadence/cadence.ts';
import { explainHealthChange } from '../../domain/health/explain.ts';
import { gatherHealthInputs, type HealthSourceMeeting, type HealthSources } from '../../domain/health/inputs.ts';
import { scoreAccount, type HealthOverride, type HealthResult } from '../../domain/health/score.ts';
import { pickScorecard, type Scorecard } from '../../domain/health/scorecard.ts';
import { healthChanged } from '../../domain/health/trend.ts';
import { OPEN_TICKET_STATUSES, type ActionItemStatus, type Sentiment, type TicketPriority, type TicketStatus } from '../../domain/meeting/meeting.ts';
import type { ContactRole, ContactStatus, HealthColour, Segment, Side, Stage } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import {
  listLiveAccountIds,
  loadActiveOverrides,
  loadHealthAccounts,
  loadHealthActionItems,
  loadHealthContacts,
  loadHealthMeetings,
  loadLatestResults,
  loadTicketCounts,
  writeHealth,
  type HealthAccountRow,
  type HealthMeetingRow,
  type HealthWrite,
} from '../../store/health.repo.ts';
import { toCallLifecycle } from '../../store/meetings.repo.ts';
import { listLiveRiskSignals, type RiskSignal } from '../../store/risk-signals.repo.ts';
import { maxOpenSeverity } from '../../domain/account/risks.ts';
import type { HealthOverridesTable } from '../../store/schema.ts';
import { loadCadenceSettings } from '../team/cadence-engine.ts';
import { loadScorecards } from './scorecards.ts';
import { expectedCallsOver } from '../team/team-dashboard.ts';
import { yieldToEventLoop } from '../event-loop.ts';

const DAY = 86_400_000;
const LOOKBACK_DAYS = 90;
const CHUNK = 400;

export interface RecomputeOptions {
  /** Called after each chunk with the accounts done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface RecomputeSummary {
  scored: number;
  changed: number;
  colourChanged: number;
  /** Accounts asked for that do not exist or are archived. */
  skipped: number;
}

/**
 * Recomputes health for the given accounts (default: every live account). Idempotent: with
 * unchanged inputs it writes nothing, so the nightly job, the wrap-up hook and a CSM's button can
 * all call it as often as they like. No access check here: callers decide who may trigger it.
 */
export async function recomputeHealth(deps: Deps, accountIds?: readonly string[], options: RecomputeOptions = {}): Promise<RecomputeSummary> {
  const db = deps.store.db;
  const ids = accountIds ? [...new Set(accountIds)] : await listLiveAccountIds(db);
  const { scorecards } = await loadScorecards(db);
  const { policy, holidays, playbook } = await loadCadenceSettings(db);
  const calendar = businessCalendar(holidays);
  const agendaLeadDays = playbook.send_agenda.businessDaysBefore;
  const summary: RecomputeSummary = { scored: 0, changed: 0, colourChanged: 0, skipped: 0 };
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const now = deps.now();
    const writes = await scoreChunk(deps, chunk, scorecards, policy, { calendar, agendaLeadDays }, now, summary);
    if (writes.length) await db.transaction().execute((tx) => writeHealth(tx, writes));
    options.onProgress?.(Math.min(i + CHUNK, ids.length), ids.length);
    // Between chunks only: a one-account rescore (a contact added) need not wait a turn of a busy loop.
    if (i + CHUNK < ids.length) await yieldToEventLoop();
  }
  return summary;
}

/**
 * Rescores one account after a change that feeds its health (a call wrapped up, a champion who
 * left), so the CSM sees the new colour at once. The change itself has committed: a failure here
 * is logged, never undone, and the nightly run scores the account again anyway.
 */
export async function rescoreAccount(deps: Deps, accountId: string, after: string): Promise<void> {
  await recomputeHealth(deps, [accountId]).catch((err) => deps.logger.error({ err, accountId }, `health recompute after ${after} failed`));
}

async function scoreChunk(deps: Deps, ids: string[], scorecards: Scorecard[], policy: CadencePolicy, team: { calendar: BusinessCalendar; agendaLeadDays: number }, now: Date, summary: RecomputeSummary): Promise<HealthWrite[]> {
  const db = deps.store.db;
  const nowIso = now.toISOString();
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY);
  const sinceIso = since.toISOString();
  const today = nowIso.slice(0, 10);
  // Sequential on purpose: SQLite has one connection, and PostgreSQL gains little for ~8 queries.
  const accounts = await loadHealthAccounts(db, ids);
  const meetings = group(await loadHealthMeetings(db, ids, sinceIso, nowIso));
  const items = group(await loadHealthActionItems(db, ids, sinceIso.slice(0, 10), today));
  const tickets = new Map((await loadTicketCounts(db, ids, OPEN_TICKET_STATUSES)).map((t) => [t.account_id, t]));
  const contacts = group(await loadHealthContacts(db, ids));
  const previous = await loadLatestResults(db, ids);
  const overrides = await loadActiveOverrides(db, ids, nowIso);
  const risks = await listLiveRiskSignals(db, ids);
  const useCases = await scoreUseCasesOf(deps, db, ids);
  summary.skipped += ids.length - accounts.length;

  const writes: HealthWrite[] = [];
  for (const account of accounts) {
    const scorecard = pickScorecard(scorecards, account.stage as Stage);
    if (!scorecard) continue;
    const accountMeetings = meetings.get(account.id) ?? [];
    const ticketRow = tickets.get(account.id);
    const sources: HealthSources = {
      timezone: account.timezone,
      calendar: team.calendar,
      account: { licencesBought: account.licences_bought, licencesUsed: account.licences_used, contractStartDate: account.contract_start_date, renewalDate: account.renewal_date },
      meetings: accountMeetings.map(toSourceMeeting),
      expectedCalls: expectedCalls(account, accountMeetings, policy, since, now, risks.get(account.id) ?? []),
      actionItems: (items.get(account.id) ?? []).map((i) => ({ side: i.side as Side, status: i.status as ActionItemStatus, dueDate: i.due_date })),
      tickets: ticketRow && Number(ticketRow.total) > 0 ? Array.from({ length: Number(ticketRow.critical ?? 0) }, () => ({ priority: 'urgent' as TicketPriority, status: 'open' as TicketStatus })) : null,
      escalations: null,
      contacts: (contacts.get(account.id) ?? []).map((c) => ({ role: c.role as ContactRole, status: c.status as ContactStatus })),
      activeUsers: null,
    };
    const inputs = gatherHealthInputs(sources, now, { lookbackDays: LOOKBACK_DAYS, agendaLeadDays: team.agendaLeadDays });
    const accountRisks = risks.get(account.id) ?? [];
    const result = scoreAccount(scorecard, inputs, now, {
      override: toOverride(overrides.get(account.id)),
      today,
      risks: accountRisks,
      accountArr: accountRisks[0]?.accountArr ?? null,
      stage: account.stage as Stage,
      useCases: (useCases.get(account.id) ?? []).map((u) => ({ name: u.template.name, score: u.score })),
    });
    summary.scored += 1;
    const before = previous.get(account.id) ?? null;
    if (!healthChanged(before, result)) {
      // History unchanged, but keep the account's columns true (an import may have reset them).
      if (account.health_colour === result.colour && numberOrNull(account.health_score) === result.score) continue;
      writes.push({ id: deps.newId(), accountId: account.id, result, explanation: null, timeline: null, history: false });
      continue;
    }
    const explanation = explainHealthChange(before, result).summary;
    const colourMoved = (before?.colour ?? null) !== result.colour;
    summary.changed += 1;
    if (colourMoved) summary.colourChanged += 1;
    writes.push({ id: deps.newId(), accountId: account.id, result, explanation, timeline: colourMoved ? { id: deps.newId(), summary: explanation } : null, history: true });
  }
  return writes;
}

function numberOrNull(n: number | null): number | null {
  return n === null ? null : Number(n);
}

function group<T extends { account_id: string | null }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    if (r.account_id === null) continue;
    const list = out.get(r.account_id);
    if (list) list.push(r);
    else out.set(r.account_id, [r]);
  }
  return out;
}

function toSourceMeeting(m: HealthMeetingRow): HealthSourceMeeting {
  return {
    ...toCallLifecycle(m),
    csmSentiment: m.csm_sentiment as Sentiment | null,
    productSentiment: m.product_sentiment as Sentiment | null,
  };
}

/**
 * Calls expected over the look-back window: what the team's cadence policy owes the account for
 * the days it has been with us in the window (monthly over 90 days: three), or the cadence and
 * kickoff calls that were on the calendar if there were more (a cancelled one still counts).
 * null when nothing was expected (touches-only accounts, brand-new ones), so the measure is
 * missing rather than perfect.
 */
function expectedCalls(account: HealthAccountRow, meetings: readonly HealthMeetingRow[], policy: CadencePolicy, since: Date, now: Date, risks: readonly RiskSignal[]): number | null {
  const sinceIso = since.toISOString();
  const nowIso = now.toISOString();
  let scheduled = 0;
  for (const m of meetings) if ((m.type === 'cadence' || m.type === 'kickoff') && m.starts_at >= sinceIso && m.starts_at <= nowIso) scheduled += 1;
  const override = account.cadence_override ? CadenceOverrideSchema.safeParse(JSON.parse(account.cadence_override)) : null;
  const cadence = effectiveCadence(
    policy,
    { segment: account.segment as Segment, stage: account.stage as Stage },
    account.health_colour as HealthColour | null,
    override?.success ? override.data : null,
    maxOpenSeverity(risks.map((r) => ({ status: 'open', severity: r.severity }))),
  );
  const days = (now.getTime() - Math.max(since.getTime(), Date.parse(account.created_at))) / DAY;
  const expected = Math.max(scheduled, expectedCallsOver(cadence.frequency, Math.max(0, days)));
  return expected > 0 ? expected : null;
}

export function toOverride(row: HealthOverridesTable | undefined): HealthOverride | null {
  if (!row) return null;
  return { colour: row.colour as HealthColour, score: row.score === null ? null : Number(row.score), reason: row.reason, expiresAt: row.expires_at, setBy: row.set_by, setAt: row.set_at };
}

export type { HealthResult };
