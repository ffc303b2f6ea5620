/**
 * The review packs as use cases: MBR per CSM and month, QBR per AE and fiscal quarter, CBR per
 * account. Each reads only the accounts the asker may see and answers the pack with its Markdown
 * and sanitised HTML.
 */
import { projectCustomerAccount } from '../../domain/account/customer-account-view.ts';
import { parseYearMonth } from '../../domain/calendar/fiscal.ts';
import type { AccountActivity, Actor, Segment, User } from '../../domain/model.ts';
import { buildCbrPack, renderCbrHtml, renderCbrMarkdown, type CbrPack } from '../../domain/reviews/cbr.ts';
import { buildMbrPack, renderMbrHtml, renderMbrMarkdown, type MbrPack } from '../../domain/reviews/mbr.ts';
import { buildQbrPack, renderQbrHtml, renderQbrMarkdown, type QbrPack } from '../../domain/reviews/qbr.ts';
import type { ReviewAccount } from '../../domain/reviews/review-account.ts';
import { isCalendarDate } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { authorize } from '../../policies/authorize.ts';
import { canPrepareMbr } from '../../policies/reviews.policy.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { activityOf } from '../../store/account-activity.repo.ts';
import type { Executor } from '../../store/database.ts';
import { listHealthHistoryOf } from '../../store/health.repo.ts';
import { listObjectivesOf } from '../../store/objectives.repo.ts';
import { findNextCbr, listReviewAccountRows, listShippedRequests, type ReviewAccountRow } from '../../store/reviews.repo.ts';
import { listRisksOfAccounts } from '../../store/risks.repo.ts';
import { getSetting } from '../../store/settings.repo.ts';
import { findUser, findUserByEmail, listUsers } from '../../store/users.repo.ts';
import { getAccount } from '../accounts/accounts.ts';

export const FISCAL_YEAR_KEY = 'fiscal.year_start_month';

/** The month (1–12) the team's fiscal year starts in; January unless set. */
export async function getFiscalYearStartMonth(db: Executor): Promise<number> {
  const month = await getSetting<number>(db, FISCAL_YEAR_KEY);
  return typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12 ? month : 1;
}

export interface ReviewAnswer<P> {
  pack: P;
  markdown: string;
  html: string;
}

/** A user given by id or email; the option or parameter it came from is named when it is not one. */
async function userByRef(deps: Deps, ref: string, field: string): Promise<User> {
  const user = ref.includes('@') ? await findUserByEmail(deps.store.db, ref.trim().toLowerCase()) : await findUser(deps.store.db, ref);
  if (!user) throw invalid(`${field} ${ref} is not a user`, field);
  return user;
}

/** Turns account rows into what the packs read: health history, risks, objectives, calls. */
async function toReviewAccounts(deps: Deps, rows: readonly ReviewAccountRow[]): Promise<ReviewAccount[]> {
  const db = deps.store.db;
  const ids = rows.map((r) => r.id);
  const history = await listHealthHistoryOf(db, ids);
  const risks = await listRisksOfAccounts(db, ids);
  const objectives = await listObjectivesOf(db, ids);
  const activity = new Map<string, AccountActivity>();
  for (let i = 0; i < ids.length; i += 500) for (const [k, v] of await activityOf(db, ids.slice(i, i + 500), deps.now().toISOString())) activity.set(k, v);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    segment: r.segment as Segment,
    arr: r.arr,
    renewalDate: r.renewal_date,
    ownerId: r.owner_id,
    aeId: r.ae_id,
    healthHistory: (history.get(r.id) ?? []).map((h) => ({ at: h.computed_at, score: h.score, colour: h.colour as ReviewAccount['healthHistory'][number]['colour'], explanation: h.explanation })),
    expansion: r.expansion_note ? { note: r.expansion_note, amount: r.expansion_amount } : null,
    risks: risks.filter((x) => x.accountId === r.id),
    objectives: objectives.filter((o) => o.accountId === r.id),
    lastCallAt: activity.get(r.id)?.lastCallAt ?? null,
    nextCallAt: activity.get(r.id)?.nextCallAt ?? null,
  }));
}

/**
 * The MBR pack of one CSM for a month ("2026-12"). A CSM may prepare their own; a manager theirs
 * and their reports'; admins and viewers anyone's.
 */
export async function mbrReview(deps: Deps, actor: Actor, query: { csm: string; month: string }): Promise<ReviewAnswer<MbrPack>> {
  const month = parseYearMonth(query.month);
  if (!month.ok) throw invalid(month.message, 'month');
  const csm = await userByRef(deps, query.csm, 'csm');
  authorize(canPrepareMbr(actor, csm.id), `you may not prepare ${csm.name}'s MBR`);
  const rows = await listReviewAccountRows(deps.store.db, { scope: accountScopeFor(actor), ownerId: csm.id });
  const built = buildMbrPack({
    csm: { id: csm.id, name: csm.name },
    month: query.month,
    accounts: await toReviewAccounts(deps, rows),
    fiscalYearStartMonth: await getFiscalYearStartMonth(deps.store.db),
    now: deps.now(),
  });
  if (!built.ok) throw invalid(built.message, built.field);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return { pack: built.pack, markdown: renderMbrMarkdown(built.pack, names), html: renderMbrHtml(built.pack, names) };
}

/** "2027-01" or "2027-01-15": any month or day of the fiscal quarter the QBR opens. */
function quarterDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isCalendarDate(value)) throw invalid(`quarter ${value} is not a date`, 'quarter');
    return value;
  }
  const month = parseYearMonth(value);
  if (!month.ok) throw invalid(`quarter: give any month of the quarter as YYYY-MM (e.g. 2027-01), got "${value}"`, 'quarter');
  return `${value.trim()}-01`;
}

/** The internal QBR pack of one AE over the accounts they share with a CSM (and the asker may see). */
export async function qbrReview(deps: Deps, actor: Actor, query: { ae: string; quarter: string; accountIds?: string[] }): Promise<ReviewAnswer<QbrPack>> {
  const date = quarterDate(query.quarter);
  const ae = await userByRef(deps, query.ae, 'ae');
  const rows = await listReviewAccountRows(deps.store.db, { scope: accountScopeFor(actor), aeId: ae.id });
  const csmNames = new Map((await listUsers(deps.store.db)).map((u) => [u.id, u.name]));
  const pack = buildQbrPack({
    ae: { id: ae.id, name: ae.name },
    date,
    accounts: await toReviewAccounts(deps, rows),
    csmNames,
    selectedAccountIds: query.accountIds?.length ? query.accountIds : undefined,
    fiscalYearStartMonth: await getFiscalYearStartMonth(deps.store.db),
    now: deps.now(),
  });
  return { pack, markdown: renderQbrMarkdown(pack), html: renderQbrHtml(pack) };
}

/**
 * The customer-facing CBR pack of one account over [from, to] (default: the last 90 days),
 * rendered from the customer view of the account only: health, risks and ARR never reach it.
 */
export async function cbrReview(deps: Deps, actor: Actor, query: { accountId: string; from?: string; to?: string }): Promise<ReviewAnswer<CbrPack>> {
  const account = await getAccount(deps, actor, query.accountId);
  const today = deps.now().toISOString().slice(0, 10);
  const to = query.to ?? today;
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!isCalendarDate(value)) throw invalid(`${field} ${value} is not a date (YYYY-MM-DD)`, field);
  if (from > to) throw new AppError('invalid', 'from is after to', { field: 'from' });
  const db = deps.store.db;
  const [objectives, actionItems, shipped, nextCbr] = [
    await listObjectivesOf(db, [account.id]),
    await listActionItems(db, { accountId: account.id }),
    await listShippedRequests(db, account.id),
    await findNextCbr(db, account.id, deps.now().toISOString()),
  ];
  const customer = projectCustomerAccount(account, {
    objectives,
    actionItems,
    shipped: shipped.map((s) => ({ title: s.title, release: s.shipped_in, shippedAt: s.shipped_at, requestedAt: null })),
  });
  const pack = buildCbrPack({
    customer,
    vendorName: deps.config.vendorName,
    period: { from, to },
    nextReviewOn: nextCbr?.slice(0, 10) ?? null,
  });
  return { pack, markdown: renderCbrMarkdown(pack), html: renderCbrHtml(pack) };
}
