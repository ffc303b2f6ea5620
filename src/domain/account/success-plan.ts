/**
 * Success plans: the customer's business outcomes (and the initiatives that serve them) with an
 * owner, a target date, a status and progress. Templates per segment give a new account a
 * starting plan; a customer-visible projection shares the plan without internal notes or
 * objectives the CSM keeps to the team.
 */
import { z } from 'zod';
import { OBJECTIVE_STATUSES, type ObjectiveStatus } from '../meeting/meeting.ts';
import type { CalendarDate, Instant, Segment } from '../model.ts';

export interface ObjectiveOwner {
  kind: 'user' | 'contact' | 'name';
  /** null when only a name is known. */
  id: string | null;
  name: string;
}

export interface Objective {
  id: string;
  accountId: string;
  title: string;
  kind: 'outcome' | 'initiative';
  description: string | null;
  owner: ObjectiveOwner | null;
  targetDate: CalendarDate | null;
  status: ObjectiveStatus;
  /** 0–100. */
  progress: number;
  /** false keeps the objective to the account team (never in the shared plan). */
  customerVisible: boolean;
  /** The team's own notes: never shared. */
  internalNotes: string | null;
  createdAt: Instant;
  updatedAt: Instant;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');
const progress = z.number().int('must be a whole number').min(0, 'must be between 0 and 100').max(100, 'must be between 0 and 100');
const OwnerSchema = z.strictObject({
  kind: z.enum(['user', 'contact', 'name']),
  id: z.string().max(64).nullable(),
  name: z.string().trim().min(1, 'must not be empty').max(200),
});

export const ObjectiveCreateSchema = z.strictObject({
  accountId: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  kind: z.enum(['outcome', 'initiative']).default('outcome'),
  description: z.string().trim().max(4000).nullable().optional(),
  owner: OwnerSchema.nullable().optional(),
  targetDate: date.nullable().optional(),
  status: z.enum(OBJECTIVE_STATUSES).default('not_started'),
  progress: progress.default(0),
  customerVisible: z.boolean().default(true),
  internalNotes: z.string().max(8000).nullable().optional(),
});
export type ObjectiveCreate = z.input<typeof ObjectiveCreateSchema>;

export const ObjectiveUpdateSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
    kind: z.enum(['outcome', 'initiative']).optional(),
    description: z.string().trim().max(4000).nullable().optional(),
    owner: OwnerSchema.nullable().optional(),
    targetDate: date.nullable().optional(),
    status: z.enum(OBJECTIVE_STATUSES).optional(),
    progress: progress.optional(),
    customerVisible: z.boolean().optional(),
    internalNotes: z.string().max(8000).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ObjectiveUpdate = z.infer<typeof ObjectiveUpdateSchema>;

/** A new objective from validated input. An objective created as achieved is at 100%. */
export function createObjective(input: z.output<typeof ObjectiveCreateSchema>, id: string, now: Date): Objective {
  const at = now.toISOString();
  return {
    id,
    accountId: input.accountId,
    title: input.title,
    kind: input.kind,
    description: input.description ?? null,
    owner: input.owner ?? null,
    targetDate: input.targetDate ?? null,
    status: input.status,
    progress: input.status === 'achieved' ? 100 : input.progress,
    customerVisible: input.customerVisible,
    internalNotes: input.internalNotes ?? null,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Applies an update. Marking an objective achieved sets progress to 100; reporting progress on
 * an objective not yet started puts it on track. Progress never silently changes the status
 * otherwise: 100% is not "achieved" until someone says so.
 */
export function updateObjective(objective: Objective, update: ObjectiveUpdate, now: Date): Objective {
  const next: Objective = { ...objective, ...stripUndefined(update), updatedAt: now.toISOString() };
  if (update.status === 'achieved') next.progress = 100;
  else if (update.status === undefined && next.status === 'not_started' && (update.progress ?? 0) > 0) next.status = 'on_track';
  return next;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const LIVE: ReadonlySet<ObjectiveStatus> = new Set(['not_started', 'on_track', 'at_risk']);

/** True when the target date has passed and the objective is still live. */
export function isOverdue(o: Pick<Objective, 'status' | 'targetDate'>, today: CalendarDate): boolean {
  return LIVE.has(o.status) && o.targetDate !== null && o.targetDate < today;
}

export interface SuccessPlanSummary {
  byStatus: Record<ObjectiveStatus, string[]>;
  overdueIds: string[];
  /** Average progress of live objectives, null when none are live. */
  averageProgress: number | null;
}

/** The plan at a glance, with objective ids behind each figure. */
export function summariseSuccessPlan(objectives: readonly Objective[], today: CalendarDate): SuccessPlanSummary {
  const byStatus = Object.fromEntries(OBJECTIVE_STATUSES.map((s) => [s, [] as string[]])) as Record<ObjectiveStatus, string[]>;
  const overdueIds: string[] = [];
  let sum = 0;
  let live = 0;
  for (const o of objectives) {
    byStatus[o.status].push(o.id);
    if (isOverdue(o, today)) overdueIds.push(o.id);
    if (LIVE.has(o.status)) {
      sum += o.progress;
      live += 1;
    }
  }
  return { byStatus, overdueIds, averageProgress: live ? Math.round(sum / live) : null };
}

export interface ObjectiveTemplate {
  title: string;
  kind: 'outcome' | 'initiative';
  description: string;
  /** Days from the plan's start to the target date. */
  targetInDays: number;
}

/**
 * Starting plans per segment, after the GitLab success-plan handbook: a measurable business
 * outcome, the adoption that proves it, and the relationship that sustains it.
 */
export const SUCCESS_PLAN_TEMPLATES: Record<Segment, readonly ObjectiveTemplate[]> = {
  enterprise: [
    { title: 'Agree the business outcomes and how success is measured', kind: 'outcome', description: 'Written outcomes with a metric and a baseline, agreed with the economic buyer.', targetInDays: 30 },
    { title: 'Onboard the first teams and reach the licence adoption target', kind: 'initiative', description: 'Roll-out plan per team; licence utilisation tracked monthly.', targetInDays: 90 },
    { title: 'Enable administrators and champions', kind: 'initiative', description: 'Admin training done; champions named in each business unit.', targetInDays: 60 },
    { title: 'Review outcomes with the economic buyer in a CBR', kind: 'outcome', description: 'Progress against the agreed metrics, presented in a business review.', targetInDays: 180 },
  ],
  commercial: [
    { title: 'Agree the business outcome and its metric', kind: 'outcome', description: 'One outcome with a metric, agreed with the champion.', targetInDays: 30 },
    { title: 'Reach the licence adoption target', kind: 'initiative', description: 'Active users over billable users tracked each quarter.', targetInDays: 120 },
    { title: 'Review progress before renewal', kind: 'outcome', description: 'Outcome progress reviewed with the champion a quarter before renewal.', targetInDays: 270 },
  ],
  scale: [
    { title: 'Complete self-serve onboarding', kind: 'initiative', description: 'Onboarding guide followed; first workflows live.', targetInDays: 45 },
    { title: 'Reach steady active use', kind: 'outcome', description: 'Most licences in active use.', targetInDays: 120 },
  ],
};

/** Objectives from the segment's template, with target dates counted from `startDate`. */
export function objectivesFromTemplate(segment: Segment, accountId: string, startDate: CalendarDate, ids: readonly string[], now: Date): Objective[] {
  const templates = SUCCESS_PLAN_TEMPLATES[segment];
  if (ids.length < templates.length) throw new RangeError(`need ${templates.length} ids for the ${segment} template, got ${ids.length}`);
  const start = Date.parse(`${startDate}T00:00:00Z`);
  return templates.map((t, i) =>
    createObjective(
      {
        accountId,
        title: t.title,
        kind: t.kind,
        description: t.description,
        targetDate: new Date(start + t.targetInDays * 86_400_000).toISOString().slice(0, 10),
        status: 'not_started',
        progress: 0,
        customerVisible: true,
      },
      ids[i] as string,
      now,
    ),
  );
}

/** What the customer sees of one objective. Built field by field, so nothing internal can leak. */
export interface CustomerObjective {
  title: string;
  kind: 'outcome' | 'initiative';
  description: string | null;
  owner: string | null;
  targetDate: CalendarDate | null;
  status: 'not started' | 'on track' | 'needs attention' | 'achieved';
  progress: number;
}

export interface CustomerSuccessPlan {
  accountName: string;
  objectives: CustomerObjective[];
}

const CUSTOMER_STATUS: Record<Exclude<ObjectiveStatus, 'abandoned'>, CustomerObjective['status']> = {
  not_started: 'not started',
  on_track: 'on track',
  at_risk: 'needs attention',
  achieved: 'achieved',
};

/**
 * The plan as it can be shared: customer-visible objectives only, abandoned ones left out,
 * internal notes and ids dropped, "at risk" said as "needs attention".
 */
export function customerSuccessPlan(accountName: string, objectives: readonly Objective[]): CustomerSuccessPlan {
  const shown: CustomerObjective[] = [];
  for (const o of objectives) {
    if (!o.customerVisible || o.status === 'abandoned') continue;
    shown.push({
      title: o.title,
      kind: o.kind,
      description: o.description,
      owner: o.owner?.name ?? null,
      targetDate: o.targetDate,
      status: CUSTOMER_STATUS[o.status],
      progress: o.progress,
    });
  }
  return { accountName, objectives: shown };
}
