import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, mailSummary, messageIdFor } from './retry.ts';

const now = new Date('2026-12-03T09:00:00.000Z');

describe('outbox retries', () => {
  it('waits 30 s after the first failure and doubles the wait after each further one', () => {
    const waits = [1, 2, 3, 4].map((n) => {
      const next = afterFailedAttempt(n, 8, now);
      return next.status === 'pending' ? (Date.parse(next.nextAttemptAt) - now.getTime()) / 1000 : null;
    });
    expect(waits).toEqual([30, 60, 120, 240]);
  });

  it('never waits more than an hour', () => {
    const next = afterFailedAttempt(20, 50, now);
    expect(next).toEqual({ status: 'pending', nextAttemptAt: '2026-12-03T10:00:00.000Z' });
  });

  it('the eighth failure makes a dead letter', () => {
    expect(afterFailedAttempt(8, 8, now)).toEqual({ status: 'dead' });
    expect(afterFailedAttempt(7, 8, now).status).toBe('pending');
  });

  it('a Message-ID names the host of the public URL', () => {
    expect(messageIdFor('0190-abc', 'https://cadence.example.com:8443/x')).toBe('<0190-abc@cadence.example.com>');
    expect(messageIdFor('0190-abc', 'not a url')).toBe('<0190-abc@cadence.localhost>');
  });

  it('a summary names recipients and subject, not the body', () => {
    expect(mailSummary({ to: ['a@x.example'], cc: ['b@y.example'], subject: 'Agenda' })).toBe('"Agenda" to a@x.example (+1 in copy)');
  });
});
