import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');

describe.each(dialects)('transcripts and AI suggestions on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function heldCall() {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, renewalDate: '2027-03-01' });
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' }));
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-18T15:00:00Z', attendeeUserIds: [csm.user.id] } })).body;
    return { account, meeting };
  }

  const post = (meetingId: string, body: string, type = 'text/plain') => server.call('POST', `/api/meetings/${meetingId}/transcript`, { token: csm.token, raw: body, headers: { 'content-type': type } });

  it('a broken file is refused naming its line, and nothing is stored', async () => {
    const { meeting } = await heldCall();
    const broken = 'WEBVTT\n\n00:00:01.000 --> 00:61:00.000\n<v Sam>Hello\n';
    const res = await post(meeting.id, broken, 'text/vtt');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^line 3: /);
    const stored = await server.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: csm.token });
    expect(stored.body).toEqual({ transcript: null, speakers: null, items: [] });
  });

  it('a customer call becomes suggestions; accepting one makes a real action item, and a re-run does not bring it back', async () => {
    const { account, meeting } = await heldCall();
    // The fixture's CSM is Sam Okafor; here the test's CSM plays the part.
    const call = CALL.replaceAll('Sam Okafor', csm.user.name);
    const res = await post(meeting.id, call);
    expect(res.status).toBe(201);
    expect(res.body.speakers.unmatched).toEqual([]);
    const actions = res.body.suggestions.filter((s: { kind: string }) => s.kind === 'action_item');
    expect(actions.length).toBeGreaterThanOrEqual(2);
    const escalate = actions.find((s: { payload: { text: string } }) => /escalate/i.test(s.payload.text));
    expect(escalate.payload).toMatchObject({ owner: csm.user.name, due: '2026-11-20' });
    expect(res.body.suggestions.some((s: { kind: string; payload: { type?: string } }) => s.kind === 'risk' && ['competitor_hire', 'tool_consolidation'].includes(s.payload.type ?? ''))).toBe(true);

    const accepted = await server.call('POST', `/api/suggestions/${escalate.id}/accept`, { token: csm.token, body: {} });
    expect(accepted.body.record.type).toBe('action_item');
    const items = (await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token })).body.items;
    expect(items).toEqual([expect.objectContaining({ meetingId: meeting.id, dueDate: '2026-11-20', owner: expect.objectContaining({ kind: 'user', id: csm.user.id }) })]);
    expect((await server.call('POST', `/api/suggestions/${escalate.id}/accept`, { token: csm.token, body: {} })).status).toBe(409);

    const other = actions.find((s: { id: string }) => s.id !== escalate.id);
    expect((await server.call('POST', `/api/suggestions/${other.id}/reject`, { token: csm.token })).body.status).toBe('rejected');

    const again = await post(meeting.id, call);
    const kinds = again.body.suggestions.filter((s: { kind: string }) => s.kind === 'action_item');
    expect(kinds.filter((s: { status: string }) => s.status === 'accepted')).toHaveLength(1);
    expect(kinds.filter((s: { status: string }) => s.status === 'rejected')).toHaveLength(1);
    expect(kinds.length).toBe(actions.length);
    expect((await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token })).body.items).toHaveLength(1);
  });

  it('unmatched speakers can be mapped by hand', async () => {
    const { meeting } = await heldCall();
    const res = await post(meeting.id, 'Speaker 1: I will send the renewal quote tomorrow.\nHana: Thanks.\n');
    expect(res.body.speakers.unmatched).toContain('Speaker 1');
    const before = await server.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: csm.token });
    expect(before.body.speakers.unmatched).toContain('Speaker 1');
    const mapped = await server.call('PUT', `/api/meetings/${meeting.id}/transcript/speakers`, { token: csm.token, body: { 'Speaker 1': csm.user.name } });
    expect(mapped.body.speakers.unmatched).not.toContain(csm.user.name);
    const action = mapped.body.suggestions.find((s: { kind: string }) => s.kind === 'action_item');
    expect(action.payload.owner).toBe(csm.user.name);
  });

  it('a stranger can neither import nor decide', async () => {
    const { meeting } = await heldCall();
    const stranger = await server.userWithToken('csm');
    expect((await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: stranger.token, raw: CALL, headers: { 'content-type': 'text/plain' } })).status).toBe(404);
    const res = await post(meeting.id, CALL);
    expect((await server.call('POST', `/api/suggestions/${res.body.suggestions[0].id}/reject`, { token: stranger.token })).status).toBe(404);
  });
});

describe('AI notes from an OpenAI-compatible model', () => {
  it('uses the model when its answer validates, and falls back to the local extractor (saying why) when it does not', async () => {
    const http = await import('node:http');
    let answer: 'good' | 'bad' = 'good';
    // Answers in the chat-completions shape (https://platform.openai.com/docs/api-reference/chat/object).
    const llm = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answer === 'bad') {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
          return;
        }
        const notes = {
          summary: [],
          actionItems: [{ text: 'Send the SSO rollout plan', owner: 'Hana Tanaka', side: 'customer', due: '2026-11-27', quote: 'I will send the plan', at: 12 }],
          decisions: [],
          questions: [],
          risks: [],
          requests: [],
          sentiment: [],
        };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(notes) }, finish_reason: 'stop' }] }));
      });
    });
    await new Promise<void>((r) => llm.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(llm.address() as { port: number }).port}/v1`;
    const server = await startTestServer('sqlite', [], { llm: { url, model: 'test-model', apiKey: null } });
    try {
      const csm = await server.userWithToken('csm');
      const account = await makeAccount(server.deps, { ownerId: csm.user.id });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-18T15:00:00Z' } })).body;
      const viaModel = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: CALL, headers: { 'content-type': 'text/plain' } });
      expect(viaModel.body).toMatchObject({ extractedBy: 'llm', fallbackReason: null });
      expect(viaModel.body.suggestions.map((s: { payload: { text?: string } }) => s.payload.text)).toContain('Send the SSO rollout plan');
      answer = 'bad';
      const fallback = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: CALL, headers: { 'content-type': 'text/plain' } });
      expect(fallback.body.extractedBy).toBe('local');
      expect(fallback.body.fallbackReason).toMatch(/503/);
      expect(fallback.body.suggestions.some((s: { payload: { text?: string } }) => /escalate/i.test(s.payload.text ?? ''))).toBe(true);
    } finally {
      await server.close();
      await new Promise((r) => llm.close(r));
    }
  });
});
