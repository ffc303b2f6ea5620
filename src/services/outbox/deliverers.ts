import type { Deps } from '../../deps.ts';
import { findIntegration, type IntegrationRecord } from '../../store/integrations.repo.ts';
import type { OutboxRow } from '../../store/outbox.repo.ts';
import { CHAT_KINDS, chatNotifierFor } from '../connections/integration-clients.ts';
import { decryptedSettings } from '../connections/integrations.ts';

/**
 * How each outbox kind other than mail reaches its vendor. Each takes a claimed row, does the
 * vendor call (with the vendor's idempotency where it has one) and answers what to keep as the
 * row's result. A throw is a failed attempt: the outbox retries it with backoff.
 */

/** The integration a row was queued for, still there and enabled, or a failure in words. */
async function integrationFor(deps: Deps, id: string, kinds: readonly string[]): Promise<IntegrationRecord> {
  const integration = await findIntegration(deps.store.db, id);
  if (!integration || !kinds.includes(integration.kind)) throw new Error('the integration this was queued for was removed');
  if (!integration.enabled) throw new Error(`${integration.name} is disabled: enable it, then retry`);
  return integration;
}

export interface SlackPostPayload {
  integrationId: string;
  /** A label for the admin; the webhook decides the channel. */
  channel?: string;
  text: string;
  blocks?: unknown[];
}

export async function deliverSlackPost(deps: Deps, row: OutboxRow): Promise<string> {
  const post = JSON.parse(row.payload) as SlackPostPayload;
  const integration = await integrationFor(deps, post.integrationId, CHAT_KINDS);
  await chatNotifierFor(decryptedSettings(deps, integration)).post({ text: post.text, ...(post.blocks ? { blocks: post.blocks } : {}) });
  return `posted to ${integration.name}`;
}
