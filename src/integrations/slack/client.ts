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
    await http.request({ method: 'POST', path: config.webhookUrl, json: { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) }, responseType: 'text' });
  }

  async function testConnection(): Promise<ConnectionCheck> {
    await post({ text: 'Cadence is connected to this channel.' });
    return { ok: true, detail: 'Posted a test message to the Slack channel' };
  }

  return { name: 'slack', post, testConnection };
}
