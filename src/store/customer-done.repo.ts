import type { CustomerDoneItem } from '../domain/agenda/customer-done.ts';
import type { Executor } from './database.ts';

/** The audit action a customer's tick on the share link writes; the agenda reads it back. */
export const DONE_BY_CUSTOMER = 'action_item.done_by_customer';

/**
 * An account's action items the customer ticked off on a share link and that are still done,
 * oldest first: the item's text and the comment the customer left with the tick.
 */
export async function listDoneByCustomer(db: Executor, accountId: string): Promise<CustomerDoneItem[]> {
  const rows = await db
    .selectFrom('action_items')
    .select(['action_items.id', 'action_items.text', 'action_items.update_note', 'action_items.completed_at'])
    .where('action_items.account_id', '=', accountId)
    .where('action_items.status', '=', 'done')
    .where('action_items.side', '=', 'customer')
    .where((eb) => eb.exists(eb.selectFrom('audit_log').select('audit_log.id').whereRef('audit_log.entity_id', '=', 'action_items.id').where('audit_log.action', '=', DONE_BY_CUSTOMER)))
    .orderBy('action_items.completed_at')
    .orderBy('action_items.id')
    .execute();
  return rows.map((r) => ({ id: r.id, text: r.text, comment: r.update_note, completedAt: r.completed_at ?? '' }));
}
