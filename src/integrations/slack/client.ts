import { IntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import type { ChatMessage, ChatNotifier, ConnectionCheck } from '../ports.ts';

export interface SlackConfig {
  /** "https://hooks.slack.com/services/T…/B…/…": the URL is the secret. */
  webhookUrl: string;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

/**
 * A Slack incoming webhook. Slack answers errors in plain words (`no_service`, `invalid_token`,
 * `channel_is_archived`), which IntegrationError carries as the vendor message.
 * https://api.slack.com/messaging/webhooks#handling_errors
 */
export function createSlackNotifier(config: SlackConfig): ChatNotifier {
  const http = createHttpClient({ vendor: 'slack', baseUrl: config.webhookUrl, secretUrl: true, secrets: [config.webhookUrl], ...config.http });

  async function post(message: ChatMessage): Promise<void> {
    const res = await http.request<string>({
      method: 'POST',
      path: config.webhookUrl,
      json: { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) },
      // A message posted twice after a 5xx is a smaller harm than a notification lost.
      idempotent: true,
      responseType: 'text',
    });
    if (res.data.trim() !== 'ok') {
      throw new IntegrationError('invalid_response', 'not a Slack webhook answer', { vendor: 'slack', status: res.status, target: 'POST (webhook)', vendorMessage: 'the URL answered without "ok"; is it a Slack incoming webhook URL?' });
    }
  }

  async function testConnection(): Promise<ConnectionCheck> {
    await post({ text: 'Cadence is connected to this channel.' });
    return { ok: true, detail: 'Posted a test message to the Slack channel' };
  }

  return { name: 'slack', post, testConnection };
}
