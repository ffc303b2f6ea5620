import type { z } from 'zod';
import type { Actor, CalendarDate } from '../../domain/model.ts';
import {
  type ObjectiveCreateSchema,
  SUCCESS_PLAN_TEMPLATES,
  createObjective,
  objectivesFromTemplate,
  summariseSuccessPlan,
  updateObjective,
  type CustomerSuccessPlan,
  type Objective,
  type ObjectiveOwner,
  type ObjectiveUpdate,
  type SuccessPlanSummary,
} from '../../domain/account/success-plan.ts';
import { projectCustomerAccount, sharedPlanOf } from '../../domain/account/customer-account-view.ts';
import { isCalendarDate } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { invalid, notFound } from '../../errors.ts';
import { findContact } from '../../store/contacts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { deleteObjective, findObjective, insertObjectives, listAccountObjectives, saveObjective } from '../../store/objectives.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { withEditableAccount } from '../accounts/account-access.ts';
import { getAccount } from '../accounts/accounts.ts';
import { recordChange } from '../record-change.ts';
import { accountOfShareLink } from '../meetings/share-links.ts';

/** A new objective as the edge checked it (ObjectiveCreateSchema without the account, which is the path's). */
export type ObjectiveAdd = Omit<z.output<typeof ObjectiveCreateSchema>, 'accountId'>;

export interface SuccessPlan {
  items: Objective[];
  summary: SuccessPlanSummary;
  nextCursor: null;
}

/** The account's success plan with its summary (ids behind each figure). */
export async function getSuccessPlan(deps: Deps, actor: Actor, accountId: string): Promise<SuccessPlan> {
  await getAccount(deps, actor, accountId);
  const items = await listAccountObjectives(deps.store.db, accountId);
  return { items, summary: summariseSuccessPlan(items, deps.now().toISOString().slice(0, 10)), nextCursor: null };
}

// The domain's schema checks the shape only; "2027-13-01" must not reach the plan.
function checkTargetDate(targetDate: string | null | undefined): void {
  if (targetDate && !isCalendarDate(targetDate)) throw invalid(`targetDate ${targetDate} is not a date`, 'targetDate');
}

/** An owner who is a user must be one; a contact must be one of this account's. */
async function checkOwner(db: Executor, accountId: string, owner: ObjectiveOwner | null | undefined): Promise<void> {
  if (!owner || owner.kind === 'name') return;
  if (!owner.id) throw invalid(`owner.id is needed for a ${owner.kind}`, 'owner.id');
  if (owner.kind === 'user' && !(await findUser(db, owner.id))) throw invalid('owner.id is not a user', 'owner.id');
  if (owner.kind === 'contact') {
    const contact = await findContact(db, owner.id);
    if (!contact || contact.accountId !== accountId) throw invalid('owner.id is not a contact of this account', 'owner.id');
  }
}

export async function addObjective(deps: Deps, actor: Actor, accountId: string, body: ObjectiveAdd): Promise<Objective> {
  const input = { ...body, accountId };
  checkTargetDate(input.targetDate);
  return withEditableAccount(deps, actor, accountId, async (tx) => {
    await checkOwner(tx, accountId, input.owner);
    const objective = createObjective(input, deps.newId(), deps.now());
    await insertObjectives(tx, [objective]);
    await recordChange(tx, deps, actor, { accountId, action: 'objective.created', entityType: 'objective', entityId: objective.id, before: null, after: objective, summary: `Success plan: added "${objective.title}"` });
    return objective;
  });
}

async function objectiveOf(deps: Deps, actor: Actor, accountId: string, id: string): Promise<void> {
  await getAccount(deps, actor, accountId);
  const existing = await findObjective(deps.store.db, id);
  if (!existing || existing.accountId !== accountId) throw notFound('objective');
}

export async function changeObjective(deps: Deps, actor: Actor, accountId: string, id: string, patch: ObjectiveUpdate): Promise<Objective> {
  checkTargetDate(patch.targetDate);
  await objectiveOf(deps, actor, accountId, id);
  return withEditableAccount(deps, actor, accountId, async (tx) => {
    await checkOwner(tx, accountId, patch.owner);
    const before = (await findObjective(tx, id))!;
    const after = updateObjective(before, patch, deps.now());
    await saveObjective(tx, after);
    const moved = before.status !== after.status ? ` now ${after.status.replace(/_/g, ' ')}` : before.progress !== after.progress ? ` at ${after.progress}%` : ' updated';
    await recordChange(tx, deps, actor, { accountId, action: 'objective.updated', entityType: 'objective', entityId: id, before, after, summary: `Success plan: "${after.title}"${moved}` });
    return after;
  });
}

export async function removeObjective(deps: Deps, actor: Actor, accountId: string, id: string): Promise<void> {
  await objectiveOf(deps, actor, accountId, id);
  await withEditableAccount(deps, actor, accountId, async (tx) => {
    const before = (await findObjective(tx, id))!;
    await deleteObjective(tx, id);
    await recordChange(tx, deps, actor, { accountId, action: 'objective.deleted', entityType: 'objective', entityId: id, before, after: null, summary: `Success plan: removed "${before.title}"` });
  });
}

/**
 * Adds the segment's starting objectives, target dates counted from `startDate` (default today).
 * Objectives already in the plan under the same title are not added twice.
 */
export async function applySuccessPlanTemplate(deps: Deps, actor: Actor, accountId: string, input: { startDate?: CalendarDate }): Promise<SuccessPlan> {
  await withEditableAccount(deps, actor, accountId, async (tx, account) => {
    const existing = new Set((await listAccountObjectives(tx, accountId)).map((o) => o.title.toLowerCase()));
    const ids = SUCCESS_PLAN_TEMPLATES[account.segment].map(() => deps.newId());
    const fresh = objectivesFromTemplate(account.segment, accountId, input.startDate ?? deps.now().toISOString().slice(0, 10), ids, deps.now()).filter((o) => !existing.has(o.title.toLowerCase()));
    if (fresh.length === 0) return;
    await insertObjectives(tx, fresh);
    await recordChange(tx, deps, actor, {
      accountId,
      action: 'objective.template_applied',
      entityType: 'account',
      entityId: accountId,
      before: null,
      after: fresh.map((o) => o.id),
      summary: `Success plan: ${fresh.length} objective${fresh.length === 1 ? '' : 's'} from the ${account.segment} template`,
    });
  });
  return getSuccessPlan(deps, actor, accountId);
}

/** The plan as the customer sees it through a live share link: visible objectives only, no notes. */
export async function sharedSuccessPlan(deps: Deps, token: string): Promise<CustomerSuccessPlan> {
  const account = await accountOfShareLink(deps, token);
  return sharedPlanOf(projectCustomerAccount(account, { objectives: await listAccountObjectives(deps.store.db, account.id) }));
}
