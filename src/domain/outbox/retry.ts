/** How long the outbox waits after the first failed attempt; each further failure doubles it. */
export const FIRST_RETRY_MS = 30_000;
/** No wait is longer than this: a mail stuck for hours is worse than one more try. */
export const LONGEST_RETRY_MS = 60 * 60_000;
/** Attempts before a row becomes a dead letter, unless configured otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export type AttemptOutcome = { status: 'pending'; nextAttemptAt: string } | { status: 'dead' };

/**
 * What follows a failed attempt: another one after an exponential wait (30 s, 1 min, 2 min …,
 * at most an hour), or a dead letter once `attempts` reached `maxAttempts`.
 */
export function afterFailedAttempt(attempts: number, maxAttempts: number, now: Date): AttemptOutcome {
  if (attempts >= maxAttempts) return { status: 'dead' };
  const wait = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
}

/** The Message-ID a mail keeps across every attempt: `<id@host>`, the host taken from the public URL. */
export function messageIdFor(id: string, baseUrl: string): string {
  let host = 'cadence.localhost';
  try {
    host = new URL(baseUrl).hostname || host;
  } catch {
    // a base URL that does not parse keeps the default host
  }
  return `<${id}@${host}>`;
}

/** Who a mail goes to, for the admin's list: addresses and subject, never the body. */
export function mailSummary(mail: { to: string[]; cc?: string[]; bcc?: string[]; subject: string }): string {
  const copies = [...(mail.cc ?? []), ...(mail.bcc ?? [])].length;
  return `"${mail.subject}" to ${mail.to.join(', ')}${copies ? ` (+${copies} in copy)` : ''}`;
}
