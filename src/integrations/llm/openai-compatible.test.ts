import { afterEach, describe, expect, it } from 'vitest';
import type { NotesContext, NotesSuggestions } from '../../domain/notes-extraction/schema.ts';
import type { Transcript } from '../../domain/transcripts/transcript.ts';
import { startLocalServer, type LocalServer, type Reply } from '../testing/local-server.ts';
import { extractNotesWithLlm } from './openai-compatible.ts';

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

const llmNotes: NotesSuggestions = {
  summary: [],
  actionItems: [{ text: 'Send the SSO guide', owner: 'Dana', side: 'vendor', due: '2026-03-13', quote: "I'll send the SSO guide by Friday.", at: 12 }],
  decisions: [],
  questions: [],
  risks: [],
  requests: [],
  sentiment: [],
};

const chat = (content: string): Reply => ({ json: { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } });

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('notes from an OpenAI-compatible LLM', () => {
  it('valid notes from the model are used, and the request names the model and carries the key', async () => {
    server = await startLocalServer(() => chat(`\`\`\`json\n${JSON.stringify(llmNotes)}\n\`\`\``));
    const result = await extractNotesWithLlm(transcript, context, { url: server.url, model: 'local-model', apiKey: 'k-123' });
    expect(result).toEqual({ source: 'llm', notes: llmNotes });
    const request = server.requests[0];
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer k-123');
    const sent = JSON.parse(request?.body ?? '{}') as { model: string; messages: { content: string }[] };
    expect(sent.model).toBe('local-model');
    expect(sent.messages[1]?.content).toContain("[00:00:12 = 12s] Dana: I'll send the SSO guide by Friday.");
  });

  it("a model that hears a critical risk may say so: the suggestion keeps the register's scale", async () => {
    const notes: NotesSuggestions = { ...llmNotes, risks: [{ type: 'other', severity: 'critical', text: 'They will not renew', quote: 'We will not renew.', at: 20 }] };
    server = await startLocalServer(() => chat(JSON.stringify(notes)));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'local-model' })).toEqual({ source: 'llm', notes });
    const sent = JSON.parse(server.requests[0]?.body ?? '{}') as { messages: { content: string }[] };
    expect(sent.messages[0]?.content).toContain('"severity":"low"|"medium"|"high"|"critical"');
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

  it('a server error, prose instead of JSON, or a slow model all fall back to local notes', async () => {
    server = await startLocalServer(() => ({ status: 503, json: { error: 'overloaded' } }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM answered HTTP 503' });
    await server.close();
    server = await startLocalServer(() => chat('Here are your notes: Dana will send the guide.'));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm' })).toMatchObject({ source: 'local', fallbackReason: 'the LLM message was not JSON' });
    await server.close();
    server = await startLocalServer(() => ({ ...chat(JSON.stringify(llmNotes)), delayMs: 2000 }));
    expect(await extractNotesWithLlm(transcript, context, { url: server.url, model: 'm', timeoutMs: 100 })).toMatchObject({ source: 'local', fallbackReason: 'the LLM did not answer within 100 ms' });
  });

  it('an unreachable server falls back to local notes', async () => {
    const result = await extractNotesWithLlm(transcript, context, { url: 'http://127.0.0.1:9', model: 'm', timeoutMs: 2000 });
    expect(result).toMatchObject({ source: 'local', fallbackReason: expect.stringMatching(/could not be reached/) });
  });
});
