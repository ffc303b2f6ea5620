/**
 * The one line wrap-up writes to the account's timeline (internal: the team reads it, the
 * customer never does), so anyone can see at a glance what a call produced.
 */

export interface WrapUpSummaryInput {
  meetingTitle: string;
  /** What this call captured. */
  actionItems: number;
  risks: number;
  requests: number;
  /** From the engagement assessment: false when the call produced no action item. */
  effective: boolean | null;
  /** The CSM's own words, if any, appended as they are. */
  summary: string | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "<title> held: 2 action items, 1 risk, 2 requests to open. <the CSM's summary>". */
export function summariseWrapUp(input: WrapUpSummaryInput): string {
  const counts = [plural(input.actionItems, 'action item'), ...(input.risks ? [plural(input.risks, 'risk')] : []), ...(input.requests ? [`${plural(input.requests, 'request')} to open`] : [])].join(', ');
  const flag = input.effective === false ? ' (not effective: no action items)' : '';
  return `${input.meetingTitle} held: ${counts}${flag}${input.summary ? `. ${input.summary}` : ''}`;
}

/**
 * Why a call cannot be wrapped up yet, in words, or null when it may be: a call is wrapped up once
 * it has started ("it starts Friday 4 December 2026, 15:00 GMT (16:00 CET)"). `when` is the start
 * as the reader reads it (formatCallTimeFor).
 */
export function wrapUpTooEarly(startsAt: string, now: Date, when: string): string | null {
  return Date.parse(startsAt) > now.getTime() ? `the call has not started yet: it starts ${when}; wrap it up once it has been held` : null;
}
