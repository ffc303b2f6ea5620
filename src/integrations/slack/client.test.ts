import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { createSlackNotifier } from './client.ts';

// Answers follow https://api.slack.com/messaging/webhooks (200 "ok"; errors in plain text, see #handling_errors).
const HOOK = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function slack(handler: Handler) {
  server = await startLocalServer(handler);
  return { server, notifier: createSlackNotifier({ webhookUrl: `${server.url}${HOOK}`, http: FAST_RETRIES }) };
}

describe('Slack incoming webhook', () => {
  it('posts the text and blocks as given', async () => {
    const { server, notifier } = await slack(() => ({ headers: { 'content-type': 'text/html' }, body: 'ok' }));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Globex* health turned red' } }];
    await notifier.post({ text: 'Globex health turned red', blocks });
    expect([server.requests[0]?.method, server.requests[0]?.path]).toEqual(['POST', HOOK]);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ text: 'Globex health turned red', blocks });
  });

  it('a removed webhook is explained without revealing its URL', async () => {
    const { notifier } = await slack(() => ({ status: 404, body: 'no_service' }));
    const err = await failureOf(notifier.testConnection());
    expect(err.vendorMessage).toBe('no_service');
    expect(`${err.message} ${explain(err)}`).not.toContain('XXXXXXXX');
  });

  it('an archived channel is reported as not found', async () => {
    const { notifier } = await slack(() => ({ status: 410, body: 'channel_is_archived' }));
    expect(explain(await failureOf(notifier.post({ text: 'hi' })))).toContain('channel_is_archived');
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: HOOK,
      ok: { body: 'ok' },
      unauthorized: { status: 403, body: 'invalid_token' },
      call: (url, o) => createSlackNotifier({ webhookUrl: `${url}${HOOK}`, http: { ...FAST_RETRIES, ...o } }).post({ text: 'hi' }),
    });
  });
});
