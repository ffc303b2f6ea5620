/**
 * A ticket or feature request the customer raised in a call, as Cadence opens it in the team's
 * tracker: what the tracker item says about the customer and where it came from.
 */
import type { Meeting } from './meeting.ts';
import type { Account } from '../model.ts';

export interface RequestContext {
  account: Pick<Account, 'name' | 'segment' | 'arr' | 'renewalDate'>;
  meeting: Pick<Meeting, 'title' | 'startsAt' | 'attendees'>;
  /** Who opened it in Cadence. */
  raisedBy: string;
  /** The meeting's page in Cadence. */
  linkBack: string;
}

/** The tracker item's description: the customer (segment, ARR, renewal), the call, the customer attendees, who opened it, the link back. */
export function requestDescription(input: RequestContext): string {
  const customers = input.meeting.attendees.filter((a) => a.side === 'customer').map((a) => a.name);
  const facts = [
    `Customer: ${input.account.name} (${input.account.segment}${input.account.arr !== null ? `, ARR ${input.account.arr}` : ''}${input.account.renewalDate ? `, renews ${input.account.renewalDate}` : ''})`,
    `Raised in: ${input.meeting.title} on ${input.meeting.startsAt.slice(0, 10)}`,
    ...(customers.length > 0 ? [`Customer attendees: ${customers.join(', ')}`] : []),
    `Opened by: ${input.raisedBy}`,
    `Meeting in Cadence: ${input.linkBack}`,
  ];
  return facts.join('\n');
}
