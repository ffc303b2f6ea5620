/** What the calendar screens (Settings → Calendar & mail, My day) say about a connection: pure, so both say the same. */
import type { CalendarConnectionView } from '../../../../src/services/calendar-sync/connections.ts';

export type { CalendarSyncResult } from '../../../../src/services/calendar-sync/sync-calendar.ts';
export type CalendarConnection = CalendarConnectionView;

const PROVIDERS: Record<string, string> = { caldav: 'CalDAV', google: 'Google Calendar', microsoft: 'Microsoft Outlook' };

export function providerName(provider: string): string {
  return PROVIDERS[provider] ?? provider;
}

/** A connection's trouble, in words: it needs connecting again, or it has not synced for more than three of its intervals. */
export function connectionNeedsAttention(c: CalendarConnection, now: Date): { kind: 'reauth' | 'silent'; message: string } | null {
  const who = `${providerName(c.provider)} (${c.username})`;
  if (c.status === 'needs_reauth') return { kind: 'reauth', message: `Your calendar ${who} needs connecting again: nothing is synced until you do.` };
  const since = c.lastSuccessAt ?? c.createdAt;
  const silentMs = now.getTime() - new Date(since).getTime();
  if (silentMs > 3 * c.intervalMinutes * 60_000) {
    const hours = Math.floor(silentMs / 3_600_000);
    const gap = hours >= 48 ? `${Math.floor(hours / 24)} days` : hours >= 1 ? `${hours} ${hours === 1 ? 'hour' : 'hours'}` : `${Math.floor(silentMs / 60_000)} minutes`;
    return { kind: 'silent', message: `Your calendar ${who} has not synced for ${gap}${c.lastError ? `: ${c.lastError}` : ''}.` };
  }
  return null;
}

/** Why a captured mail was skipped, in words: the same for the capture address and the IMAP mailbox. */
export const MAIL_SKIP_REASON_WORDS: Record<string, string> = {
  auto_reply: 'automatic replies (out of office…)',
  bounce: 'bounces and delivery reports',
  no_customer_address: 'no customer address on it',
  no_account: 'no account matched',
  ambiguous_account: 'several accounts matched',
  duplicate: 'already captured',
  too_large: 'too large',
  unreadable: 'could not be read',
};
