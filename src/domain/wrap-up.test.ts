import { describe, expect, it } from 'vitest';
import { summariseWrapUp, type WrapUpSummaryInput } from './wrap-up.ts';
import { agendaItem } from './meeting.fixtures.ts';

function input(over: Partial<WrapUpSummaryInput> = {}): WrapUpSummaryInput {
  return {
    meetingTitle: 'Acme / Globex CSM Call',
    agenda: {
      meetingId: 'm-2',
      items: [
        agendaItem({ id: 'a', discussed: true }),
        agendaItem({ id: 'b', discussed: true }),
        agendaItem({ id: 'c' }),
        agendaItem({ id: 'i', section: 'internal_prep', visibility: 'internal' }),
      ],
    },
    actionItems: [{ side: 'customer' }, { side: 'customer' }, { side: 'vendor' }],
    risks: [{ type: 'champion_leaving', severity: 'high' }],
    requests: [{ kind: 'ticket' }, { kind: 'feature_request' }, { kind: 'feature_request' }],
    csmSentiment: 'green',
    productSentiment: 'yellow',
    summary: 'Hank  is moving\nto Initech in Q1.',
    ...over,
  };
}

describe('summariseWrapUp', () => {
  it('tells the team what the call covered, produced and felt like, in one paragraph', () => {
    expect(summariseWrapUp(input())).toBe(
      'Held Acme / Globex CSM Call: 2 of 3 agenda items discussed (1 carry over); 3 action items (2 for the customer, 1 for us); ' +
        '1 risk (champion leaving, high); 3 requests to open (1 ticket, 2 feature requests); CSM sentiment green, product sentiment yellow. ' +
        'Hank is moving to Initech in Q1.',
    );
  });

  it('says a call without action items was not effective', () => {
    const text = summariseWrapUp(input({ actionItems: [], risks: [], requests: [], csmSentiment: null, productSentiment: null, summary: null, agenda: null }));
    expect(text).toBe('Held Acme / Globex CSM Call: no action items: the call was not effective.');
  });
});
