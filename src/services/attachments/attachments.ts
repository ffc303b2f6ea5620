import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { cleanFileName, decideType, formatBytes, quotaRefusal, type Attachment } from '../../domain/attachments/attachments.ts';
import type { Account, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { objectStorageFor } from '../../integrations/object-storage/object-storage.ts';
import { canEditAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { customerUploadsOfLink, deleteAttachment, findAttachment, insertAttachment, listAttachments, listCustomerAttachments, lockShareLink, setAttachmentForCustomer, type AttachmentRow } from '../../store/attachments.repo.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { findMeeting, loadAgenda } from '../../store/meetings.repo.ts';
import { getAccount } from '../accounts/accounts.ts';
import { getMeeting } from '../meetings/meetings.ts';
import { liveLink } from '../meetings/share-links.ts';
import { recordChange } from '../record-change.ts';

/** The largest file taken (CADENCE_ATTACHMENT_MAX_MB, 25 MB by default). */
export const attachmentLimit = (deps: Pick<Deps, 'config'>) => deps.config.attachments?.maxBytes ?? 25 * 1024 * 1024;
const customerQuota = (deps: Pick<Deps, 'config'>) => deps.config.attachments?.customerQuota ?? { count: 10, bytes: 100 * 1024 * 1024 };

export const tooLarge = (deps: Pick<Deps, 'config'>) => new AppError('too_large', `the file is larger than ${formatBytes(attachmentLimit(deps))}, the most an attachment may be (CADENCE_ATTACHMENT_MAX_MB)`, { field: 'file' });

/** What an upload names: an account, or a meeting and optionally one of its agenda items. */
export interface AttachmentPlace {
  accountId?: string;
  meetingId?: string;
  agendaItemId?: string;
  forCustomer?: boolean;
}

export interface UploadedFile {
  /** The X-File-Name header as sent (URL-encoded). */
  fileName: string | undefined;
  bytes: Buffer;
}

/** The file checked: its clean name and the type its bytes show. Throws a 400 naming `file` or `fileName`, or a 413. */
export async function checkFile(deps: Pick<Deps, 'config'>, file: UploadedFile): Promise<{ fileName: string; contentType: string; sha256: string }> {
  if (file.bytes.length > attachmentLimit(deps)) throw tooLarge(deps);
  const name = cleanFileName(file.fileName);
  if (!name.ok) throw new AppError('invalid', name.message, { field: 'fileName' });
  const sniffed = await fileTypeFromBuffer(file.bytes);
  const type = decideType(sniffed && { mime: sniffed.mime, ext: sniffed.ext }, file.bytes, name.fileName);
  if (!type.ok) throw new AppError('invalid', type.message, { field: 'file' });
  return { fileName: name.fileName, contentType: type.contentType, sha256: createHash('sha256').update(file.bytes).digest('hex') };
}

async function placeOf(deps: Deps, actor: Actor, place: AttachmentPlace): Promise<{ account: Account; meetingId: string | null; agendaItemId: string | null; what: string }> {
  if ((place.accountId === undefined) === (place.meetingId === undefined)) throw new AppError('invalid', 'give accountId or meetingId (one, not both)', { field: 'accountId' });
  if (place.meetingId) {
    const { meeting, account } = await getMeeting(deps, actor, place.meetingId);
    if (place.agendaItemId) {
      const item = (await loadAgenda(deps.store.db, meeting.id)).items.find((i) => i.id === place.agendaItemId);
      if (!item) throw new AppError('invalid', `agendaItemId ${place.agendaItemId} is not on this meeting's agenda`, { field: 'agendaItemId' });
    }
    return { account, meetingId: meeting.id, agendaItemId: place.agendaItemId ?? null, what: meeting.title };
  }
  if (place.agendaItemId) throw new AppError('invalid', 'agendaItemId needs the meetingId it belongs to', { field: 'agendaItemId' });
  return { account: await getAccount(deps, actor, place.accountId!), meetingId: null, agendaItemId: null, what: 'the account' };
}

/** The answer's shape: the record without where its bytes are kept. */
export const publicAttachment = ({ storageKey: _key, shareLinkId: _link, ...a }: AttachmentRow): Attachment => a;

/**
 * Attaches a file to an account, a meeting (advance material) or an agenda item. The bytes are
 * checked by content, stored under the attachment's id, then recorded with a timeline entry in one
 * transaction; if that fails the stored bytes are removed again.
 */
export async function uploadAttachment(deps: Deps, actor: Actor, place: AttachmentPlace, file: UploadedFile): Promise<Attachment> {
  const where = await placeOf(deps, actor, place);
  authorize(canEditAccount(actor, where.account), `you may not add files to ${where.account.name}`);
  const checked = await checkFile(deps, file);
  const id = deps.newId();
  const row: AttachmentRow = {
    id,
    accountId: where.account.id,
    meetingId: where.meetingId,
    agendaItemId: where.agendaItemId,
    ...checked,
    sizeBytes: file.bytes.length,
    forCustomer: place.forCustomer ?? false,
    fromCustomer: false,
    uploadedBy: { id: actor.id, name: actor.label },
    createdAt: deps.now().toISOString(),
    storageKey: id,
    shareLinkId: null,
  };
  return storeAndRecord(deps, row, file.bytes, actor, `File added to ${where.what}: ${checked.fileName}${row.forCustomer ? ' (for the customer)' : ''}`, 'attachment.added');
}

async function storeAndRecord(deps: Deps, row: AttachmentRow, bytes: Buffer, actor: Actor, summary: string, action: string, guard?: (tx: Parameters<typeof insertAttachment>[0]) => Promise<void>): Promise<Attachment> {
  const storage = objectStorageFor(deps.config);
  await storage.put(row.storageKey, bytes, row.contentType);
  try {
    await deps.store.db.transaction().execute(async (tx) => {
      if (guard) await guard(tx);
      await insertAttachment(tx, row);
      await recordChange(tx, deps, actor, { accountId: row.accountId, action, entityType: 'attachment', entityId: row.id, before: null, after: publicAttachment(row), summary });
    });
  } catch (err) {
    await storage.delete(row.storageKey).catch((cleanup) => deps.logger.warn({ err: cleanup, key: row.storageKey }, 'a file stored for a refused upload could not be removed'));
    throw err;
  }
  return publicAttachment(row);
}

/** The files of an account (all of them, meetings' included) or of one meeting, newest first. */
export async function listAttachmentsOf(deps: Deps, actor: Actor, query: { accountId?: string; meetingId?: string }): Promise<Attachment[]> {
  if ((query.accountId === undefined) === (query.meetingId === undefined)) throw new AppError('invalid', 'give accountId or meetingId (one, not both)', { field: 'accountId' });
  if (query.meetingId) await getMeeting(deps, actor, query.meetingId);
  else await getAccount(deps, actor, query.accountId!);
  return (await listAttachments(deps.store.db, query)).map(publicAttachment);
}

/** One attachment whoever may read its account's notes may see (others: not found). */
export async function getAttachment(deps: Deps, actor: Actor, id: string): Promise<{ row: AttachmentRow; account: Account }> {
  const row = await findAttachment(deps.store.db, id);
  if (!row) throw notFound('attachment');
  const account = await getAccount(deps, actor, row.accountId).catch(() => {
    throw notFound('attachment');
  });
  return { row, account };
}

async function bytesOf(deps: Deps, row: AttachmentRow): Promise<Buffer> {
  const bytes = await objectStorageFor(deps.config).get(row.storageKey);
  if (!bytes) throw new AppError('not_found', `the file ${row.fileName} is missing from the file store; upload it again`);
  return bytes;
}

/** The attachment and its bytes, for download. */
export async function downloadAttachment(deps: Deps, actor: Actor, id: string): Promise<{ attachment: Attachment; bytes: Buffer }> {
  const { row } = await getAttachment(deps, actor, id);
  return { attachment: publicAttachment(row), bytes: await bytesOf(deps, row) };
}

/** Lists the file on the customer's share page, or takes it off again. */
export async function markAttachmentForCustomer(deps: Deps, actor: Actor, id: string, forCustomer: boolean): Promise<Attachment> {
  const { row, account } = await getAttachment(deps, actor, id);
  authorize(canEditAccount(actor, account), `you may not change files of ${account.name}`);
  if (row.forCustomer === forCustomer) return publicAttachment(row);
  await deps.store.db.transaction().execute(async (tx) => {
    await setAttachmentForCustomer(tx, id, forCustomer);
    await recordChange(tx, deps, actor, {
      accountId: row.accountId,
      action: 'attachment.shared',
      entityType: 'attachment',
      entityId: id,
      before: { forCustomer: row.forCustomer },
      after: { forCustomer },
      summary: forCustomer ? `File shared with the customer: ${row.fileName}` : `File no longer shared with the customer: ${row.fileName}`,
    });
  });
  return publicAttachment({ ...row, forCustomer });
}

/** Removes the attachment and then its bytes. */
export async function deleteAttachmentById(deps: Deps, actor: Actor, id: string): Promise<void> {
  const { row, account } = await getAttachment(deps, actor, id);
  authorize(canEditAccount(actor, account), `you may not remove files of ${account.name}`);
  await deps.store.db.transaction().execute(async (tx) => {
    await deleteAttachment(tx, id);
    await recordChange(tx, deps, actor, { accountId: row.accountId, action: 'attachment.removed', entityType: 'attachment', entityId: id, before: publicAttachment(row), after: null, summary: `File removed: ${row.fileName}` });
  });
  await objectStorageFor(deps.config)
    .delete(row.storageKey)
    .catch((err) => deps.logger.warn({ err, key: row.storageKey }, 'the bytes of a removed attachment could not be deleted'));
}

/** A file as the customer sees it on the share page: its name, type, size and who sent it, nothing internal. */
export interface CustomerAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  fromCustomer: boolean;
  createdAt: string;
}

export const toCustomerAttachment = (a: AttachmentRow): CustomerAttachment => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, fromCustomer: a.fromCustomer, createdAt: a.createdAt });

/** The files marked for the customer on this link's meeting (and its account's own shared files). */
export async function customerAttachmentsOf(deps: Deps, accountId: string, meetingId: string): Promise<AttachmentRow[]> {
  return listCustomerAttachments(deps.store.db, accountId, meetingId);
}

/** A file the customer may download through their link (404 for any other). */
export async function downloadByCustomer(deps: Deps, token: string, id: string): Promise<{ attachment: CustomerAttachment; bytes: Buffer }> {
  const link = await liveLink(deps, token);
  const meeting = (await findMeeting(deps.store.db, link.meeting_id))!;
  const row = (await listCustomerAttachments(deps.store.db, meeting.accountId, meeting.id)).find((a) => a.id === id);
  if (!row) throw new AppError('not_found', 'no such file on this link');
  return { attachment: toCustomerAttachment(row), bytes: await bytesOf(deps, row) };
}

/**
 * The customer sends a file through their link (an architecture diagram): checked like any other,
 * within the link's quota of files and bytes (counted under a lock, so parallel uploads cannot
 * overrun it), marked as from the customer, listed back to them, and on the account's timeline.
 */
export async function uploadByCustomer(deps: Deps, token: string, file: UploadedFile, name?: string): Promise<CustomerAttachment> {
  const link = await liveLink(deps, token);
  const meeting = (await findMeeting(deps.store.db, link.meeting_id))!;
  const account = (await findAccount(deps.store.db, meeting.accountId))!;
  const checked = await checkFile(deps, file);
  const limit = customerQuota(deps);
  const early = quotaRefusal(await customerUploadsOfLink(deps.store.db, link.id), limit, file.bytes.length);
  if (early) throw new AppError('too_large', early, { field: 'file' });
  const by = name
    ?.replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  const id = deps.newId();
  const row: AttachmentRow = {
    id,
    accountId: account.id,
    meetingId: meeting.id,
    agendaItemId: null,
    ...checked,
    sizeBytes: file.bytes.length,
    forCustomer: true,
    fromCustomer: true,
    uploadedBy: { id: null, name: by ? `${by} (customer)` : 'the customer' },
    createdAt: deps.now().toISOString(),
    storageKey: id,
    shareLinkId: link.id,
  };
  const customer: Actor = { id: null, role: 'viewer', reportIds: [], label: `customer${by ? `: ${by}` : ''}` };
  const saved = await storeAndRecord(deps, row, file.bytes, customer, `${by ? `${by} (customer)` : 'The customer'} sent a file for ${meeting.title}: ${checked.fileName}`, 'attachment.customer_uploaded', async (tx) => {
    await lockShareLink(tx, deps.store.dialect, link.id);
    const refusal = quotaRefusal(await customerUploadsOfLink(tx, link.id), limit, file.bytes.length);
    if (refusal) throw new AppError('too_large', refusal, { field: 'file' });
  });
  return toCustomerAttachment({ ...row, ...saved });
}
