import { businessCalendar, HolidaysSchema, localDate, type BusinessCalendar } from '../../domain/calendar/business-calendar.ts';
import { CadenceOverrideSchema, CadencePolicySchema, cadenceDue, DEFAULT_POLICY, effectiveCadence, type CadenceDue, type CadenceOverride, type CadencePolicy } from '../../domain/cadence/cadence.ts';
import type { Actor, HealthColour, Segment, Stage } from '../../domain/model.ts';
import type { AccountSnapshot, PlaybookSettings, TaskIntent } from '../../domain/cadence/playbook.ts';
import { DEFAULT_PLAYBOOK } from '../../domain/cadence/playbook-defaults.ts';
import type { Deps } from '../../deps.ts';
import {
  allTaskKeys,
  listCallsAwaitingAgenda,
  listChampionsLeft,
  listOverdueCustomerItems,
  loadCadenceFacts,
  loadPlaybookFacts,
  saveCadenceRows,
  setCadenceOverride,
  type CadenceFacts,
  type StoredCadence,
} from '../../store/cadence.repo.ts';
import type { Executor } from '../../store/database.ts';
import { listLiveRiskSignals } from '../../store/risk-signals.repo.ts';
import { maxOpenSeverity } from '../../domain/account/risk-severity.ts';
import type { RiskSeverity } from '../../domain/meeting/meeting.ts';
import type { AccountCadenceTable } from '../../store/schema.ts';
import { listAccountIdsWithSalesContext } from '../../store/handoffs.repo.ts';
import { getSettings, putSetting } from '../../store/settings.repo.ts';
import { closeTasksByKeys, insertTaskOnce } from '../../store/tasks.repo.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { authorize } from '../../policies/authorize.ts';
import { canChangeCadencePolicy, canRunPlaybook } from '../../policies/settings.policy.ts';
import { listScopedAccountIds } from '../../store/accounts.repo.ts';
import { parseInput } from '../parse-input.ts';
import { recordChange } from '../record-change.ts';
import { turnEvery, yieldToEventLoop } from '../event-loop.ts';

export interface CadenceSettings {
  policy: CadencePolicy;
  holidays: string[];
  playbook: PlaybookSettings;
}

/** The team's cadence settings for the API and the CLI; anyone signed in may read them. */
export async function getCadenceSettings(deps: Pick<Deps, 'store'>): Promise<CadenceSettings> {
  return loadCadenceSettings(deps.store.db);
}

/** The playbook's rules and schema, loaded when used: reading due dates needs neither, nor the Luxon they import (issue #16). */
const loadPlaybook = () => import('../../domain/cadence/playbook.ts');

/** The team's policy, holidays and playbook settings (the handbook defaults until someone edits them). */
export async function loadCadenceSettings(db: Executor): Promise<CadenceSettings> {
  const saved = await getSettings(db, ['cadence.policy', 'cadence.holidays', 'cadence.playbook']);
  const policy = saved.get('cadence.policy');
  const playbook = saved.get('cadence.playbook');
  return {
    policy: policy ? CadencePolicySchema.parse(policy) : DEFAULT_POLICY,
    holidays: (saved.get('cadence.holidays') as string[] | undefined) ?? [],
    playbook: playbook ? (await loadPlaybook()).PlaybookSettingsSchema.parse(playbook) : DEFAULT_PLAYBOOK,
  };
}

function overrideOf(facts: CadenceFacts): CadenceOverride | null {
  if (!facts.stored?.override) return null;
  const parsed = CadenceOverrideSchema.safeParse(JSON.parse(facts.stored.override));
  return parsed.success ? parsed.data : null;
}

function dueFor(facts: CadenceFacts, settings: CadenceSettings, calendar: BusinessCalendar, now: Date, worstRisk: RiskSeverity | null): CadenceDue {
  const cadence = effectiveCadence(settings.policy, { segment: facts.segment as Segment, stage: facts.stage as Stage }, facts.healthColour as HealthColour | null, overrideOf(facts), worstRisk);
  return cadenceDue(
    {
      cadence,
      lastCallAt: facts.lastCallAt,
      lastTouchAt: facts.lastTouchAt,
      since: facts.createdAt,
      timezone: facts.timezone,
      touchFloorDays: settings.policy.touchFloorDays,
      dueSoonDays: settings.policy.dueSoonDays,
    },
    now,
    calendar,
  );
}

function rowOf(facts: CadenceFacts, due: CadenceDue, at: string): AccountCadenceTable {
  return {
    account_id: facts.id,
    override: facts.stored?.override ?? null,
    last_call_at: facts.lastCallAt,
    last_touch_at: facts.lastTouchAt,
    next_call_due: due.nextCallDue,
    next_touch_due: due.nextTouchDue,
    overdue_days: Math.max(due.callOverdueDays, due.touchOverdueDays),
    computed_at: at,
  };
}

const sameRow = (a: StoredCadence | null, b: AccountCadenceTable) =>
  a !== null && a.last_call_at === b.last_call_at && a.last_touch_at === b.last_touch_at && a.next_call_due === b.next_call_due && a.next_touch_due === b.next_touch_due && a.overdue_days === b.overdue_days;

/**
 * Recomputes the due state of some accounts (or all), writing only the rows that changed, so
 * the book of business can sort and filter by it. Cheap enough to call after every wrap-up.
 */
export async function refreshCadence(deps: Deps, db: Executor, accountIds: string[] | null): Promise<{ facts: CadenceFacts[]; dues: Map<string, CadenceDue>; settings: CadenceSettings; changed: number }> {
  const settings = await loadCadenceSettings(db);
  const calendar = businessCalendar(settings.holidays);
  const facts = await loadCadenceFacts(db, accountIds);
  const risks = await listLiveRiskSignals(db, accountIds);
  const now = deps.now();
  const at = now.toISOString();
  const dues = new Map<string, CadenceDue>();
  const changed: AccountCadenceTable[] = [];
  // A tight loop over the pure rule: a turn for the event loop every 1000 accounts, no await in between.
  for (let i = 0; i < facts.length; i += 1) {
    if (i > 0 && i % 1000 === 0) await yieldToEventLoop();
    const f = facts[i]!;
    const live = risks.get(f.id);
    const due = dueFor(f, settings, calendar, now, live ? maxOpenSeverity(live.map((r) => ({ status: 'open', severity: r.severity }))) : null);
    dues.set(f.id, due);
    const row = rowOf(f, due, at);
    if (!sameRow(f.stored, row)) changed.push(row);
  }
  await saveCadenceRows(db, changed);
  return { facts, dues, settings, changed: changed.length };
}

/** The account's cadence: what it is owed and why, and when the next call and touch are due. */
export async function accountCadence(deps: Deps, actor: Actor, accountId: string): Promise<CadenceDue & { override: CadenceOverride | null }> {
  // Loaded here, not with the module: the accounts service builds the account schemas, which `cadence due` never reads (issue #16).
  const { getAccount } = await import('../accounts/accounts.ts');
  await getAccount(deps, actor, accountId);
  const { facts, dues } = await refreshCadence(deps, deps.store.db, [accountId]);
  const f = facts[0]!;
  return { ...dues.get(accountId)!, override: overrideOf(f) };
}

/** Sets (or with `null`, removes) an account's cadence override; the reason is required. */
export async function setAccountCadenceOverride(deps: Deps, actor: Actor, accountId: string, override: CadenceOverride | null) {
  const { withEditableAccount } = await import('../accounts/account-access.ts');
  await withEditableAccount(deps, actor, accountId, async (tx, account) => {
    await setCadenceOverride(tx, accountId, override ? JSON.stringify(override) : null);
    await refreshCadence(deps, tx, [accountId]);
    await recordChange(tx, deps, actor, {
      accountId,
      action: override ? 'cadence.override_set' : 'cadence.override_removed',
      entityType: 'account',
      entityId: accountId,
      before: null,
      after: override,
      summary: override ? `Cadence set to ${override.frequency} for ${account.name}: ${override.reason}` : `Cadence override removed for ${account.name}`,
    });
  });
  return accountCadence(deps, actor, accountId);
}

/** Saves the team's policy, holidays and playbook settings (admins and managers); each validated whole. */
export async function saveCadenceSettings(deps: Deps, actor: Actor, body: { policy?: unknown; holidays?: unknown; playbook?: unknown }): Promise<CadenceSettings> {
  authorize(canChangeCadencePolicy(actor), 'only admins and managers change the cadence policy');
  // A partial policy changes only what it names; the rest stays as the team had it.
  const current = await loadCadenceSettings(deps.store.db);
  const merge = (patch: unknown) =>
    typeof patch === 'object' && patch !== null && !Array.isArray(patch) ? { ...current.policy, ...patch, bySegment: { ...current.policy.bySegment, ...((patch as { bySegment?: object }).bySegment ?? {}) } } : patch;
  const policy = body.policy === undefined ? undefined : parseInput(CadencePolicySchema, merge(body.policy));
  const holidays = body.holidays === undefined ? undefined : [...new Set(parseInput(HolidaysSchema, body.holidays))].sort();
  const playbook = body.playbook === undefined ? undefined : parseInput((await loadPlaybook()).PlaybookSettingsSchema, body.playbook);
  await deps.store.db.transaction().execute(async (tx) => {
    const at = deps.now().toISOString();
    if (policy) await putSetting(tx, 'cadence.policy', policy, at, actor.id);
    if (holidays) await putSetting(tx, 'cadence.holidays', holidays, at, actor.id);
    if (playbook) await putSetting(tx, 'cadence.playbook', playbook, at, actor.id);
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'settings.cadence',
      entityType: 'settings',
      entityId: 'cadence',
      before: null,
      after: { policy, holidays, playbook },
      summary: `Cadence settings changed: ${[policy && 'policy', holidays && 'holidays', playbook && 'playbook'].filter(Boolean).join(', ')}`,
    });
  });
  return loadCadenceSettings(deps.store.db);
}

export interface PlaybookRunReport {
  accounts: number;
  cadenceRowsChanged: number;
  tasksCreated: number;
  tasksClosed: number;
}

/** A playbook run someone asked for (the API's "run now"), rather than the scheduled one. */
export async function runPlaybookNow(deps: Deps, actor: Actor): Promise<PlaybookRunReport> {
  authorize(canRunPlaybook(actor), 'only admins and managers run the playbook by hand');
  return runPlaybook(deps);
}

/**
 * One full playbook run: due states for the whole book, then every rule for every account.
 * Each occurrence makes one task (keyed); tasks whose cause is gone close themselves. A second
 * run with nothing new writes nothing.
 */
export async function runPlaybook(deps: Deps): Promise<PlaybookRunReport> {
  const db = deps.store.db;
  const { evaluatePlaybook, PLAYBOOK_RULES } = await loadPlaybook();
  const { facts, dues, settings, changed } = await refreshCadence(deps, db, null);
  const calendar = businessCalendar(settings.holidays);
  const now = deps.now();
  const today = localDate(now, 'UTC');
  const [more, calls, championsLeft, overdueItems, withSalesContext] = await Promise.all([
    loadPlaybookFacts(db),
    listCallsAwaitingAgenda(db, now.toISOString(), new Date(now.getTime() + 21 * 86_400_000).toISOString()),
    listChampionsLeft(db),
    listOverdueCustomerItems(db, today),
    listAccountIdsWithSalesContext(db),
  ]);
  const group = <T extends { account_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.account_id, [...(m.get(r.account_id) ?? []), r]);
    return m;
  };
  const callsBy = group(calls);
  const championsBy = group(championsLeft);
  const itemsBy = group(overdueItems);

  const intents: TaskIntent[] = [];
  for (const [i, f] of facts.entries()) {
    await turnEvery(i, 1000);
    const p = more.get(f.id);
    // Archived between the two reads: the next run has it right.
    if (!p) continue;
    const snapshot: AccountSnapshot = {
      account: {
        id: f.id,
        name: f.name,
        ownerId: f.ownerId,
        stage: f.stage as Stage,
        deployment: p.deployment as AccountSnapshot['account']['deployment'],
        renewalDate: p.renewalDate,
        contractStartDate: p.contractStartDate,
        licencesBought: p.licencesBought,
        licencesUsed: p.licencesUsed,
        securityAlertsOptIn: p.securityAlertsOptIn,
        timezone: f.timezone,
        createdAt: f.createdAt,
      },
      due: dues.get(f.id)!,
      upcomingCalls: (callsBy.get(f.id) ?? []).map((c) => ({ id: c.id, title: c.title, startsAt: c.starts_at })),
      lastFindingAt: p.lastFindingAt,
      // The CSM's pulse is set at each wrap-up; until health traits have their own record, that is the date.
      healthTraitsAt: p.lastSentimentAt,
      championsLeft: (championsBy.get(f.id) ?? []).map((c) => ({ contactId: c.id, name: c.name })),
      overdueCustomerItems: (itemsBy.get(f.id) ?? []).map((i) => ({ id: i.id, text: i.text, dueDate: i.due_date! })),
      hasSalesContext: withSalesContext.has(f.id),
    };
    intents.push(...evaluatePlaybook(snapshot, settings.playbook, now, calendar));
  }

  const existing = await allTaskKeys(db, [...PLAYBOOK_RULES]);
  const fresh = intents.filter((t) => !existing.has(t.key));
  const wanted = new Set(intents.map((t) => t.key));
  const stale = [...existing].filter(([key, status]) => status === 'open' && !wanted.has(key)).map(([key]) => key);
  const at = now.toISOString();
  let created = 0;
  let closed = 0;
  await db.transaction().execute(async (tx) => {
    for (const [i, t] of fresh.entries()) {
      await turnEvery(i, 1000);
      if (await insertTaskOnce(tx, { id: deps.newId(), key: t.key, rule: t.rule, accountId: t.accountId, assigneeId: t.assigneeId, title: t.title, dueAt: t.dueAt, cause: t.cause, createdAt: at })) created += 1;
    }
    closed = await closeTasksByKeys(tx, stale, at);
  });
  return { accounts: facts.length, cadenceRowsChanged: changed, tasksCreated: created, tasksClosed: closed };
}

export interface DueAccount {
  accountId: string;
  name: string;
  ownerId: string | null;
  due: CadenceDue;
}

/** Accounts the actor may see that are overdue or due within `withinDays`, most overdue first. */
export async function listDueAccounts(deps: Deps, actor: Actor, withinDays = 7): Promise<DueAccount[]> {
  const scope = accountScopeFor(actor);
  const ids = scope.kind === 'all' ? null : await listScopedAccountIds(deps.store.db, scope.userIds);
  const { facts, dues } = await refreshCadence(deps, deps.store.db, ids);
  const horizon = new Date(deps.now().getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
  return facts
    .map((f) => ({ accountId: f.id, name: f.name, ownerId: f.ownerId, due: dues.get(f.id)! }))
    .filter((a) => a.due.state === 'overdue' || (a.due.nextCallDue !== null && a.due.nextCallDue <= horizon) || a.due.nextTouchDue <= horizon)
    .sort((a, b) => Math.max(b.due.callOverdueDays, b.due.touchOverdueDays) - Math.max(a.due.callOverdueDays, a.due.touchOverdueDays) || a.name.localeCompare(b.name));
}
