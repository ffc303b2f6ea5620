import { describe, expect, it } from 'vitest';
import { shareLinkState } from './share-link.ts';

describe('shareLinkState', () => {
  const now = new Date('2026-12-04T10:00:00.000Z');
  it('works until the instant it expires, then is expired', () => {
    expect(shareLinkState({ revokedAt: null, expiresAt: '2026-12-04T10:00:00.001Z' }, now)).toBe('works');
    expect(shareLinkState({ revokedAt: null, expiresAt: '2026-12-04T10:00:00.000Z' }, now)).toBe('expired');
  });
  it('a revoked link is revoked, expired or not', () => {
    expect(shareLinkState({ revokedAt: '2026-12-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' }, now)).toBe('revoked');
  });
});
