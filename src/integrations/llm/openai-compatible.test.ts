import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotesContext, NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import type { Transcript } from '../../domain/transcripts/transcript.ts';
import { inTurn, startLocalServer, type LocalServer, type Reply } from '../testing/local-server.ts';
import { extractNotesWithLlm, extractNotesWithModel, mergeNotes, notesPrompt, transcriptParts } from './openai-compatible.ts';

const transcript: Transcript = {
  format: 'plain',
  cues: [
    { speaker: 'Dana', text: "I'll send the SSO guide by Friday.", at: 12 },
    { speaker: 'Sam', text: 'Great, thanks.', at: 15 },
  ],
};
const context: NotesContext = {
  meetingDate: '2026-03-10',
  timezone: 'UTC',
  attendees: [
    { name: 'Dana', side: 'vendor' },
    { name: 'Sam', side: 'customer' },
  ],
};

const empty: NotesSuggestions = { summary: [], actionItems: [], decisions: [], questions: [], risks: [], requests: [], sentiment: [] };
const llmNotes: NotesSuggestions = {
  ...empty,
  actionItems: [{ text: 'Send the SSO guide', owner: 'Dana', side: 'vendor', due: '2026-03-13', quote: "I'll send the SSO guide by Friday.", at: 12 }],
};

// The chat completion object, as https://platform.openai.com/docs/api-reference/chat/object describes it.
const chat = (content: string): Reply => ({ json: { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } });

/**
 * The streamed answer: `data: <chat.completion.chunk>` events, each with a `delta`, ended by
 * `data: [DONE]` (https://platform.openai.com/docs/api-reference/chat/streaming and
 * https://platform.openai.com/docs/api-reference/chat/create, `stream`).
 */
function sseEvents(content: string, pieces = 7): string[] {
  const size = Math.ceil(content.length / pieces);
  const deltas = Array.from({ length: pieces }, (_, i) => content.slice(i * size, (i + 1) * size));
  const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [chunk({ role: 'assistant', content: '' }, null), ...deltas.map((d) => chunk({ content: d }, null)), chunk({}, 'stop'), 'data: [DONE]\n\n'];
}

/** A chat-completions server that streams: writes the events in small pieces (cut mid-event), or stalls after the first. */
async function startStreamingServer(events: (body: { messages: { content: string }[] }) => string[], options: { stallAfterFirst?: boolean } = {}): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { messages: { content: string }[] };
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const text = events(body).join('');
      if (options.stallAfterFirst) {
        res.write(events(body)[0]);
        return;
      }
      // 13-byte writes: events and even UTF-8 characters arrive cut in two.
      const bytes = Buffer.from(text, 'utf8');
      let at = 0;
      const next = () => {
        if (at >= bytes.length) return void res.end();
        res.write(bytes.subarray(at, at + 13));
        at += 13;
        setImmediate(next);
      };
      next();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    bodies,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

let server: LocalServer | undefined;
let streaming: Awaited<ReturnType<typeof startStreamingServer>> | undefined;
afterEach(async () => {
  await server?.close();
  await streaming?.close();
  server = undefined;
  streaming = undefined;
});

describe('notes from an OpenAI-compatible LLM', () => {
  it('valid notes from the model are used, and the request names the model and carries the key', async () => {
    server = await startLocalServer(() => chat(`\`\`\`json\n${JSON.stringify(llmNotes)}\n\`\`\``));
    const result = await extractNotesWithLlm(transcript, context, { url: server.url, model: 'local-model', apiKey: 'k-123' });
    expect(result).toEqual({ source: 'llm', notes: llmNotes });
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer k-123');
    const sent = JSON.parse(request?.body ?? '{}') as { model: string; stream?: boolean; messages: { content: string }[] };
    expect(sent.model).toBe('local-model');
    expect(sent.stream).toBeUndefined();
    expect(sent.messages[1]?.content).toContain("[00:00:12 = 12s] Dana: I'll send the SSO guide by Friday.");
  });

  it('the prompt asks for exactly the shape the local extractor gives, the risk scale included', () => {
    const prompt = notesPrompt();
    for (const key of Object.keys(empty)) expect(prompt).toContain(`"${key}":[`);
    expect(prompt).toContain('"severity":"low"|"medium"|"high"|"critical"');
    expect(prompt).toContain('"due":"YYYY-MM-DD"|null');
  });

  it("a model that hears a critical risk may say so: the suggestion keeps the register's scale", async () => {
    const notes: NotesSuggestions = { ...llmNotes, risks: [{ type: 'other', severity: 'critical', text: 'They will not renew', quote: 'We will not renew.', at: 20 }] };
    server = await startLocalServer(() => chat(JSON.stringify(notes)));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'local-model' })).toEqual({ source: 'llm', notes });
  });

  it('a streamed answer (server-sent events, cut anywhere) is put back together and used', async () => {
    const notes: NotesSuggestions = { ...llmNotes, decisions: [{ text: 'Payments go first — on the 14th', quote: "so that's a decision: payments first on the 14th", at: 30 }] };
    streaming = await startStreamingServer(() => sseEvents(JSON.stringify(notes)));
    const result = await extractNotesWithModel(transcript, context, { url: streaming.url, model: 'm', stream: true });
    expect(result).toEqual({ source: 'llm', notes });
    expect(streaming.bodies[0]).toMatchObject({ stream: true, model: 'm' });
  });

  it('a stream that stops sending falls back to local notes when the time is up', async () => {
    streaming = await startStreamingServer(() => sseEvents(JSON.stringify(llmNotes)), { stallAfterFirst: true });
    const result = await extractNotesWithLlm(transcript, context, { url: streaming.url, model: 'm', stream: true, timeoutMs: 300 });
    expect(result).toMatchObject({ source: 'local', fallbackReason: 'the LLM did not answer within 300 ms' });
    expect(result.notes.actionItems[0]).toMatchObject({ owner: 'Dana', due: '2026-03-13' });
  });

  it('a stream that reports an error falls back, naming it', async () => {
    streaming = await startStreamingServer(() => [`data: ${JSON.stringify({ error: { message: 'model not loaded' } })}\n\n`]);
    expect(await extractNotesWithLlm(transcript, context, { url: streaming.url, model: 'm', stream: true })).toMatchObject({ source: 'local', fallbackReason: 'the LLM stream reported an error (model not loaded)' });
  });

  it('an answer that does not match the schema falls back to the local extractor and says why', async () => {
    server = await startLocalServer(() => chat(JSON.stringify({ ...llmNotes, actionItems: [{ text: 'x' }] })));
    const result = await extractNotesWithLlm(transcript, context, { url: `${server.url}/v1/`, model: 'm' });
    expect(result.source).toBe('local');
    if (result.source === 'local') {
      expect(result.fallbackReason).toMatch(/did not match the schema \(actionItems\.0\./);
      expect(result.notes.actionItems[0]).toMatchObject({ owner: 'Dana', due: '2026-03-13' });
    }
  });

  it('a client error, a body that is not JSON, prose instead of JSON, or a slow model all fall back to local notes', async () => {
    server = await startLocalServer(() => ({ status: 400, json: { error: { message: 'unknown model' } } }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM answered HTTP 400' });
    expect(server.requests).toHaveLength(1);
    await server.close();
    server = await startLocalServer(() => ({ headers: { 'content-type': 'application/json' }, body: '{"choices":[{"message":' }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM answer was not JSON' });
    await server.close();
    server = await startLocalServer(() => chat('Here are your notes: Dana will send the guide.'));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM message was not JSON' });
    await server.close();
    server = await startLocalServer(() => ({ ...chat(JSON.stringify(llmNotes)), delayMs: 2000 }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm', timeoutMs: 100 })).toMatchObject({ source: 'local', fallbackReason: 'the LLM did not answer within 100 ms' });
  });

  it('a rate limit (429) is waited out as the server asks, then the answer is used', async () => {
    server = await startLocalServer(inTurn({ status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'slow down' } } }, chat(JSON.stringify(llmNotes))));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toEqual({ source: 'llm', notes: llmNotes });
    expect(server.requests).toHaveLength(2);
  });

  it('a server that keeps failing (500) is tried a few times, then the local notes are used and the reason says so', async () => {
    server = await startLocalServer(() => ({ status: 500, json: { error: { message: 'boom' } } }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm', retries: 2, retryDelayMs: 1 })).toMatchObject({ source: 'local', fallbackReason: 'the LLM answered HTTP 500 (3 tries)' });
    expect(server.requests).toHaveLength(3);
  });

  it('a rate limit asking for a long wait falls back at once rather than holding the upload', async () => {
    server = await startLocalServer(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM answered HTTP 429 and asked to wait 3600 s' });
    expect(server.requests).toHaveLength(1);
  });

  it('an unreachable server falls back to local notes', async () => {
    const result = await extractNotesWithLlm(transcript, context, { url: 'http://127.0.0.1:9', model: 'm', timeoutMs: 2000 });
    expect(result).toMatchObject({ source: 'local', fallbackReason: expect.stringMatching(/could not be reached/) });
  });
});

describe('long calls sent to the model in parts', () => {
  // 60 lines of about 50 characters; line 30 is a commitment.
  const long: Transcript = {
    format: 'vtt',
    cues: Array.from({ length: 60 }, (_, i) => ({ speaker: i % 2 ? 'Sam' : 'Dana', text: i === 30 ? "I'll send the renewal quote on Monday." : `Line ${i} of the call about the rollout.`, at: i * 10 })),
  };

  it('every line is sent, parts overlap by the last lines of the one before, and no part is longer than asked', () => {
    const cut = transcriptParts(long, { chunkChars: 600, overlapChars: 120 });
    if (!cut.ok) throw new Error(cut.reason);
    expect(cut.parts.length).toBeGreaterThan(3);
    for (const part of cut.parts) expect(part.length).toBeLessThanOrEqual(600);
    const sent = new Set(cut.parts.flatMap((p) => p.split('\n')));
    expect(sent.size).toBe(60);
    for (let i = 1; i < cut.parts.length; i += 1) {
      const before = (cut.parts[i - 1] as string).split('\n');
      const after = (cut.parts[i] as string).split('\n');
      const carried = after.filter((l) => before.includes(l));
      expect(carried.length).toBeGreaterThan(0);
      expect(carried).toEqual(before.slice(-carried.length));
      expect(carried.join('\n').length).toBeLessThanOrEqual(120);
    }
  });

  it('a transcript too long for the model path is drafted locally, saying so', async () => {
    server = await startLocalServer(() => chat(JSON.stringify(llmNotes)));
    const result = await extractNotesWithLlm(long, context, { url: server.url, model: 'm', maxTranscriptChars: 1000 });
    expect(result).toMatchObject({ source: 'local', fallbackReason: 'the transcript is longer than the 1,000 characters sent to the LLM' });
    expect(server.requests).toHaveLength(0);
  });

  it('each part is asked for separately, and what two overlapping parts both heard is suggested once', async () => {
    const commitment = { text: 'Send the renewal quote', owner: 'Sam', side: 'customer' as const, due: '2026-03-16', quote: "I'll send the renewal quote on Monday.", at: 300 };
    server = await startLocalServer((req) => {
      const user = (JSON.parse(req.body) as { messages: { content: string }[] }).messages[1]?.content ?? '';
      const part = Number(/part (\d+) of/.exec(user)?.[1]);
      // Every part that contains the commitment reports it, once with other words; each part also has its own decision.
      const heard = user.includes('renewal quote') ? [{ ...commitment, text: part % 2 ? 'Send the renewal quote' : 'send the renewal quote.' }] : [];
      return chat(
        JSON.stringify({
          ...empty,
          summary: [{ agendaItemId: null, heading: 'Rollout', points: [{ text: 'The rollout is on track', quote: 'Line 1 of the call about the rollout.', at: 10 }] }],
          actionItems: heard,
          decisions: [{ text: `Decision of part ${part}`, quote: `Line ${part} of the call about the rollout.`, at: part * 10 }],
        }),
      );
    });
    const result = await extractNotesWithLlm(long, context, { url: server.url, model: 'm', chunkChars: 600, overlapChars: 200 });
    expect(result.source).toBe('llm');
    const parts = server.requests.length;
    expect(parts).toBeGreaterThan(3);
    expect(server.requests.filter((r) => r.body.includes('renewal quote')).length).toBeGreaterThanOrEqual(1);
    expect(result.notes.actionItems).toEqual([commitment]);
    expect(result.notes.decisions.map((d) => d.text)).toEqual(Array.from({ length: parts }, (_, i) => `Decision of part ${i + 1}`));
    expect(result.notes.summary).toEqual([{ agendaItemId: null, heading: 'Rollout', points: [{ text: 'The rollout is on track', quote: 'Line 1 of the call about the rollout.', at: 10 }] }]);
  });

  it('when one part fails, the whole call is drafted locally and the reason names the part', async () => {
    server = await startLocalServer(inTurn(chat(JSON.stringify(empty)), chat('not json')));
    const result = await extractNotesWithLlm(long, context, { url: server.url, model: 'm', chunkChars: 600 });
    expect(result).toMatchObject({ source: 'local', fallbackReason: expect.stringMatching(/^part 2 of \d+: the LLM message was not JSON$/) });
  });

  it('merging keeps distinct items that share no words or quote', () => {
    const a = { ...empty, decisions: [{ text: 'Go with SAML', quote: 'we go with SAML', at: 1 }] };
    const b = {
      ...empty,
      decisions: [
        { text: 'Go with SAML.', quote: 'we go with SAML', at: 1 },
        { text: 'Payments first', quote: 'payments first', at: 9 },
      ],
    };
    expect(mergeNotes([a, b]).decisions.map((d) => d.text)).toEqual(['Go with SAML', 'Payments first']);
  });
});
