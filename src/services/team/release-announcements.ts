import { projectCustomerAccount } from '../../domain/account/customer-account-view.ts';
import { draftReleaseAnnouncements, type AnnouncementDraft } from '../../domain/reviews/release-announcements.ts';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { accountsInScope, findFeatureRequest, listChampions, listSameFeature, markFeatureRequestsShipped } from '../../store/feature-requests.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { withEditableAccount } from '../accounts/account-access.ts';
import { getAccount } from '../accounts/accounts.ts';
import { recordChange } from '../record-change.ts';

/** A release a request shipped in, as the edge checked it. */
export interface Shipped {
  release: string;
  url?: string;
}

export interface ShippedAnswer {
  release: string;
  /** Every account's copy of the request now marked shipped. */
  requestIds: string[];
  /** One draft per account the caller may see, for its CSM to review and send. */
  drafts: (AnnouncementDraft & { accountName: string })[];
  /** Accounts that asked too but are outside the caller's book (their CSMs draft their own). */
  otherAccounts: number;
}

/**
 * Marks a feature request shipped in a release, with every other account's copy of the same
 * request, writes each account's timeline, and drafts one announcement per account.
 */
export async function markFeatureShipped(deps: Deps, actor: Actor, requestId: string, input: Shipped): Promise<ShippedAnswer> {
  const request = await findFeatureRequest(deps.store.db, requestId);
  if (!request || !request.account_id) throw notFound('feature request');
  await getAccount(deps, actor, request.account_id).catch(() => {
    throw notFound('feature request');
  });
  if (request.status === 'declined') throw conflict('this request was declined; reopen it before marking it shipped', 'status');
  const at = deps.now().toISOString();
  const rows = await withEditableAccount(deps, actor, request.account_id, async (tx) => {
    const same = (await listSameFeature(tx, request)).filter((r) => r.account_id !== null);
    const toMark = same.filter((r) => r.status !== 'shipped' || r.shipped_in !== input.release);
    await markFeatureRequestsShipped(
      tx,
      toMark.map((r) => r.id),
      input.release,
      at,
    );
    for (const r of toMark) {
      await recordChange(tx, deps, actor, {
        accountId: r.account_id,
        action: 'feature_request.shipped',
        entityType: 'feature_request',
        entityId: r.id,
        before: { status: r.status, shippedIn: r.shipped_in },
        after: { status: 'shipped', shippedIn: input.release },
        summary: `Feature request shipped in ${input.release}: ${r.title}`,
      });
    }
    return same;
  });
  const accountIds = [...new Set(rows.map((r) => r.account_id as string))];
  const visible = await accountsInScope(deps.store.db, accountScopeFor(actor), accountIds);
  const champions = await listChampions(deps.store.db, [...visible]);
  const sender = actor.id ? ((await findUser(deps.store.db, actor.id))?.name ?? null) : null;
  const mine = rows.filter((r) => visible.has(r.account_id as string));
  const built = draftReleaseAnnouncements({
    feature: { title: request.title, release: input.release, shippedAt: at, url: input.url ?? request.url, externalId: request.external_id },
    accounts: mine.map((r) => {
      const champion = champions.get(r.account_id as string);
      const customer = projectCustomerAccount(
        { id: r.account_id as string, name: r.account_name },
        { contacts: champion ? [{ name: champion }] : [], shipped: [{ title: r.title, release: input.release, shippedAt: at, requestedAt: r.opened_at ?? r.created_at }] },
      );
      return { accountId: r.account_id as string, customer };
    }),
    vendorName: deps.config.vendorName,
    senderName: sender,
  });
  if (!built.ok) throw new AppError('invalid', built.message, { field: built.field === 'title' ? undefined : built.field });
  const names = new Map(rows.map((r) => [r.account_id as string, r.account_name]));
  return {
    release: input.release,
    requestIds: rows.map((r) => r.id),
    drafts: built.drafts.map((d) => ({ ...d, accountName: names.get(d.accountId) ?? '' })),
    otherAccounts: accountIds.length - visible.size,
  };
}
