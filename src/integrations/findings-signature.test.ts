import { describe, expect, it } from 'vitest';
import { signFindingsBody, verifyFindingsSignature } from './findings-signature.ts';

const SECRET = 'findings-webhook-secret';
const NOW = Date.parse('2025-02-06T12:00:00Z');
const ts = NOW / 1000;
const body = JSON.stringify({ id: 'dlv_1', accountKey: 'globex', findings: [{ kind: 'vulnerability', severity: 'high' }] });
const check = (over: Partial<Parameters<typeof verifyFindingsSignature>[0]> = {}) => verifyFindingsSignature({ body, signature: signFindingsBody(body, SECRET, ts), timestamp: String(ts), secret: SECRET, nowMs: NOW, ...over });

describe('signed findings deliveries', () => {
  it('a delivery signed with the shared secret is accepted', () => {
    expect(check()).toEqual({ ok: true, timestamp: ts });
  });

  it('a body changed after signing is refused', () => {
    expect(check({ body: body.replace('high', 'low') })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a signature made with another secret is refused', () => {
    expect(check({ signature: signFindingsBody(body, 'other-secret', ts) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a delivery older than five minutes is refused as a replay', () => {
    const old = ts - 301;
    expect(check({ timestamp: String(old), signature: signFindingsBody(body, SECRET, old) })).toEqual({ ok: false, reason: 'stale' });
    const recent = ts - 299;
    expect(check({ timestamp: String(recent), signature: signFindingsBody(body, SECRET, recent) }).ok).toBe(true);
  });

  it('an old delivery given a fresh timestamp does not verify, since the timestamp is signed', () => {
    const old = ts - 3600;
    expect(check({ signature: signFindingsBody(body, SECRET, old) })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a timestamp far in the future is refused', () => {
    const later = ts + 600;
    expect(check({ timestamp: String(later), signature: signFindingsBody(body, SECRET, later) })).toEqual({ ok: false, reason: 'future' });
  });

  it('missing or malformed headers are refused', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ signature: 'md5=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ timestamp: '2025-02-06' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('during a secret rotation either secret verifies', () => {
    expect(check({ secret: ['new-secret', SECRET] }).ok).toBe(true);
  });
});
