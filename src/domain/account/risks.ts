/**
 * The risk lifecycle as pure rules: a risk is raised (open), worked on (mitigating) and closed
 * with a resolution; it can be reopened. ARR at risk never exceeds the account's ARR. The
 * register summarises open risks across a book by type, severity, owner and age.
 */
import { z } from 'zod';
import { RISK_SEVERITIES, type RiskSeverity } from '../meeting/meeting.ts';
import { RISK_TYPES, type Instant, type RiskType } from '../model.ts';
import { isLiveRisk } from './risk-severity.ts';

// Kept apart so that reading due dates does not build this module's schemas (issue #16); importers of the register find them here as before.
export { compareSeverity, isLiveRisk, maxOpenSeverity } from './risk-severity.ts';

export const RISK_STATUSES = ['open', 'mitigating', 'closed'] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export interface RiskRecord {
  id: string;
  accountId: string;
  type: RiskType;
  severity: RiskSeverity;
  arrAtRisk: number | null;
  evidence: string;
  status: RiskStatus;
  ownerId: string | null;
  /** The meeting or transcript the risk came from, for the register's drill-down. */
  meetingId: string | null;
  transcriptId?: string | null;
  resolution: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  closedAt: Instant | null;
}

const arr = z.number().min(0, 'must not be negative').max(1e12, 'is not a plausible ARR');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const id = z.string().trim().min(1, 'must not be empty').max(64);

export const RiskCreateSchema = z.strictObject({
  accountId: id,
  type: z.enum(RISK_TYPES),
  severity: z.enum(RISK_SEVERITIES),
  arrAtRisk: arr.nullable().optional(),
  evidence: text(4000),
  ownerId: id.nullable().optional(),
  meetingId: id.nullable().optional(),
  transcriptId: id.nullable().optional(),
});
export type RiskCreate = z.infer<typeof RiskCreateSchema>;

/** Changes to a live risk. Closing goes through RiskCloseSchema, so it cannot skip the resolution. */
export const RiskUpdateSchema = z
  .strictObject({
    type: z.enum(RISK_TYPES).optional(),
    severity: z.enum(RISK_SEVERITIES).optional(),
    arrAtRisk: arr.nullable().optional(),
    evidence: text(4000).optional(),
    ownerId: id.nullable().optional(),
    status: z.enum(['open', 'mitigating']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type RiskUpdate = z.infer<typeof RiskUpdateSchema>;

export const RiskCloseSchema = z.strictObject({
  resolution: z.string().trim().min(1, 'closing a risk needs a resolution').max(4000, 'must be at most 4000 characters'),
});
export type RiskClose = z.infer<typeof RiskCloseSchema>;

export type RiskProblem = { field: string; message: string };
export type RiskOutcome = { ok: true; risk: RiskRecord } | { ok: false; error: RiskProblem };

/** ARR at risk must fit inside the account's ARR (when the account has one). */
export function checkArrAtRisk(arrAtRisk: number | null | undefined, accountArr: number | null): RiskProblem | null {
  if (arrAtRisk === null || arrAtRisk === undefined || accountArr === null) return null;
  if (arrAtRisk > accountArr) return { field: 'arrAtRisk', message: `ARR at risk (${arrAtRisk}) cannot exceed the account's ARR (${accountArr})` };
  return null;
}

/** A new open risk from a validated create request. */
export function createRisk(input: RiskCreate, ids: { id: string }, accountArr: number | null, now: Date): RiskOutcome {
  const problem = checkArrAtRisk(input.arrAtRisk, accountArr);
  if (problem) return { ok: false, error: problem };
  const at = now.toISOString();
  return {
    ok: true,
    risk: {
      id: ids.id,
      accountId: input.accountId,
      type: input.type,
      severity: input.severity,
      arrAtRisk: input.arrAtRisk ?? null,
      evidence: input.evidence,
      status: 'open',
      ownerId: input.ownerId ?? null,
      meetingId: input.meetingId ?? null,
      transcriptId: input.transcriptId ?? null,
      resolution: null,
      createdAt: at,
      updatedAt: at,
      closedAt: null,
    },
  };
}

/** Applies an update; a closed risk must be reopened (status 'open') before anything else changes. */
export function updateRisk(risk: RiskRecord, update: RiskUpdate, accountArr: number | null, now: Date): RiskOutcome {
  if (risk.status === 'closed' && update.status === undefined) {
    return { ok: false, error: { field: 'status', message: 'this risk is closed: reopen it before changing it' } };
  }
  const problem = checkArrAtRisk(update.arrAtRisk === undefined ? risk.arrAtRisk : update.arrAtRisk, accountArr);
  if (problem) return { ok: false, error: problem };
  const reopening = risk.status === 'closed' && update.status !== undefined;
  return {
    ok: true,
    risk: {
      ...risk,
      type: update.type ?? risk.type,
      severity: update.severity ?? risk.severity,
      arrAtRisk: update.arrAtRisk === undefined ? risk.arrAtRisk : update.arrAtRisk,
      evidence: update.evidence ?? risk.evidence,
      ownerId: update.ownerId === undefined ? risk.ownerId : update.ownerId,
      status: update.status ?? risk.status,
      resolution: reopening ? null : risk.resolution,
      closedAt: reopening ? null : risk.closedAt,
      updatedAt: now.toISOString(),
    },
  };
}

/** Closes an open or mitigating risk with its resolution. */
export function closeRisk(risk: RiskRecord, close: RiskClose, now: Date): RiskOutcome {
  if (risk.status === 'closed') return { ok: false, error: { field: 'status', message: 'this risk is already closed' } };
  const resolution = close.resolution.trim();
  if (!resolution) return { ok: false, error: { field: 'resolution', message: 'closing a risk needs a resolution' } };
  const at = now.toISOString();
  return { ok: true, risk: { ...risk, status: 'closed', resolution, closedAt: at, updatedAt: at } };
}

/** Whole days the risk has been (or was) live. */
export function riskAgeDays(risk: Pick<RiskRecord, 'createdAt' | 'closedAt'>, now: Date): number {
  const end = risk.closedAt ? Date.parse(risk.closedAt) : now.getTime();
  return Math.max(0, Math.floor((end - Date.parse(risk.createdAt)) / 86_400_000));
}

/**
 * ARR at risk on one account: the live risks' amounts added up, capped at the account's ARR so
 * two risks on the same contract do not count its money twice. The one rule the risk register,
 * the team dashboard, the review packs and the forecast all add up.
 */
export function accountArrAtRisk(risks: readonly { status: string; arrAtRisk: number | null }[], accountArr: number | null | undefined): number {
  let sum = 0;
  for (const r of risks) if (isLiveRisk(r) && r.arrAtRisk) sum += r.arrAtRisk;
  return accountArr === null || accountArr === undefined ? sum : Math.min(sum, accountArr);
}

/** ARR at risk of every account with a live risk (accountArrAtRisk), in the order the accounts first appear. */
export function arrAtRiskByAccount<R extends { accountId: string; status: string; arrAtRisk: number | null }>(risks: readonly R[], arrOf: (accountId: string) => number | null | undefined): Map<string, number> {
  const live = new Map<string, R[]>();
  for (const r of risks) {
    if (!isLiveRisk(r)) continue;
    const list = live.get(r.accountId);
    if (list) list.push(r);
    else live.set(r.accountId, [r]);
  }
  return new Map([...live].map(([accountId, list]) => [accountId, accountArrAtRisk(list, arrOf(accountId))]));
}

export const AGE_BUCKETS = ['under_30_days', '30_to_90_days', 'over_90_days'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

export function ageBucket(days: number): AgeBucket {
  return days < 30 ? 'under_30_days' : days <= 90 ? '30_to_90_days' : 'over_90_days';
}

export interface RegisterCell {
  count: number;
  arrAtRisk: number;
  riskIds: string[];
}

export interface RiskRegister {
  open: RegisterCell;
  byType: Record<string, RegisterCell>;
  bySeverity: Record<string, RegisterCell>;
  /** Keyed by owner id; 'unowned' for risks nobody owns. */
  byOwner: Record<string, RegisterCell>;
  byAge: Record<AgeBucket, RegisterCell>;
  /** ARR at risk across the book with each account's share capped at its ARR. */
  arrAtRisk: number;
  accountIds: string[];
}

/**
 * The register over live risks (open and mitigating). Per-cell ARR adds the risks' own amounts;
 * the book total caps each account at its ARR (pass `accountArr` to apply the cap).
 */
export function summariseRiskRegister(risks: readonly RiskRecord[], now: Date, accountArr: ReadonlyMap<string, number | null> = new Map()): RiskRegister {
  const cell = (): RegisterCell => ({ count: 0, arrAtRisk: 0, riskIds: [] });
  const add = (c: RegisterCell, r: RiskRecord) => {
    c.count += 1;
    c.arrAtRisk += r.arrAtRisk ?? 0;
    c.riskIds.push(r.id);
  };
  const register: RiskRegister = {
    open: cell(),
    byType: Object.fromEntries(RISK_TYPES.map((t) => [t, cell()])),
    bySeverity: Object.fromEntries(RISK_SEVERITIES.map((s) => [s, cell()])),
    byOwner: {},
    byAge: { under_30_days: cell(), '30_to_90_days': cell(), over_90_days: cell() },
    arrAtRisk: 0,
    accountIds: [],
  };
  for (const r of risks) {
    if (!isLiveRisk(r)) continue;
    add(register.open, r);
    add(register.byType[r.type] as RegisterCell, r);
    add(register.bySeverity[r.severity] as RegisterCell, r);
    const owner = r.ownerId ?? 'unowned';
    add((register.byOwner[owner] ??= cell()), r);
    add(register.byAge[ageBucket(riskAgeDays(r, now))], r);
  }
  for (const [accountId, amount] of arrAtRiskByAccount(risks, (id) => accountArr.get(id))) {
    register.arrAtRisk += amount;
    register.accountIds.push(accountId);
  }
  return register;
}
