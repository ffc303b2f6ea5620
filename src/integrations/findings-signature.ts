import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Product findings arrive at POST /api/findings signed like Stripe/GitHub webhooks:
 * `X-Cadence-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>` and
 * `X-Cadence-Timestamp: <unix seconds>`. Signing the timestamp with the body means an old
 * delivery cannot be replayed with a fresh timestamp; replays inside the window are caught by
 * the delivery id, which the service records.
 */
export const FINDINGS_SIGNATURE_HEADER = 'x-cadence-signature';
export const FINDINGS_TIMESTAMP_HEADER = 'x-cadence-timestamp';
export const FINDINGS_TOLERANCE_MS = 5 * 60 * 1000;

export type FindingsSignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future' | 'mismatch' };

function digest(body: string | Buffer, secret: string, timestamp: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/** The header value a sender puts on a delivery; used by tests and the docs' example. */
export function signFindingsBody(body: string | Buffer, secret: string, timestampSeconds: number): string {
  return `sha256=${digest(body, secret, String(timestampSeconds)).toString('hex')}`;
}

/**
 * Checks a delivery against the raw body as received (before any JSON parsing). `secret` may
 * list several during a rotation. Pure apart from the clock passed in.
 */
export function verifyFindingsSignature(input: { body: string | Buffer; signature: string | undefined; timestamp: string | undefined; secret: string | readonly string[]; nowMs: number; toleranceMs?: number }): FindingsSignatureCheck {
  if (!input.signature || !input.timestamp) return { ok: false, reason: 'missing' };
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(input.signature.trim())?.[1];
  if (!hex || !/^\d{1,12}$/.test(input.timestamp.trim())) return { ok: false, reason: 'malformed' };
  const ts = Number(input.timestamp.trim());
  const tolerance = input.toleranceMs ?? FINDINGS_TOLERANCE_MS;
  const age = input.nowMs - ts * 1000;
  if (age > tolerance) return { ok: false, reason: 'stale' };
  if (age < -tolerance) return { ok: false, reason: 'future' };
  const given = Buffer.from(hex, 'hex');
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  let ok = false;
  // Every secret is checked, so timing does not tell which one (if any) matched.
  for (const secret of secrets) {
    const expected = digest(input.body, secret, input.timestamp.trim());
    if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
  }
  return ok ? { ok: true, timestamp: ts } : { ok: false, reason: 'mismatch' };
}
