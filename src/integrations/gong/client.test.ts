import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer } from '../testing/local-server.ts';
import { createGongClient } from './client.ts';

// Answers follow https://gong.app.gong.io/settings/api/documentation#post-/v2/calls/transcript (named in each fixture's "_doc").
const fixture = (name: string) => readFixture(import.meta.url, name);
const SECRET = 'gong-access-key-s3cret';
const path = '/v2/calls/transcript';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gong(handler: Handler) {
  server = await startLocalServer(handler);
  return { server, client: createGongClient({ baseUrl: server.url, accessKey: 'AKEY', accessKeySecret: SECRET, now: () => Date.parse('2025-02-06T12:00:00Z'), http: FAST_RETRIES }) };
}

describe('Gong transcripts', () => {
  it('the transcript of a call comes back as Gong JSON for the transcript parser', async () => {
    const { server, client } = await gong(() => ({ json: fixture('call-transcript.json') }));
    const raw = await client.fetchTranscript('7782342274025937895');
    expect(raw.format).toBe('gong');
    expect(JSON.stringify(raw)).toContain('We need SSO before the rollout.');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ filter: { callIds: ['7782342274025937895'] } });
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`AKEY:${SECRET}`).toString('base64')}`);
  });

  it('a call without a transcript yet is not found, in words', async () => {
    const { client } = await gong(() => ({ json: { ...fixture('call-transcript.json'), callTranscripts: [] } }));
    expect(explain(await failureOf(client.fetchTranscript('123')))).toContain('no transcript for call 123 yet');
  });

  it('the connection test accepts a key that sees no calls in the last day', async () => {
    const { server, client } = await gong(() => ({ status: 404, json: fixture('error-404-no-calls.json') }));
    expect((await client.testConnection()).detail).toBe('Gong accepted the key; no calls in the last day');
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ filter: { fromDateTime: '2025-02-05T12:00:00.000Z', toDateTime: '2025-02-06T12:00:00.000Z' } });
  });

  it('a wrong key is explained with Gong own words', async () => {
    const { client } = await gong(() => ({ status: 401, json: fixture('error-401.json') }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('Gong refused the credentials');
    expect(words).toContain('Invalid access key');
    expect(words).not.toContain(SECRET);
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path,
      ok: { json: fixture('call-transcript.json') },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) => createGongClient({ baseUrl: url, accessKey: 'AKEY', accessKeySecret: SECRET, http: { ...FAST_RETRIES, ...o } }).fetchTranscript('7782342274025937895'),
    });
  });
});
