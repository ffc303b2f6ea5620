import { describe, expect, it } from 'vitest';
import { buildAgenda } from './agenda.ts';
import type { Agenda, AgendaItem, AgendaSection } from '../meeting/meeting.ts';
import { AGENDA_SECTIONS } from '../meeting/meeting.ts';
import { PREP_NOTES, PROMPTS } from './agenda-sections.ts';
import { NOW, actionItem, agendaInput, agendaItem, finding, objective, request, risk, ticket, topic } from '../meeting/meeting.fixtures.ts';

const inSection = (agenda: Agenda, section: AgendaSection) => agenda.items.filter((i) => i.section === section);
const texts = (items: AgendaItem[]) => items.map((i) => i.text);
const bySource = (agenda: Agenda, type: string, id?: string) => agenda.items.filter((i) => i.source?.type === type && (id === undefined || i.source.id === id));

describe('buildAgenda', () => {
  it('follows the handbook order: attendees, housekeeping, follow-ups, outcomes, pain points, help, findings, recap', () => {
    const agenda = buildAgenda(
      agendaInput({
        materials: [{ title: 'Q3 usage report', url: 'https://files.test/q3.pdf' }],
        actionItems: [actionItem()],
        objectives: [objective(), objective({ id: 'o-2', kind: 'initiative', title: 'Move to Kubernetes' })],
        tickets: [ticket()],
        topicLibrary: [topic()],
      }),
      NOW,
    );
    const ranks = agenda.items.map((i) => AGENDA_SECTIONS.indexOf(i.section));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const present = [...new Set(agenda.items.map((i) => i.section))];
    expect(present).toEqual(['internal_prep', 'attendees', 'materials', 'housekeeping', 'follow_ups', 'business_outcomes', 'pain_points', 'initiatives', 'assistance', 'product_findings', 'suggested_topics', 'customer_topics', 'recap']);
  });

  it('lists both sides of the call and the advance materials with their links', () => {
    const agenda = buildAgenda(agendaInput({ materials: [{ title: 'Q3 usage report', url: 'https://files.test/q3.pdf' }] }), NOW);
    expect(texts(inSection(agenda, 'attendees'))).toEqual(['Our team: Alice Archer (CSM)', 'Globex: Hank Scorpio (VP Engineering)']);
    expect(texts(inSection(agenda, 'materials'))).toEqual(['Q3 usage report: https://files.test/q3.pdf']);
  });

  it('follows up on every open action item from earlier calls, both sides, with owner and age in days', () => {
    const items = [
      actionItem({ id: 'ai-c', side: 'customer', text: 'Send the SSO metadata', createdAt: '2026-11-09T15:30:00.000Z' }),
      actionItem({ id: 'ai-v', side: 'vendor', text: 'Share the runner sizing guide', owner: { kind: 'user', id: 'u-alice', name: 'Alice Archer' }, createdAt: '2026-10-26T15:30:00.000Z', dueDate: '2026-11-02' }),
      actionItem({ id: 'ai-done', status: 'done', text: 'Already done' }),
      actionItem({ id: 'ai-now', meetingId: 'm-2', text: 'Born in this very meeting' }),
      actionItem({ id: 'ai-other', accountId: 'acc-initech', text: 'Another account' }),
    ];
    const followUps = inSection(buildAgenda(agendaInput({ actionItems: items }), NOW), 'follow_ups');
    expect(followUps.map((i) => i.source)).toEqual([
      { type: 'action_item', id: 'ai-v' },
      { type: 'action_item', id: 'ai-c' },
    ]);
    expect(followUps[0]?.text).toBe('Share the runner sizing guide (owner Alice Archer (us), open 27 days, overdue since 2026-11-02)');
    expect(followUps[1]?.text).toBe('Send the SSO metadata (owner Hank Scorpio (you), open 13 days, due 2026-11-30)');
  });

  it('leaves none of 200 open action items off the agenda', () => {
    const many = Array.from({ length: 200 }, (_, i) => actionItem({ id: `ai-${i}`, side: i % 2 ? 'vendor' : 'customer', createdAt: `2026-10-${String((i % 28) + 1).padStart(2, '0')}T09:00:00.000Z` }));
    const ids = bySource(buildAgenda(agendaInput({ actionItems: many }), NOW), 'action_item').map((i) => i.source?.id);
    expect(new Set(ids)).toEqual(new Set(many.map((a) => a.id)));
    expect(ids).toHaveLength(200);
  });

  it('reviews success-plan objectives with their progress, and long-term initiatives apart', () => {
    const agenda = buildAgenda(
      agendaInput({
        objectives: [objective(), objective({ id: 'o-2', kind: 'initiative', title: 'Move to Kubernetes', status: 'at_risk', progress: 10.4, targetDate: null }), objective({ id: 'o-3', title: 'Done already', status: 'achieved' })],
      }),
      NOW,
    );
    expect(texts(inSection(agenda, 'business_outcomes'))).toEqual(['Halve release lead time: on track, 40% done, target 2027-03-31']);
    expect(texts(inSection(agenda, 'initiatives'))).toEqual(['Move to Kubernetes: at risk, 10% done']);
  });

  it('asks about business outcomes when the success plan is empty', () => {
    expect(texts(inSection(buildAgenda(agendaInput(), NOW), 'business_outcomes'))).toEqual([PROMPTS.noObjectives]);
  });

  it('brings open tickets, most urgent first, with priority, status and age, and feature requests with status', () => {
    const agenda = buildAgenda(
      agendaInput({
        tickets: [ticket({ id: 't-low', priority: 'low', title: 'Typo in docs', status: 'open', externalId: '1' }), ticket(), ticket({ id: 't-solved', status: 'solved', title: 'Solved one' })],
        requests: [
          request(),
          request({ id: 'fr-declined', status: 'declined', title: 'Declined one' }),
          request({ id: 'fr-shipped', status: 'shipped', title: 'Code owners approval rules', shippedIn: '17.6', shippedAt: '2026-11-18T00:00:00.000Z' }),
          request({ id: 'fr-old', status: 'shipped', title: 'Shipped long ago', shippedIn: '16.0', shippedAt: '2026-05-01T00:00:00.000Z' }),
        ],
      }),
      NOW,
    );
    expect(texts(inSection(agenda, 'assistance'))).toEqual([
      'Ticket #48213: Runners time out on large repos (high priority, pending, open 9 days)',
      'Ticket #1: Typo in docs (low priority, open, open 9 days)',
      'Feature request: Merge trains for monorepos (planned)',
      'Shipped in 17.6: Code owners approval rules, which you asked for',
    ]);
  });

  it('raises findings since the last call, worst first, and ignores older ones', () => {
    const agenda = buildAgenda(
      agendaInput({
        findings: [finding({ id: 'f-old', title: 'Old finding', foundAt: '2026-11-01T00:00:00.000Z' }), finding({ id: 'f-err', kind: 'error', severity: 'medium', title: '500s on the API' }), finding()],
      }),
      NOW,
    );
    expect(texts(inSection(agenda, 'product_findings'))).toEqual(['Vulnerability (critical): log4j in build image, found 2026-11-15', 'Error (medium): 500s on the API, found 2026-11-15']);
  });

  it('compares times as times, whatever precision the store wrote them with', () => {
    // The last call was at 15:00:00.000Z; a finding stamped 15:00:00Z is the same moment, not newer.
    const agenda = buildAgenda(agendaInput({ findings: [finding({ foundAt: '2026-11-09T15:00:00Z' }), finding({ id: 'f-2', title: 'Later', foundAt: '2026-11-09T15:00:01Z' })] }), NOW);
    expect(texts(inSection(agenda, 'product_findings'))).toEqual(['Vulnerability (critical): Later, found 2026-11-09']);
  });

  it('warns the CSM when there are no new product findings since the last call, and asks the customer in their words', () => {
    const agenda = buildAgenda(agendaInput({ findings: [finding({ foundAt: '2026-10-01T00:00:00.000Z' })] }), NOW);
    expect(inSection(agenda, 'product_findings')).toMatchObject([{ text: PROMPTS.noFindings, prepNote: PREP_NOTES.noFindings, source: { type: 'finding', id: 'none' } }]);
    expect(PREP_NOTES.noFindings).toContain('either they are not using it or it is not working');
    expect(PROMPTS.noFindings).not.toContain('not working');
  });

  it('sums up findings past the first ten so a noisy scanner cannot swamp the agenda', () => {
    const many = Array.from({ length: 14 }, (_, i) => finding({ id: `f-${i}`, severity: 'low', title: `Finding ${i}` }));
    const lines = inSection(buildAgenda(agendaInput({ findings: many }), NOW), 'product_findings');
    expect(lines).toHaveLength(11);
    expect(lines[10]?.text).toBe('4 more findings since the last call: see the findings list');
  });

  it('keeps an objective the team hides from the customer internal on the agenda', () => {
    const agenda = buildAgenda(agendaInput({ objectives: [objective(), objective({ id: 'o-hidden', title: 'Expand into the EU business unit', customerVisible: false })] }), NOW);
    expect(bySource(agenda, 'objective', 'o-hidden')).toMatchObject([{ visibility: 'internal' }]);
    expect(bySource(agenda, 'objective', 'o-1')).toMatchObject([{ visibility: 'shared' }]);
  });

  it('mentions a renewal within two quarters but not one further out', () => {
    const soon = buildAgenda(agendaInput({ account: { ...agendaInput().account, renewalDate: '2027-03-01' } }), NOW);
    expect(texts(inSection(soon, 'commercial'))).toEqual(['Renewal on 1 March 2027 (in 98 days): plans and timeline']);
    const far = buildAgenda(agendaInput({ account: { ...agendaInput().account, renewalDate: '2027-07-01' } }), NOW);
    expect(bySource(far, 'renewal')).toEqual([]);
  });

  it('discusses low licence use only in the second half of the contract', () => {
    const base = agendaInput().account;
    const secondHalf = { ...base, licencesUsed: 120, contractStartDate: '2026-01-01', renewalDate: '2027-01-01' };
    const [item] = bySource(buildAgenda(agendaInput({ account: secondHalf }), NOW), 'licence');
    expect(item?.prepNote).toBe('Licence use: 120 of 500 seats (24%) in the second half of the contract: trends and expected roll-out');
    expect(item?.text).toBe('Roll-out: which teams are next, and what would help them get started?');
    const firstHalf = { ...base, licencesUsed: 120, contractStartDate: '2026-10-01', renewalDate: '2027-10-01' };
    expect(bySource(buildAgenda(agendaInput({ account: firstHalf }), NOW), 'licence')).toEqual([]);
  });

  it('warns the customer when licence use nears the purchased amount and tells the CSM to loop in the AE', () => {
    const account = { ...agendaInput().account, licencesUsed: 480 };
    const agenda = buildAgenda(agendaInput({ account }), NOW);
    expect(inSection(agenda, 'commercial')).toMatchObject([
      { text: 'Your growth plans: how many more people will use the product in the coming months?', prepNote: 'Licence use: 480 of 500 seats (96%), close to the purchased amount: growth plans', visibility: 'shared' },
    ]);
    expect(bySource(agenda, 'licence', 'loop-in-ae')).toMatchObject([{ section: 'internal_prep', visibility: 'internal' }]);
  });

  it('keeps risks, health and ARR in the internal prep, never in a shared item', () => {
    const agenda = buildAgenda(agendaInput({ risks: [risk(), risk({ id: 'r-closed', status: 'closed', evidence: 'Old news' })] }), NOW);
    const internal = inSection(agenda, 'internal_prep');
    expect(texts(internal)).toEqual(['Health: yellow (62)', 'ARR $184,000, renews 30 September 2027', 'Risk (high): champion leaving, $184,000 ARR at risk: Hank is interviewing at Initech']);
    expect(internal.every((i) => i.visibility === 'internal')).toBe(true);
    const shared = JSON.stringify(agenda.items.filter((i) => i.visibility === 'shared'));
    for (const secret of ['184,000', '184000', 'Initech', 'yellow', 'Old news']) expect(shared).not.toContain(secret);
  });

  it('reviews version, upgrades, HA/Geo, backups, sign-ups and patches with a self-managed account', () => {
    const account = { ...agendaInput().account, deployment: 'self_managed' as const, productVersion: '17.3.2', securityAlertsOptIn: false };
    const platform = inSection(buildAgenda(agendaInput({ account }), NOW), 'platform');
    expect(platform.map((i) => i.source?.id)).toEqual(['version', 'deployment-changes', 'backup-restore', 'signups', 'security-patches', 'security-alerts']);
    expect(platform[0]?.text).toContain('17.3.2');
  });

  it('asks a SaaS account only about security alerts, and only until they opt in', () => {
    const optedOut = { ...agendaInput().account, securityAlertsOptIn: false };
    expect(inSection(buildAgenda(agendaInput({ account: optedOut }), NOW), 'platform').map((i) => i.source?.id)).toEqual(['security-alerts']);
    expect(inSection(buildAgenda(agendaInput(), NOW), 'platform')).toEqual([]);
  });

  it('welcomes contacts who joined since the last call', () => {
    const contacts = [
      { id: 'c-new', name: 'Mindy Simmons', title: 'Platform lead', status: 'active' as const, createdAt: '2026-11-20T00:00:00.000Z' },
      { id: 'c-old', name: 'Hank Scorpio', title: null, status: 'active' as const, createdAt: '2026-01-01T00:00:00.000Z' },
    ];
    const agenda = buildAgenda(agendaInput({ contacts }), NOW);
    expect(texts(bySource(agenda, 'contact'))).toEqual(['Welcome Mindy Simmons, Platform lead']);
  });

  it('closes with the recap, the action items and the next call in the account time zone', () => {
    const input = agendaInput({ account: { ...agendaInput().account, timezone: 'Europe/Berlin' } });
    expect(texts(inSection(buildAgenda(input, NOW), 'recap'))).toEqual([PROMPTS.recap, PROMPTS.actionItems, 'Next call: Tuesday 8 December 2026, 16:00 CET']);
    expect(texts(inSection(buildAgenda(agendaInput({ nextCallAt: null }), NOW), 'recap'))).toContain(PROMPTS.noNextCall);
  });

  it('gives every item a fresh id from the caller and a source, and builds the same agenda twice', () => {
    const input = agendaInput({ actionItems: [actionItem()], tickets: [ticket()] });
    const agenda = buildAgenda(input, NOW);
    const ids = agenda.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^item-\d+$/.test(id))).toBe(true);
    expect(agenda.items.every((i) => i.source !== null && i.addedBy === 'cadence' && !i.discussed)).toBe(true);
    expect(buildAgenda(agendaInput({ actionItems: [actionItem()], tickets: [ticket()] }), NOW)).toEqual(agenda);
  });
});

describe('the first call with an account', () => {
  it('follows the kickoff checklist, with security notices for a self-managed customer', () => {
    const account = { ...agendaInput().account, deployment: 'self_managed' as const };
    const agenda = buildAgenda(agendaInput({ lastCallAt: null, account }), NOW);
    expect(inSection(agenda, 'kickoff').map((i) => i.source?.id)).toEqual(['introductions', 'purchase-reasons', 'training', 'support', 'security-notices', 'communication-preferences', 'recurring-calls']);
  });

  it('points a SaaS customer to the status page and security alerts instead', () => {
    const agenda = buildAgenda(agendaInput({ lastCallAt: null }), NOW);
    expect(inSection(agenda, 'kickoff').map((i) => i.source?.id)).toContain('status-page');
    expect(inSection(agenda, 'kickoff').map((i) => i.source?.id)).not.toContain('security-notices');
  });

  it('does not warn about missing findings, suggest library topics or quiz the platform yet', () => {
    const account = { ...agendaInput().account, deployment: 'self_managed' as const, securityAlertsOptIn: false };
    const agenda = buildAgenda(agendaInput({ lastCallAt: null, account, findings: [], topicLibrary: [topic()] }), NOW);
    expect(inSection(agenda, 'product_findings')).toEqual([]);
    expect(inSection(agenda, 'suggested_topics')).toEqual([]);
    expect(inSection(agenda, 'platform')).toEqual([]);
  });

  it('uses the checklist for a meeting typed kickoff even when an earlier call exists', () => {
    const input = agendaInput();
    const agenda = buildAgenda({ ...input, meeting: { ...input.meeting, type: 'kickoff' } }, NOW);
    expect(inSection(agenda, 'kickoff').length).toBeGreaterThan(0);
  });
});

describe('carry-over from the previous agenda', () => {
  it('brings back what was not discussed and leaves what was', () => {
    const previous: Agenda = {
      meetingId: 'm-1',
      items: [
        agendaItem({ id: 'p-1', text: 'Budget for next year' }),
        agendaItem({ id: 'p-2', text: 'Discussed already', discussed: true }),
        agendaItem({ id: 'p-3', section: 'kickoff', text: 'Training needs', source: { type: 'checklist', id: 'training' }, addedBy: 'cadence' }),
      ],
    };
    const agenda = buildAgenda(agendaInput({ previousAgendas: [previous] }), NOW);
    const carried = agenda.items.filter((i) => i.carriedOverFrom !== null);
    expect(carried.map((i) => [i.text, i.carriedOverFrom, i.section])).toEqual([
      ['Training needs', 'p-3', 'kickoff'],
      ['Budget for next year', 'p-1', 'customer_topics'],
    ]);
    expect(carried.every((i) => !['p-1', 'p-3'].includes(i.id) && i.notes === '')).toBe(true);
  });

  it('does not repeat a follow-up that is rebuilt from the live action item, nor one since closed', () => {
    const previous: Agenda = {
      meetingId: 'm-1',
      items: [
        agendaItem({ id: 'p-1', section: 'follow_ups', text: 'Old wording', source: { type: 'action_item', id: 'ai-1' }, addedBy: 'cadence' }),
        agendaItem({ id: 'p-2', section: 'follow_ups', text: 'Closed since', source: { type: 'action_item', id: 'ai-closed' }, addedBy: 'cadence' }),
      ],
    };
    const agenda = buildAgenda(agendaInput({ previousAgendas: [previous], actionItems: [actionItem(), actionItem({ id: 'ai-closed', status: 'done' })] }), NOW);
    expect(bySource(agenda, 'action_item')).toHaveLength(1);
    expect(agenda.items.some((i) => i.text === 'Old wording' || i.text === 'Closed since')).toBe(false);
  });

  it('keeps the original item as the origin when an item is carried over twice', () => {
    const previous: Agenda = { meetingId: 'm-1', items: [agendaItem({ id: 'p-9', carriedOverFrom: 'p-0' })] };
    const agenda = buildAgenda(agendaInput({ previousAgendas: [previous] }), NOW);
    expect(agenda.items.find((i) => i.text === 'Budget for next year')?.carriedOverFrom).toBe('p-0');
  });
});

describe('suggested topics', () => {
  const library = [1, 2, 3, 4, 5].map((n) => topic({ id: `tp-${n}`, text: `Topic ${n}`, position: n }));

  function nextCalls(count: number, perCall: number) {
    const history: Agenda[] = [];
    const picks: string[][] = [];
    for (let call = 0; call < count; call += 1) {
      const agenda = buildAgenda(agendaInput({ topicLibrary: library, previousAgendas: history.slice(), topicsPerCall: perCall }), NOW);
      // The CSM covered everything, so nothing carries over and only rotation decides.
      const discussed = { ...agenda, items: agenda.items.map((i) => ({ ...i, discussed: true })) };
      history.unshift(discussed);
      picks.push(bySource(agenda, 'topic').map((i) => i.source?.id ?? ''));
    }
    return picks;
  }

  it('never suggests the same topic on two calls in a row', () => {
    const picks = nextCalls(8, 2);
    for (let i = 1; i < picks.length; i += 1) {
      expect(picks[i]?.some((id) => picks[i - 1]?.includes(id))).toBe(false);
    }
  });

  it('works through the whole library before coming back to a topic', () => {
    const picks = nextCalls(5, 1).flat();
    expect([...picks].sort()).toEqual(['tp-1', 'tp-2', 'tp-3', 'tp-4', 'tp-5']);
    expect(nextCalls(6, 1)[5]).toEqual(['tp-1']);
  });

  it('skips inactive topics and those meant for another deployment', () => {
    const lib = [topic({ id: 'sm', text: 'Reference architectures', deployments: ['self_managed'], position: 1 }), topic({ id: 'off', active: false, position: 2 }), topic({ id: 'any', text: 'Any topic', position: 3 })];
    expect(texts(inSection(buildAgenda(agendaInput({ topicLibrary: lib }), NOW), 'suggested_topics'))).toEqual(['Any topic']);
  });

  it('shows hot-sheet topics while they are live and until the account has discussed them', () => {
    const hotSheet = [
      { id: 'h-live', text: 'Release 17.6 highlights', startsOn: '2026-11-15', expiresOn: '2026-12-15', deployments: [] },
      { id: 'h-expired', text: 'Old release', startsOn: '2026-10-01', expiresOn: '2026-11-01', deployments: [] },
      { id: 'h-future', text: 'Next release', startsOn: '2026-12-15', expiresOn: '2027-01-15', deployments: [] },
    ];
    const agenda = buildAgenda(agendaInput({ hotSheet }), NOW);
    expect(bySource(agenda, 'hot_topic').map((i) => i.source?.id)).toEqual(['h-live']);
    const discussed: Agenda = { meetingId: 'm-1', items: [agendaItem({ section: 'suggested_topics', source: { type: 'hot_topic', id: 'h-live' }, discussed: true })] };
    expect(bySource(buildAgenda(agendaInput({ hotSheet, previousAgendas: [discussed] }), NOW), 'hot_topic')).toEqual([]);
  });

  it('carries an undiscussed hot topic once, and drops it after it expires', () => {
    const hot = { id: 'h-live', text: 'Release 17.6 highlights', startsOn: '2026-11-15', expiresOn: '2026-12-15', deployments: [] };
    const previous: Agenda = { meetingId: 'm-1', items: [agendaItem({ section: 'suggested_topics', text: hot.text, source: { type: 'hot_topic', id: 'h-live' }, addedBy: 'cadence' })] };
    expect(bySource(buildAgenda(agendaInput({ hotSheet: [hot], previousAgendas: [previous] }), NOW), 'hot_topic')).toHaveLength(1);
    const expired = { ...hot, expiresOn: '2026-11-20' };
    expect(bySource(buildAgenda(agendaInput({ hotSheet: [expired], previousAgendas: [previous] }), NOW), 'hot_topic')).toEqual([]);
  });
});
