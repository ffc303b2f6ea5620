import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcriptsBeingRead } from '../../src/services/meetings/transcript-worker.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');

/** A long call as a WebVTT file: the fixture call's lines over and over, about `bytes` long (the CSM played by `csmName`). */
function longCall(bytes: number, csmName = 'Sam Okafor'): string {
  const lines = CALL.replaceAll('Sam Okafor', csmName)
    .split('\n')
    .filter((l) => l.trim());
  const clock = (s: number) => new Date(s * 1000).toISOString().slice(11, 23);
  const out = ['WEBVTT', ''];
  let size = 0;
  for (let i = 0; size < bytes; i += 1) {
    const [, speaker, text] = /^\[[\d:]+\] ([^:]+): (.*)$/.exec(lines[i % lines.length] as string) ?? [];
    const cue = `${clock(i * 4)} --> ${clock(i * 4 + 3.5)}\n<v ${speaker}>${text}</v>\n`;
    out.push(cue);
    size += cue.length + 1;
  }
  return out.join('\n');
}

/** A POST sent in chunks with no Content-Length, as a streaming client sends it. */
function postChunked(url: string, token: string, chunks: string[]): Promise<{ status: number; body: { error?: { code: string; message: string; field?: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/vtt', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
    });
    req.on('error', (err) => ((err as { code?: string }).code === 'EPIPE' || (err as { code?: string }).code === 'ECONNRESET' ? undefined : reject(err)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe.each(dialects)('transcripts are read off the server thread, within limits, on %s', (dialect) => {
  let server: TestServer;
  let small: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let smallCsm: Awaited<ReturnType<TestServer['userWithToken']>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    // A server with a 64 KB limit, so refusing a file over the limit needs no 20 MB test body.
    small = await startTestServer(dialect, [], { transcripts: { maxBytes: 64 * 1024, timeoutMs: 60_000 } });
    smallCsm = await small.userWithToken('csm');
  });
  afterAll(async () => {
    await server?.close();
    await small?.close();
  });

  async function meetingOn(s: TestServer, user: typeof csm) {
    const account = await makeAccount(s.deps, { name: 'Globex', ownerId: user.user.id });
    return (await s.call('POST', '/api/meetings', { token: user.token, body: { accountId: account.id, startsAt: '2026-11-18T15:00:00Z', attendeeUserIds: [user.user.id] } })).body as { id: string };
  }

  it('a transcript over the size limit is refused with 413 naming the limit, and nothing is stored', async () => {
    const meeting = await meetingOn(small, smallCsm);
    const res = await small.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: smallCsm.token, raw: longCall(100 * 1024), headers: { 'content-type': 'text/vtt' } });
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({ code: 'too_large', field: 'transcript', message: 'the transcript is larger than 0.1 MB (CADENCE_TRANSCRIPT_MAX_MB); split it into shorter files' });
    // Gong JSON is held to the same limit.
    const gong = await small.call('POST', `/api/meetings/${meeting.id}/transcript`, {
      token: smallCsm.token,
      raw: JSON.stringify({ callTranscripts: [{ transcript: [{ speakerId: '1', sentences: [{ start: 0, end: 1, text: 'x'.repeat(70 * 1024) }] }] }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(gong.status).toBe(413);
    // Sent without a Content-Length, the upload is cut off once it passes the limit.
    const chunked = await postChunked(
      `${small.url}/api/meetings/${meeting.id}/transcript`,
      smallCsm.token,
      Array.from({ length: 20 }, () => longCall(8 * 1024)),
    );
    expect(chunked.status).toBe(413);
    expect(chunked.body.error?.code).toBe('too_large');
    expect((await small.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: smallCsm.token })).body).toEqual({ transcript: null, speakers: null, items: [] });
    // Under the limit, the same server reads the call.
    const ok = await small.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: smallCsm.token, raw: CALL, headers: { 'content-type': 'text/plain' } });
    expect(ok.status).toBe(201);
  });

  it('a transcript that cannot be read within the time limit is refused with 413, and the next upload is read', async () => {
    const hurried = await startTestServer(dialect, [], { transcripts: { maxBytes: 20 * 1024 * 1024, timeoutMs: 1 } });
    try {
      const user = await hurried.userWithToken('csm');
      const meeting = await meetingOn(hurried, user);
      const res = await hurried.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: user.token, raw: longCall(1024 * 1024), headers: { 'content-type': 'text/vtt' } });
      expect(res.status).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'too_large', field: 'transcript', message: expect.stringMatching(/could not be read within 1 ms; split it/) });
      expect((await hurried.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: user.token })).body.transcript).toBeNull();
    } finally {
      await hurried.close();
    }
    const meeting = await meetingOn(server, csm);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: CALL, headers: { 'content-type': 'text/plain' } })).status).toBe(201);
  });

  it('while a long transcript is being extracted, /healthz and other requests are answered', async () => {
    const meeting = await meetingOn(server, csm);
    const other = await meetingOn(server, csm);
    let imported = false;
    // 1.5 MB (about 13,000 cues, a second or more of extraction): long enough that the answers below
    // come while the worker reads it; the 3 MB it was doubled the wait and asserted nothing more.
    const upload = server.call('POST', `/api/meetings/${meeting.id}/transcript`, { token: csm.token, raw: longCall(1.5 * 1024 * 1024, csm.user.name), headers: { 'content-type': 'text/vtt' } }).then((res) => {
      imported = true;
      return res;
    });
    // Wait until the worker has the job: from here on a blocked event loop could not answer.
    while (transcriptsBeingRead() === 0 && !imported) await new Promise((r) => setTimeout(r, 5));
    expect(imported).toBe(false);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const list = await server.call('GET', `/api/meetings/${other.id}/suggestions`, { token: csm.token });
    expect(list.status).toBe(200);
    // Both answered before the extraction finished.
    expect(transcriptsBeingRead()).toBeGreaterThan(0);
    expect(imported).toBe(false);
    const res = await upload;
    expect(res.status).toBe(201);
    expect(res.body.cues).toBeGreaterThan(10_000);
    expect(res.body.suggestions.some((s: { kind: string; payload: { text?: string } }) => s.kind === 'action_item' && /escalate/i.test(s.payload.text ?? ''))).toBe(true);
    // The stored call's speakers are matched again for the suggestions list (in the worker, for a call this long).
    const stored = await server.call('GET', `/api/meetings/${meeting.id}/suggestions`, { token: csm.token });
    expect(stored.body.speakers).toEqual(res.body.speakers);
    expect(stored.body.speakers.matched).toContainEqual(expect.objectContaining({ attendee: csm.user.name }));
  });
});
