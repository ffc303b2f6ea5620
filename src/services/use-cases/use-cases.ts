import { findDuplicate, scoreUseCase, type ScoredUseCase, type UseCaseFinding, type UseCaseScore, type UseCaseTemplate, type UseCaseTemplatesSave } from '../../domain/use-cases/use-cases.ts';
import { FINDINGS_LOOK_BACK_DAYS } from '../../domain/use-cases/use-cases.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { canCurateTopics } from '../../policies/settings.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import type { Executor } from '../../store/database.ts';
import { listFindingsOfAccountsSince, listHandScores, listUseCaseTemplates, lockUseCaseTemplates, replaceUseCaseTemplates, saveHandScore } from '../../store/use-cases.repo.ts';
import { withEditableAccount } from '../accounts/account-access.ts';
import { getAccount } from '../accounts/accounts.ts';
import { recomputeHealth } from '../health/health.ts';
import { recordChange } from '../record-change.ts';

/** The workspace's use cases per product, in their saved order. */
export async function getUseCaseTemplates(deps: Deps): Promise<UseCaseTemplate[]> {
  return listUseCaseTemplates(deps.store.db);
}

/**
 * Saves the whole list (managers and admins, like the topic library). The same product and name
 * twice is a 400 naming the second; an id that is not one of the list's is a 400 naming it. A use
 * case left out is removed with the accounts' scores of it.
 */
export async function saveUseCaseTemplates(deps: Deps, actor: Actor, input: UseCaseTemplatesSave): Promise<UseCaseTemplate[]> {
  authorize(canCurateTopics(actor), 'only managers and admins edit the use cases');
  const duplicate = findDuplicate(input.templates);
  if (duplicate) throw invalid(duplicate.message, duplicate.field);
  return deps.store.db.transaction().execute(async (tx) => {
    await lockUseCaseTemplates(tx, deps.store.dialect);
    const before = await listUseCaseTemplates(tx);
    const known = new Set(before.map((t) => t.id));
    for (const [i, t] of input.templates.entries()) {
      if (t.id !== undefined && !known.has(t.id)) throw invalid(`templates.${i}.id ${t.id} is not one of the saved use cases; leave it out for a new one`, `templates.${i}.id`);
    }
    const templates: UseCaseTemplate[] = input.templates.map((t, position) => ({
      id: t.id ?? deps.newId(),
      product: t.product,
      name: t.name.replace(/\s+/g, ' '),
      customerWording: t.customerWording,
      enablementOffer: t.enablementOffer,
      findingMatch: t.findingMatch ?? null,
      position,
    }));
    const removed = await replaceUseCaseTemplates(tx, templates, deps.now().toISOString());
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'settings.use_cases',
      entityType: 'settings',
      entityId: 'use-cases',
      before,
      after: templates,
      summary: `Use cases saved (${templates.length}${removed.length ? `, ${removed.length} removed` : ''})`,
    });
    return templates;
  });
}

/** Every use case scored for each account given (hand scores and the findings rule), in template order. */
export async function scoreUseCasesOf(deps: Pick<Deps, 'now'>, db: Executor, accountIds: readonly string[]): Promise<Map<string, ScoredUseCase[]>> {
  const out = new Map<string, ScoredUseCase[]>();
  const templates = await listUseCaseTemplates(db);
  if (templates.length === 0 || accountIds.length === 0) return out;
  const now = deps.now();
  const hands = await listHandScores(db, accountIds);
  const since = new Date(now.getTime() - FINDINGS_LOOK_BACK_DAYS * 86_400_000).toISOString();
  const findingsOf = templates.some((t) => t.findingMatch) ? await listFindingsOfAccountsSince(db, accountIds, since) : new Map<string, UseCaseFinding[]>();
  for (const accountId of accountIds) {
    const findings = findingsOf.get(accountId) ?? [];
    const hand = hands.get(accountId);
    out.set(
      accountId,
      templates.map((t) => scoreUseCase(t, hand?.get(t.id) ?? { score: null, note: null, scoredBy: null, scoredAt: null }, findings, now)),
    );
  }
  return out;
}

/** The account's use cases and where each stands. */
export async function listAccountUseCases(deps: Deps, actor: Actor, accountId: string): Promise<ScoredUseCase[]> {
  const account = await getAccount(deps, actor, accountId);
  return (await scoreUseCasesOf(deps, deps.store.db, [account.id])).get(account.id) ?? [];
}

/**
 * Scores one of the account's use cases by hand, with a note (null clears the hand score), on the
 * timeline; health is rescored after (adoption is one of its measures).
 */
export async function scoreAccountUseCase(deps: Deps, actor: Actor, accountId: string, templateId: string, input: UseCaseScore): Promise<ScoredUseCase> {
  await withEditableAccount(deps, actor, accountId, async (tx, account) => {
    const template = (await listUseCaseTemplates(tx)).find((t) => t.id === templateId);
    if (!template) throw new AppError('not_found', 'use case not found; see GET /api/settings/use-cases');
    const note = input.note?.trim() || null;
    await saveHandScore(tx, { id: deps.newId(), accountId: account.id, templateId, score: input.score, note, scoredBy: actor.id, at: deps.now().toISOString() });
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'use_case.scored',
      entityType: 'use_case',
      entityId: templateId,
      before: null,
      after: { score: input.score, note },
      summary: input.score ? `Use case ${template.name} scored ${input.score}${note ? `: ${note}` : ''}` : `Use case ${template.name}: score by hand cleared`,
    });
  });
  try {
    await recomputeHealth(deps, [accountId]);
  } catch (err) {
    deps.logger.error({ err, accountId }, 'health refresh after a use-case score failed');
  }
  const scored = (await scoreUseCasesOf(deps, deps.store.db, [accountId])).get(accountId)?.find((u) => u.template.id === templateId);
  if (!scored) throw notFound('use case');
  return scored;
}

/** One account's use case as the API answers it. */
export interface AccountUseCaseView {
  templateId: string;
  product: string;
  name: string;
  customerWording: string;
  enablementOffer: string;
  score: ScoredUseCase['score'];
  source: ScoredUseCase['source'];
  because: string | null;
  hand: ScoredUseCase['hand'];
}

export const toUseCaseView = (u: ScoredUseCase): AccountUseCaseView => ({
  templateId: u.template.id,
  product: u.template.product,
  name: u.template.name,
  customerWording: u.template.customerWording,
  enablementOffer: u.template.enablementOffer,
  score: u.score,
  source: u.source,
  because: u.because,
  hand: u.hand,
});
