import { z } from 'zod';
import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import type { ChatMessage } from '../../integrations/ports.ts';
import { listActionItems } from '../../store/action-items.repo.ts';
import { listOpenRisks } from '../../store/agenda-context.repo.ts';
import { findFollowUp } from '../../store/follow-ups.repo.ts';
import { findOutboxRow } from '../../store/outbox.repo.ts';
import { enqueueSlackPost, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { CHAT_KINDS, TRANSCRIPT_KINDS, transcriptSourceFor } from '../connections/integration-clients.ts';
import { decryptedSettings, getUsableIntegration, vendorFailure } from '../connections/integrations.ts';
import { getEditableMeeting } from './meetings.ts';
import { recordChange } from '../record-change.ts';
import { importTranscript } from './transcripts.ts';

export const SlackPostSchema = z.strictObject({ integration: z.string().trim().min(1).max(100), internal: z.boolean() });
export const TranscriptFetchSchema = z.strictObject({ integration: z.string().trim().min(1).max(100), ref: z.string().trim().min(1, 'must name the recording (Gong call id, Zoom meeting id)').max(300) });

/**
 * Posts a meeting to a Slack channel: the follow-up as sent to the customer, or an internal
 * update (summary, open action items, live risks) for the account team. Through the outbox:
 * `posted` says whether it went out at once; if not, `error` says why and the outbox retries
 * it (Settings → Outbox shows it, and the dead letter when it keeps failing).
 */
export async function postMeetingToChat(
  deps: Deps,
  actor: Actor,
  meetingId: string,
  input: z.infer<typeof SlackPostSchema>,
): Promise<{ posted: boolean; internal: boolean; outboxId: string | null; status: 'pending' | 'delivered' | 'dead'; error: string | null }> {
  const db = deps.store.db;
  const { meeting, account } = await getEditableMeeting(deps, actor, meetingId, db);
  const integration = await getUsableIntegration(deps, db, input.integration, CHAT_KINDS);
  const link = `${deps.config.baseUrl}/meetings/${meetingId}`;
  let message: ChatMessage;
  if (input.internal) {
    const items = (await listActionItems(db, { meetingId })).filter((i) => i.status !== 'done');
    const risks = await listOpenRisks(db, account.id);
    const lines = [
      `*${meeting.title}* (${meeting.startsAt.slice(0, 10)}, ${meeting.state.replace('_', ' ')})`,
      meeting.summary ?? '',
      items.length ? `Open action items:\n${items.map((i) => `• ${i.text} (${i.owner.name}${i.dueDate ? `, due ${i.dueDate}` : ''})`).join('\n')}` : '',
      risks.length ? `Live risks: ${risks.map((r) => `${r.type.replace('_', ' ')} (${r.severity})`).join(', ')}` : '',
      `<${link}|Open in Cadence>`,
    ];
    message = { text: lines.filter(Boolean).join('\n\n') };
  } else {
    const followUp = await findFollowUp(db, meetingId);
    if (!followUp) throw notFound('follow-up (wrap the call up first)');
    message = { text: `*${followUp.subject}*\n\n${followUp.text}\n\n<${link}|Open in Cadence>` };
  }
  // Queued with the audit entry in one transaction, posted right after the commit; a failure is retried by the outbox.
  const [queued] = await inTransactionWithOutbox(deps, async (tx) => {
    const rows = await enqueueSlackPost(tx, deps, { integration: integration.id, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'meeting.posted_to_chat',
      entityType: 'meeting',
      entityId: meetingId,
      before: null,
      after: { integration: integration.name, internal: input.internal },
      summary: `${input.internal ? 'Internal update' : 'Follow-up'} for ${meeting.title} posted to ${integration.name}`,
    });
    return rows;
  });
  const row = queued ? await findOutboxRow(db, queued.id) : undefined;
  const posted = row?.status === 'delivered';
  return { posted, internal: input.internal, outboxId: queued?.id ?? null, status: row?.status ?? 'pending', error: posted ? null : (row?.lastError ?? null) };
}

/** Fetches a recording's transcript from Gong or Zoom and imports it as if uploaded. */
export async function fetchMeetingTranscript(deps: Deps, actor: Actor, meetingId: string, input: z.infer<typeof TranscriptFetchSchema>) {
  await getEditableMeeting(deps, actor, meetingId, deps.store.db);
  const integration = await getUsableIntegration(deps, deps.store.db, input.integration, TRANSCRIPT_KINDS);
  let raw;
  try {
    raw = await transcriptSourceFor(integration.kind as (typeof TRANSCRIPT_KINDS)[number], decryptedSettings(deps, integration)).fetchTranscript(input.ref);
  } catch (err) {
    throw vendorFailure(err);
  }
  // The client hands over one call; the transcript parser reads Gong's answer shape around it.
  const text = raw.format === 'vtt' ? raw.text : JSON.stringify({ callTranscripts: [raw.json] });
  if (text.trim() === '') throw new AppError('invalid', `${integration.name} returned an empty transcript for ${input.ref}`, { field: 'ref' });
  return importTranscript(deps, actor, meetingId, text, { format: raw.format, source: integration.kind });
}
