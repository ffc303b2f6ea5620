/**
 * The one-paragraph account of a call that wrap-up writes to the account's timeline (internal:
 * the team reads it, the customer never does), so anyone can see at a glance what happened.
 */
import type { Agenda, RequestRaised, Risk, Sentiment } from './meeting.ts';
import type { Side } from './model.ts';

export interface WrapUpSummaryInput {
  meetingTitle: string;
  agenda: Agenda | null;
  /** Action items captured in this call. */
  actionItems: { side: Side }[];
  risks: Pick<Risk, 'type' | 'severity'>[];
  requests: Pick<RequestRaised, 'kind'>[];
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
  /** The CSM's own words, if any, appended as they are. */
  summary: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Held <title>: 9 of 14 agenda items discussed (5 carry over); 3 action items (…); …". */
export function summariseWrapUp(input: WrapUpSummaryInput): string {
  const parts: string[] = [];
  const items = (input.agenda?.items ?? []).filter((i) => i.section !== 'internal_prep');
  if (items.length) {
    const discussed = items.filter((i) => i.discussed).length;
    const left = items.length - discussed;
    parts.push(`${discussed} of ${plural(items.length, 'agenda item')} discussed${left ? ` (${left} carry over)` : ''}`);
  }
  const vendor = input.actionItems.filter((a) => a.side === 'vendor').length;
  const customer = input.actionItems.length - vendor;
  parts.push(
    input.actionItems.length
      ? `${plural(input.actionItems.length, 'action item')} (${customer} for the customer, ${vendor} for us)`
      : 'no action items: the call was not effective',
  );
  if (input.risks.length) {
    parts.push(`${plural(input.risks.length, 'risk')} (${input.risks.map((r) => `${r.type.replace(/_/g, ' ')}, ${r.severity}`).join('; ')})`);
  }
  if (input.requests.length) {
    const tickets = input.requests.filter((r) => r.kind === 'ticket').length;
    const features = input.requests.length - tickets;
    const kinds = [tickets ? plural(tickets, 'ticket') : '', features ? plural(features, 'feature request') : ''].filter(Boolean).join(', ');
    parts.push(`${plural(input.requests.length, 'request')} to open (${kinds})`);
  }
  const sentiment = [
    input.csmSentiment ? `CSM sentiment ${input.csmSentiment}` : '',
    input.productSentiment ? `product sentiment ${input.productSentiment}` : '',
  ].filter(Boolean);
  if (sentiment.length) parts.push(sentiment.join(', '));
  const own = input.summary?.replace(/\s+/g, ' ').trim();
  return `Held ${input.meetingTitle}: ${parts.join('; ')}.${own ? ` ${own}` : ''}`;
}
