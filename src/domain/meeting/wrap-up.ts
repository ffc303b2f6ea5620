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
