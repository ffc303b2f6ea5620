import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');

const notes = {
  summary: [],
  actionItems: [{ text: 'Send the list of teams for the SSO rollout', owner: 'Hana Tanaka', side: 'customer', due: '2026-11-25', quote: "I'll send you the list of teams for the SSO rollout next week.", at: 62 }],
  decisions: [],
  questions: [],
  risks: [],
  requests: [],
  sentiment: [],
};

/**
 * A chat-completions server that answers as a stream when asked (`stream: true`): `data:` events of
 * chat.completion.chunk objects ended by `data: [DONE]`, as
 * https://platform.openai.com/docs/api-reference/chat/streaming describes them.
 */
function startModel(): Promise<{ url: string; bodies: { stream?: boolean; model: string }[]; close(): Promise<void> }> {
  const bodies: { stream?: boolean; model: string }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { stream?: boolean; model: string };
      bodies.push(body);
      const content = JSON.stringify(notes);
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < content.length; i += 40) res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: content.slice(i, i + 40) }, finish_reason: null }] })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, bodies, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) })),
  );
}

describe.each(dialects)('AI notes from a streaming model on %s', (dialect) => {
  let model: Awaited<ReturnType<typeof startModel>>;
  let server: TestServer;
  beforeAll(async () => {
    model = await startModel();
    server = await startTestServer(dialect, [], { llm: { url: model.url, model: 'qwen2.5:7b', apiKey: null, stream: true, timeoutMs: 10_000 } });
  });
  afterAll(async () => {
    await server?.close();
    await model?.close();
  });

  it('with CADENCE_LLM_STREAM on, the model is asked for a stream and its streamed notes become the suggestions', async () => {
    const csm = await server.userWithToken('csm');
    const account = await makeAccount(server.deps, { ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-18T15:00:00Z' } })).body;
    const res = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: CALL, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ extractedBy: 'llm', fallbackReason: null });
    expect(res.body.suggestions).toEqual([expect.objectContaining({ kind: 'action_item', payload: expect.objectContaining({ text: 'Send the list of teams for the SSO rollout', due: '2026-11-25' }) })]);
    expect(model.bodies.at(-1)).toMatchObject({ stream: true, model: 'qwen2.5:7b' });
  });
});
