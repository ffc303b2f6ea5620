/**
 * Whether a customer share link opens now: the one rule the customer's page and the meeting's list
 * of links both use, so the list never calls a link that opens "expired", nor the reverse.
 */
export type ShareLinkState = 'works' | 'expired' | 'revoked';

export function shareLinkState(link: { revokedAt: string | null; expiresAt: string }, now: Date): ShareLinkState {
  if (link.revokedAt) return 'revoked';
  return Date.parse(link.expiresAt) > now.getTime() ? 'works' : 'expired';
}
