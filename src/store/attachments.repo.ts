import { sql } from 'kysely';
import type { Attachment } from '../domain/attachments/attachments.ts';
import type { Dialect, Executor } from './database.ts';
import type { AttachmentsTable } from './schema.ts';

function toAttachment(row: AttachmentsTable): Attachment {
  return {
    id: row.id,
    accountId: row.account_id,
    meetingId: row.meeting_id,
    agendaItemId: row.agenda_item_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    forCustomer: Boolean(row.for_customer),
    fromCustomer: Boolean(row.from_customer),
    uploadedBy: { id: row.uploaded_by, name: row.uploaded_by_name },
    createdAt: row.created_at,
  };
}

export interface AttachmentRow extends Attachment {
  storageKey: string;
  shareLinkId: string | null;
}

const toRow = (row: AttachmentsTable): AttachmentRow => ({ ...toAttachment(row), storageKey: row.storage_key, shareLinkId: row.share_link_id });

export async function insertAttachment(db: Executor, a: AttachmentRow): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: a.id,
      account_id: a.accountId,
      meeting_id: a.meetingId,
      agenda_item_id: a.agendaItemId,
      file_name: a.fileName,
      content_type: a.contentType,
      size_bytes: a.sizeBytes,
      sha256: a.sha256,
      storage_key: a.storageKey,
      for_customer: a.forCustomer ? 1 : 0,
      from_customer: a.fromCustomer ? 1 : 0,
      share_link_id: a.shareLinkId,
      uploaded_by: a.uploadedBy.id,
      uploaded_by_name: a.uploadedBy.name,
      created_at: a.createdAt,
    })
    .execute();
}

export async function findAttachment(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export interface AttachmentFilter {
  accountId?: string;
  meetingId?: string;
  /** Only those listed for the customer. */
  forCustomer?: boolean;
}

/** Newest first. With a meeting, its own files; with an account, every file of the account. */
export async function listAttachments(db: Executor, filter: AttachmentFilter, limit = 500): Promise<AttachmentRow[]> {
  let q = db.selectFrom('attachments').selectAll();
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.meetingId) q = q.where('meeting_id', '=', filter.meetingId);
  if (filter.forCustomer !== undefined) q = q.where('for_customer', '=', filter.forCustomer ? 1 : 0);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRow);
}

/** What the customer sees on a meeting's share page: the meeting's files and the account's own, marked for them. */
export async function listCustomerAttachments(db: Executor, accountId: string, meetingId: string): Promise<AttachmentRow[]> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('for_customer', '=', 1)
    .where((eb) => eb.or([eb('meeting_id', '=', meetingId), eb('meeting_id', 'is', null)]))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map(toRow);
}

export async function setAttachmentForCustomer(db: Executor, id: string, forCustomer: boolean): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ for_customer: forCustomer ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

export async function deleteAttachment(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}

/** Files and bytes a customer has sent through one link. */
export async function customerUploadsOfLink(db: Executor, shareLinkId: string): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.coalesce(eb.fn.sum<string | number>('size_bytes'), eb.lit(0)).as('bytes')])
    .where('share_link_id', '=', shareLinkId)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/** Holds the share link's row until the transaction ends, so parallel customer uploads count one after another (PostgreSQL; SQLite writes one at a time anyway). */
export async function lockShareLink(db: Executor, dialect: Dialect, id: string): Promise<void> {
  if (dialect === 'postgres') await sql`select id from share_links where id = ${id} for update`.execute(db);
}

/** Every storage key in use (backups copy these files). */
export async function listStorageKeys(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('attachments').select('storage_key').orderBy('storage_key').execute();
  return rows.map((r) => r.storage_key);
}
