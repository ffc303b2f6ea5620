import type { RequestRaised, TicketPriority } from '../../domain/meeting/meeting.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import type { Executor } from '../../store/database.ts';
import { insertRaisedRequest, settleRaisedRequest, type TrackerTable } from '../../store/tracker.repo.ts';
import { recordChange } from '../record-change.ts';

/** A ticket or feature request the customer raised in a call, to open in a tracker. */
export interface RequestToRaise {
  kind: RequestRaised['kind'];
  title: string;
  priority?: TicketPriority | null;
}

/** Where a raised request lives, how the timeline names it, and what the audit calls it. */
export function requestWords(table: TrackerTable): { what: string; entityType: 'support_ticket' | 'feature_request' } {
  return table === 'support_tickets' ? { what: 'Ticket', entityType: 'support_ticket' } : { what: 'Feature request', entityType: 'feature_request' };
}

/**
 * The one way a ticket or feature request raised in a call is recorded, whether the CSM listed
 * it at wrap-up or accepted it from a transcript: waiting to be opened in the tracker, with its
 * audit entry and timeline line, in the caller's transaction.
 */
export async function raiseRequestIn(tx: Executor, deps: Pick<Deps, 'now' | 'newId'>, actor: Actor, account: Pick<Account, 'id'>, meetingId: string, input: RequestToRaise): Promise<{ id: string; table: TrackerTable }> {
  const title = input.title.trim();
  if (!title) throw invalid('title must not be empty', 'title');
  const id = deps.newId();
  const table: TrackerTable = input.kind === 'ticket' ? 'support_tickets' : 'feature_requests';
  await insertRaisedRequest(tx, table, { id, accountId: account.id, meetingId, title, priority: input.priority ?? null, at: deps.now().toISOString() });
  const { what, entityType } = requestWords(table);
  await recordChange(tx, deps, actor, {
    accountId: account.id,
    action: 'request.raised',
    entityType,
    entityId: id,
    before: null,
    after: { meetingId, kind: input.kind, title, priority: input.priority ?? null },
    summary: `${what} to open: ${title}`,
  });
  return { id, table };
}

/**
 * Records that a raised request was opened in the tracker (its id and URL) or dismissed (why),
 * with its audit entry and timeline line, in the caller's transaction.
 */
export async function settleRequestIn(
  tx: Executor,
  deps: Pick<Deps, 'now' | 'newId'>,
  actor: Actor,
  request: { table: TrackerTable; id: string; accountId: string; title: string; status: string },
  settle: { externalId: string | null; url: string | null; source?: string; dismissedReason: string | null; trackerName?: string },
): Promise<void> {
  await settleRaisedRequest(tx, request.table, request.id, { ...settle, at: deps.now().toISOString() });
  const { what, entityType } = requestWords(request.table);
  const { trackerName, ...after } = settle;
  await recordChange(tx, deps, actor, {
    accountId: request.accountId,
    action: settle.dismissedReason ? 'request.dismissed' : 'request.opened',
    entityType,
    entityId: request.id,
    before: { status: request.status },
    after: trackerName ? { integration: trackerName, externalId: settle.externalId, url: settle.url } : after,
    summary: settle.dismissedReason ? `${what} "${request.title}" dismissed: ${settle.dismissedReason}` : `${what} "${request.title}" opened${trackerName ? ` in ${trackerName}` : ''}${settle.url ? ` at ${settle.url}` : ''}`,
  });
}
