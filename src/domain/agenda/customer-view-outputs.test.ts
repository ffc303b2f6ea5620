/**
 * Every customer-facing output takes its data from the one customer view. Records are handed to
 * the projections padded with internal fields (as a record that gains a column later would be):
 * the views must keep only their allow-listed keys, and no output rendered from them may carry a
 * padded value. An output that read a record directly would have to take the record's type, and
 * would show up here as a marker in its text.
 */
import { describe, expect, it } from 'vitest';
import { projectCustomerAccount, sharedPlanOf } from '../account/customer-account-view.ts';
import type { CallOutcomes } from '../meeting/follow-up.ts';
import { draftFollowUpFor } from '../meeting/follow-up.ts';
import { actionItem, agendaItem, attendee, meeting } from '../meeting/meeting.fixtures.ts';
import type { Agenda } from '../meeting/meeting.ts';
import { objective } from '../reviews/reviews.fixtures.ts';
import { buildCbrPack, renderCbrHtml, renderCbrMarkdown } from '../reviews/cbr.ts';
import { draftReleaseAnnouncements } from '../reviews/release-announcements.ts';
import { agendaInviteDescription, agendaMail, cancelMail, movedMail, projectCustomerCall, projectCustomerView } from './customer-view.ts';

/** Internal fields the model has somewhere (and names it may use later), each with its marker. */
const INTERNAL = {
  notes: 'LEAK-notes',
  prepNote: 'LEAK-prep-note',
  internalNotes: 'LEAK-internal-notes',
  summary: 'LEAK-summary',
  timelineSummary: 'LEAK-timeline',
  evidence: 'LEAK-risk-evidence',
  healthExplanation: 'LEAK-health',
  overrideReason: 'LEAK-override-reason',
  playbookReason: 'LEAK-playbook-reason',
  licenceTalkingPoint: 'LEAK-licence-talking-point',
  arr: 'LEAK-arr',
  arrAtRisk: 'LEAK-arr-at-risk',
  csmSentiment: 'LEAK-sentiment',
  phone: 'LEAK-phone',
};
const pad = <T extends object>(record: T): T => ({ ...record, ...INTERNAL });

const held = pad(
  meeting({
    state: 'held',
    recordingUrl: 'https://rec.example/1',
    attendees: [pad(attendee()), pad(attendee({ kind: 'contact', id: 'c-hank', name: 'Hank Scorpio', email: 'hank@globex.test', side: 'customer', role: 'VP Engineering' }))],
  }),
);
const agenda: Agenda = pad({
  items: [pad(agendaItem({ id: 'i-1', text: 'Budget for next year' })), pad(agendaItem({ id: 'i-2', text: 'LEAK-internal-item', visibility: 'internal' }))],
} as unknown as Agenda);
const items = [
  pad(actionItem({ id: 'ai-1', text: 'Share the rollout plan', lastUpdate: 'Draft is with legal', owner: pad({ kind: 'contact' as const, id: 'c-hank', name: 'Hank Scorpio' }) })),
  pad(actionItem({ id: 'ai-2', text: 'Enable SSO', status: 'done', completedAt: '2026-11-24T16:00:00Z' })),
  actionItem({ id: 'ai-3', text: 'LEAK-dropped-item', status: 'dropped' }),
  actionItem({ id: 'ai-4', text: 'LEAK-other-account-item', accountId: 'acc-initech' }),
];
const outcomes: CallOutcomes = pad({
  recap: ['We walked through the rollout plan'],
  decisions: ['SSO first'],
  questions: [pad({ question: 'Does SSO support SCIM?', answer: 'Yes' })],
  links: [pad({ url: 'https://docs.example/sso', description: 'SSO guide' })],
});
const requests = [pad({ id: 'rr-1', meetingId: 'm-2', kind: 'ticket' as const, title: 'Runner timeouts', externalId: '42', url: 'https://support.example/42', dismissedReason: 'LEAK-dismissed-reason' })];
const account = pad({ id: held.accountId, name: 'Globex' });
const objectives = [pad(objective({ id: 'o-1', accountId: held.accountId, title: 'Roll out to every unit' })), objective({ id: 'o-2', title: 'LEAK-hidden-objective', customerVisible: false })];

const keys = (o: object) => Object.keys(o).sort();
const leaksIn = (text: string) => [...text.matchAll(/LEAK-[a-z-]+/g)].map((m) => m[0]);

describe('the customer views keep only their allow-listed fields', () => {
  it('the meeting view (agenda mail, invite, share page, cancel and moved mails)', () => {
    const view = projectCustomerView(held, agenda, items);
    expect(keys(view)).toEqual(['actionItems', 'agenda', 'meeting']);
    expect(keys(view.meeting)).toEqual(['attendees', 'cancelled', 'endsAt', 'startsAt', 'title']);
    expect(view.meeting.attendees.map(keys)).toEqual([
      ['name', 'role', 'side'],
      ['name', 'role', 'side'],
    ]);
    expect(view.agenda.map(keys)).toEqual([['addedByCustomer', 'discussed', 'id', 'section', 'sectionTitle', 'text']]);
    expect(view.actionItems.map(keys)).toEqual([
      ['dueDate', 'id', 'ownerName', 'status', 'text'],
      ['dueDate', 'id', 'ownerName', 'status', 'text'],
    ]);
  });

  it('the call view (follow-up mail)', () => {
    const view = projectCustomerCall(held, 'Globex', { outcomes, actionItems: items, requests });
    expect(keys(view)).toEqual(['accountName', 'actionItems', 'meeting', 'outcomes', 'readers', 'requests']);
    expect(keys(view.meeting)).toEqual(['recordingUrl', 'startsAt', 'title']);
    expect(view.readers).toEqual([{ name: 'Hank Scorpio', email: 'hank@globex.test' }]);
    expect(keys(view.outcomes)).toEqual(['decisions', 'links', 'questions', 'recap']);
    expect(view.outcomes.questions.map(keys)).toEqual([['answer', 'question']]);
    expect(view.outcomes.links?.map(keys)).toEqual([['description', 'url']]);
    expect(view.requests.map(keys)).toEqual([['kind', 'title', 'url']]);
    expect(view.actionItems.map((a) => a.id)).toEqual(['ai-1', 'ai-2']);
    expect(new Set(view.actionItems.map((a) => keys(a).join()))).toEqual(new Set(['completedAt,dueDate,expectedUpdateOn,id,lastUpdate,ownerName,side,status,text']));
  });
});

describe('no output rendered from the customer views carries an internal field', () => {
  const meetingView = projectCustomerView(held, agenda, items);
  const customer = projectCustomerAccount(account, {
    contacts: [pad({ name: 'Hank Scorpio' })],
    objectives,
    actionItems: items,
    shipped: [pad({ title: 'Audit log streaming', release: '17.2', shippedAt: '2026-11-20T00:00:00Z', requestedAt: '2026-10-01T00:00:00Z' })],
  });
  const followUp = draftFollowUpFor({
    vendorName: 'Acme',
    timezone: 'UTC',
    senderName: 'Alice Archer',
    customer: projectCustomerCall(held, customer.name, { outcomes, actionItems: items, requests }),
    nextCallAt: null,
    now: new Date('2026-11-24T17:00:00Z'),
  });
  const cbr = buildCbrPack({ customer, vendorName: 'Acme', period: { from: '2026-10-01', to: '2026-12-31' } });
  const announcements = draftReleaseAnnouncements({ feature: { title: 'Audit log streaming', release: '17.2', shippedAt: null, url: null, externalId: null }, accounts: [{ accountId: account.id, customer }], vendorName: 'Acme' });

  const outputs: Record<string, string> = {
    'agenda mail': JSON.stringify(agendaMail(meetingView, { callTime: 'Tuesday', greetingNames: ['Hank'], senderName: 'Alice', shareUrl: 'https://cadence.test/share/x' })),
    'invite description': agendaInviteDescription(meetingView, { callTime: 'Tuesday', shareUrl: null }),
    'share page': JSON.stringify(meetingView),
    'cancel mail': JSON.stringify(cancelMail([meetingView.meeting], () => 'Tuesday')),
    'moved mail': JSON.stringify(movedMail(meetingView.meeting, { ...meetingView.meeting, startsAt: '2026-11-25T15:00:00.000Z' }, 'occurrence', (at) => at)),
    'follow-up mail': JSON.stringify(followUp),
    'CBR pack': [JSON.stringify(cbr), renderCbrMarkdown(cbr), renderCbrHtml(cbr)].join('\n'),
    'shared success plan': JSON.stringify(sharedPlanOf(customer)),
    'release announcements': JSON.stringify(announcements),
  };

  it.each(Object.keys(outputs))('%s', (name) => {
    expect(leaksIn(outputs[name]!)).toEqual([]);
  });

  it('each output says what it should, so an empty one cannot pass for a safe one', () => {
    expect(outputs['agenda mail']).toContain('Budget for next year');
    expect(outputs['cancel mail']).toContain('is cancelled');
    expect(outputs['moved mail']).toContain('has moved from');
    expect(outputs['follow-up mail']).toContain('Share the rollout plan');
    expect(outputs['follow-up mail']).toContain('Draft is with legal');
    expect(outputs['follow-up mail']).toContain('https://support.example/42');
    expect(outputs['CBR pack']).toContain('Roll out to every unit');
    expect(outputs['shared success plan']).toContain('Roll out to every unit');
    expect(outputs['release announcements']).toContain('Hi Hank');
    expect(outputs['release announcements']).toContain('1 October 2026');
  });
});
