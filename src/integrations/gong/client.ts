import { z } from 'zod';
import { IntegrationError, isIntegrationError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions } from '../http.ts';
import { parseVendor } from '../parse.ts';
import type { ConnectionCheck, RawTranscript, TranscriptSource } from '../ports.ts';

export interface GongConfig {
  /** The company's API base URL shown in Gong's API settings, e.g. https://us-12345.api.gong.io */
  baseUrl: string;
  accessKey: string;
  accessKeySecret: string;
  now?: () => number;
  http?: Partial<Omit<HttpClientOptions, 'vendor' | 'baseUrl' | 'auth'>>;
}

// https://gong.app.gong.io/settings/api/documentation#post-/v2/calls/transcript
const TranscriptAnswerSchema = z.object({
  callTranscripts: z.array(z.looseObject({ callId: z.string(), transcript: z.array(z.unknown()) })),
});

/** Gong: the transcript of a call, as Gong's JSON (speakers, topics, timed sentences). */
export function createGongClient(config: GongConfig): TranscriptSource {
  const authorization = `Basic ${Buffer.from(`${config.accessKey}:${config.accessKeySecret}`).toString('base64')}`;
  const http = createHttpClient({ vendor: 'gong', baseUrl: config.baseUrl, auth: () => ({ authorization }), secrets: [config.accessKeySecret], ...config.http });
  const now = config.now ?? Date.now;

  const transcripts = async (filter: Record<string, unknown>, signal?: AbortSignal) => {
    // Reading transcripts changes nothing, so the POST may be repeated after a 5xx.
    const res = await http.request({ method: 'POST', path: '/v2/calls/transcript', idempotent: true, json: { filter }, signal });
    return parseVendor(TranscriptAnswerSchema, res.data, 'gong', 'call transcripts').callTranscripts;
  };

  async function fetchTranscript(callId: string, signal?: AbortSignal): Promise<RawTranscript> {
    const found = (await transcripts({ callIds: [callId] }, signal)).find((t) => t.callId === callId);
    if (!found) throw new IntegrationError('not_found', 'no transcript for this call', { vendor: 'gong', target: 'POST /v2/calls/transcript', vendorMessage: `Gong has no transcript for call ${callId} yet` });
    return { format: 'gong', json: found };
  }

  async function testConnection(): Promise<ConnectionCheck> {
    const to = new Date(now()).toISOString();
    const from = new Date(now() - 24 * 3600_000).toISOString();
    try {
      const calls = await transcripts({ fromDateTime: from, toDateTime: to });
      return { ok: true, detail: `Gong accepted the key; ${calls.length} transcript(s) from the last day are readable` };
    } catch (err) {
      // Gong answers 404 "No calls found corresponding to the provided filters" for an empty day.
      if (isIntegrationError(err) && err.kind === 'not_found' && /no calls found/i.test(err.vendorMessage ?? '')) {
        return { ok: true, detail: 'Gong accepted the key; no calls in the last day' };
      }
      throw err;
    }
  }

  return { name: 'gong', fetchTranscript, testConnection };
}
