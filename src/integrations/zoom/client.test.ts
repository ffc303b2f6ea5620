import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../errors.ts';
import { itSurvivesVendorFailures } from '../testing/failure-cases.ts';
import { FAST_RETRIES, failureOf, readFixture, startLocalServer, type Handler, type LocalServer, type Reply } from '../testing/local-server.ts';
import { createZoomClient, zoomMeetingPath } from './client.ts';

// Answers follow Zoom's API reference pages named in each fixture's "_doc".
const fixture = (name: string) => readFixture(import.meta.url, name);
const CLIENT_SECRET = 'zoom-client-s3cret';
const VTT = 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana: Welcome, everyone.\n';
const TOKEN = (fixture('token.json') as { access_token: string }).access_token;

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function recordings(url: string, over: Record<string, unknown> = {}): Reply {
  const r = fixture('recordings.json') as { recording_files: { download_url: string }[] };
  for (const f of r.recording_files) f.download_url = f.download_url.replace('DOWNLOAD', `${url}/rec/download`);
  const files = r.recording_files.map((f) => ({ ...f, ...over }));
  return { json: { ...r, recording_files: files } };
}

const zoomLike =
  (over: Record<string, unknown> = {}): Handler =>
  (req, s) => {
    if (req.path === '/oauth/token') return { json: fixture('token.json') };
    if (req.path.startsWith('/rec/download/')) return { headers: { 'content-type': 'text/vtt' }, body: VTT };
    return recordings(s.url, over);
  };

async function zoom(handler: Handler) {
  server = await startLocalServer(handler);
  const auth = { accountId: 'acct1', clientId: 'cid', clientSecret: CLIENT_SECRET };
  return { server, client: createZoomClient({ baseUrl: server.url, oauthUrl: server.url, auth, http: FAST_RETRIES }) };
}

describe('Zoom transcripts', () => {
  it('the audio transcript of a recorded meeting is downloaded as WebVTT with a server-to-server token', async () => {
    const { server, client } = await zoom(zoomLike());
    expect(await client.fetchTranscript('85746065432')).toEqual({ format: 'vtt', text: VTT });
    const [token, list, download] = server.requests;
    expect([token?.method, token?.query.get('grant_type'), token?.query.get('account_id')]).toEqual(['POST', 'account_credentials', 'acct1']);
    expect(token?.headers.authorization).toBe(`Basic ${Buffer.from(`cid:${CLIENT_SECRET}`).toString('base64')}`);
    expect(list?.path).toBe('/v2/meetings/85746065432/recordings');
    expect([download?.path, download?.headers.authorization]).toEqual(['/rec/download/vtt', `Bearer ${TOKEN}`]);
  });

  it('the token is reused until it expires', async () => {
    const { server, client } = await zoom(zoomLike());
    await client.fetchTranscript('1');
    await client.fetchTranscript('2');
    expect(server.count('/oauth/token')).toBe(1);
  });

  it('a meeting UUID with slashes is encoded twice, as Zoom requires', () => {
    expect(zoomMeetingPath('/ajXp112QmuoKj4854875==')).toBe('%252FajXp112QmuoKj4854875%253D%253D');
    expect(zoomMeetingPath('4444AAAiAAAAAiAiAiiAii==')).toBe('4444AAAiAAAAAiAiAiiAii%3D%3D');
  });

  it('a recording without a transcript says how to turn transcripts on', async () => {
    const { client } = await zoom((req, s) => (req.path === '/oauth/token' ? { json: fixture('token.json') } : recordings(s.url, { file_type: 'MP4' })));
    expect(explain(await failureOf(client.fetchTranscript('1')))).toContain('Create audio transcript');
  });

  it('a transcript still processing is a temporary failure to retry later', async () => {
    const { client } = await zoom(zoomLike({ status: 'processing' }));
    expect((await failureOf(client.fetchTranscript('1'))).kind).toBe('temporary');
  });

  it('a revoked token is replaced once and the call succeeds', async () => {
    let refused = false;
    const { server, client } = await zoom((req, s) => {
      if (req.path.endsWith('/recordings') && !refused) {
        refused = true;
        return { status: 401, json: fixture('error-401.json') };
      }
      return zoomLike()(req, s);
    });
    expect((await client.fetchTranscript('1')).format).toBe('vtt');
    expect(server.count('/oauth/token')).toBe(2);
  });

  it('the connection test checks the app has a cloud recording scope', async () => {
    const { client } = await zoom(() => ({ json: { ...fixture('token.json'), scope: 'user:read:admin' } }));
    const words = explain(await failureOf(client.testConnection()));
    expect(words).toContain('missing a scope or permission');
    expect(words).toContain('do not include cloud recording read');
  });

  it('an unknown meeting is explained as not found', async () => {
    const { client } = await zoom((req) => (req.path === '/oauth/token' ? { json: fixture('token.json') } : { status: 404, json: fixture('error-404.json') }));
    expect(explain(await failureOf(client.fetchTranscript('1')))).toContain('This recording does not exist.');
  });

  describe('survives vendor failures', () => {
    itSurvivesVendorFailures({
      path: '/v2/meetings/85746065432/recordings',
      ok: { json: { recording_files: [] } },
      unauthorized: { status: 401, json: fixture('error-401.json') },
      call: (url, o) =>
        createZoomClient({ baseUrl: url, auth: { accessToken: 'static-token' }, http: { ...FAST_RETRIES, ...o } })
          .fetchTranscript('85746065432')
          .catch((err: unknown) => {
            // With no files the call ends in not_found: that is the success case here.
            if (err instanceof Error && 'kind' in err && err.kind === 'not_found' && err.message === 'no transcript file') return 'no transcript';
            throw err;
          }),
    });
  });
});
