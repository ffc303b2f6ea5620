import { z } from 'zod';
import { IntegrationError, isIntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, RawTranscript, TranscriptSource } from '../ports.ts';

export interface ZoomConfig {
  /** Default https://api.zoom.us */
  baseUrl?: string;
  /** Where Server-to-Server OAuth tokens come from. Default https://zoom.us */
  oauthUrl?: string;
  /** A Server-to-Server OAuth app with cloud recording read scopes. */
  auth: { accountId: string; clientId: string; clientSecret: string } | { accessToken: string };
  now?: () => number;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

// https://developers.zoom.us/docs/api/meetings/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
const RecordingsSchema = z.object({
  topic: z.string().nullish(),
  recording_files: z.array(z.object({ file_type: z.string().nullish(), file_extension: z.string().nullish(), download_url: z.string().nullish(), status: z.string().nullish() })).nullish(),
});

// https://developers.zoom.us/docs/internal-apps/s2s-oauth/
const TokenSchema = z.object({ access_token: z.string(), expires_in: z.number(), scope: z.string().nullish() });

/** Zoom's meeting UUIDs that start with "/" or hold "//" must be encoded twice. */
export function zoomMeetingPath(ref: string): string {
  const once = encodeURIComponent(ref);
  return ref.startsWith('/') || ref.includes('//') ? encodeURIComponent(once) : once;
}

/** Zoom cloud recordings: the audio transcript of a meeting as WebVTT text. */
export function createZoomClient(config: ZoomConfig): TranscriptSource {
  const now = config.now ?? Date.now;
  const shared = config.http ?? {};
  let token: { value: string; expiresAt: number; scope: string } | undefined;
  const s2s = 'clientSecret' in config.auth ? config.auth : undefined;
  const oauth = s2s
    ? createHttpClient({
        vendor: 'zoom',
        baseUrl: config.oauthUrl ?? 'https://zoom.us',
        auth: () => ({ authorization: `Basic ${Buffer.from(`${s2s.clientId}:${s2s.clientSecret}`).toString('base64')}` }),
        secrets: [s2s.clientSecret],
        ...shared,
      })
    : undefined;

  async function accessToken(): Promise<{ value: string; scope: string }> {
    if (!s2s || !oauth) return { value: (config.auth as { accessToken: string }).accessToken, scope: '' };
    if (token && token.expiresAt > now()) return token;
    // A token request is harmless to repeat: each answer is a valid token.
    const res = await oauth.request({ method: 'POST', path: '/oauth/token', query: { grant_type: 'account_credentials', account_id: s2s.accountId }, idempotent: true });
    const t = parseVendor(TokenSchema, res.data, 'zoom', 'access token');
    token = { value: t.access_token, expiresAt: now() + Math.max(0, t.expires_in - 60) * 1000, scope: t.scope ?? '' };
    return token;
  }

  const api = createHttpClient({
    vendor: 'zoom',
    baseUrl: config.baseUrl ?? 'https://api.zoom.us',
    auth: async () => ({ authorization: `Bearer ${(await accessToken()).value}` }),
    secrets: s2s ? [s2s.clientSecret] : [(config.auth as { accessToken: string }).accessToken],
    ...shared,
  });

  /** One retry with a fresh token when Zoom revoked the cached one early. */
  async function withFreshToken<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!s2s || !isIntegrationError(err) || err.kind !== 'auth' || err.status !== 401) throw err;
      token = undefined;
      return call();
    }
  }

  async function fetchTranscript(meetingId: string, signal?: AbortSignal): Promise<RawTranscript> {
    const res = await withFreshToken(() => api.request({ path: `/v2/meetings/${zoomMeetingPath(meetingId)}/recordings`, signal }));
    const files = parseVendor(RecordingsSchema, res.data, 'zoom', 'meeting recordings').recording_files ?? [];
    const file = files.find((f) => f.file_type === 'TRANSCRIPT') ?? files.find((f) => f.file_type === 'CC');
    const target = 'GET /v2/meetings/…/recordings';
    if (!file?.download_url) {
      throw new IntegrationError('not_found', 'no transcript file', { vendor: 'zoom', target, vendorMessage: 'the recording has no audio transcript (turn on "Create audio transcript" in Zoom recording settings)' });
    }
    if (file.status && file.status !== 'completed') {
      throw new IntegrationError('temporary', 'transcript still processing', { vendor: 'zoom', target, vendorMessage: `the transcript is ${file.status.toLowerCase()}` });
    }
    // The download URL is on another host; Zoom's contract is to send the same bearer token.
    const vtt = await withFreshToken(() => api.request<string>({ path: file.download_url ?? '', withAuth: true, responseType: 'text', signal }));
    if (!vtt.data.trimStart().startsWith('WEBVTT')) {
      throw new IntegrationError('invalid_response', 'not a WebVTT file', { vendor: 'zoom', target: 'GET transcript download', vendorMessage: 'the downloaded transcript is not WebVTT' });
    }
    return { format: 'vtt', text: vtt.data };
  }

  async function testConnection(): Promise<ConnectionCheck> {
    const t = await accessToken();
    if (s2s && !/recording/.test(t.scope)) {
      throw new IntegrationError('auth', 'missing scope', { vendor: 'zoom', status: 403, vendorMessage: `the app's scopes (${t.scope || 'none'}) do not include cloud recording read`, target: 'POST /oauth/token' });
    }
    return { ok: true, detail: s2s ? 'Zoom issued a token with cloud recording access' : 'Zoom token set (it cannot be checked without a meeting id)' };
  }

  return { name: 'zoom', fetchTranscript, testConnection };
}
