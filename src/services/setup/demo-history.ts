import { MeetingCreateSchema, WrapUpSchema } from '../../domain/meeting/meeting-input.ts';
import type { Account, Actor, Contact, Stage } from '../../domain/model.ts';
import { AppError } from '../../errors.ts';
import type { Deps } from '../../deps.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import { insertFinding, insertObjective, insertTrackerItem } from '../../store/tracker.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { sendFollowUp } from '../meetings/follow-ups.ts';
import { scheduleMeeting } from '../meetings/schedule-meeting.ts';
import { actorFor } from '../users/users.ts';
import { wrapUpMeeting } from '../meetings/wrap-up-meeting.ts';
import { updateContact } from '../accounts/contacts.ts';
import { firstSharedSlot } from '../../domain/calendar/working-hours.ts';

const DAY = 86_400_000;

type ScheduleInput = { accountId: string; startsAt: string; type?: 'kickoff' | 'cadence' };

/**
 * Books a demo call as a CSM would: a call that would come back to back with another of the CSM's
 * (or fall outside working hours) moves 45 minutes later, up to six times; none fits: undefined.
 */
async function bookDemoCall(deps: Deps, actor: Actor, input: ScheduleInput): Promise<Awaited<ReturnType<typeof scheduleMeeting>> | undefined> {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const startsAt = new Date(Date.parse(input.startsAt) + attempt * 45 * 60_000).toISOString();
    try {
      return await scheduleMeeting(deps, actor, MeetingCreateSchema.parse({ ...input, startsAt }));
    } catch (error) {
      if (!(error instanceof AppError && error.field?.startsWith('acknowledge'))) throw error;
    }
  }
  return undefined;
}

/** The same dependencies with the clock at another moment, to play history forward. */
function at(deps: Deps, when: Date): Deps {
  return { ...deps, now: () => when };
}

/**
 * A weekday `days` from `from` (negative: in the past), at the first time inside working hours
 * for both the customer and the CSM (`zones`); 15:00 UTC only when they share none.
 */
function callTime(from: Date, days: number, zones: string[] = []): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days, 15));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + (days < 0 ? -1 : 1));
  const shared = firstSharedSlot(d, zones);
  return shared ? new Date(shared) : d;
}

type Sentiment = 'green' | 'yellow' | 'red';
type RiskType = 'champion_leaving' | 'tool_consolidation' | 'competitor_hire' | 'budget' | 'low_adoption' | 'support_escalation' | 'other';

/** One account's arc: what the last call said and what it left behind. */
interface Story {
  notes: string;
  summary: string;
  recap: string[];
  decisions: string[];
  vendorItem: string;
  customerItem: string;
  risk?: { type: RiskType; severity: 'low' | 'medium' | 'high' | 'critical'; share: number; evidence: string };
  request?: { kind: 'ticket' | 'feature_request'; title: string };
  csm: Sentiment;
  product: Sentiment;
  ticket?: { title: string; priority: 'low' | 'normal' | 'high' | 'urgent' };
  featureRequest: string;
  finding?: { kind: 'vulnerability' | 'usage' | 'error'; title: string; severity: string };
  objective: { title: string; status: 'on_track' | 'at_risk' | 'done'; progress: number };
  /** The follow-up call held yesterday: its notes and the action item it left. */
  recent: { notes: string; item: string };
}

/** Eight arcs the handbooks talk about, dealt out over the demo book so no two neighbours read alike. */
const STORIES: Story[] = [
  {
    notes: 'Rollout to the second business unit is on track. Champion asked about SSO enforcement and audit log retention.',
    summary: 'Onboarding going well; second business unit next.',
    recap: ['We walked through the rollout plan for the first business unit', 'SSO set-up is the first step'],
    decisions: ['SSO is enforced before the second business unit joins'],
    vendorItem: 'Share the SSO enforcement guide',
    customerItem: 'Confirm the rollout dates for the next business unit',
    csm: 'green',
    product: 'green',
    featureRequest: 'Audit log streaming to S3',
    finding: { kind: 'usage', title: 'Weekly active users up 18% since the last call', severity: 'info' },
    objective: { title: 'All 4 business units live by the end of Q1', status: 'on_track', progress: 45 },
    recent: { notes: 'Second unit migrated 120 projects; they want a training for new admins.', item: 'Book an admin training for the second business unit' },
  },
  {
    notes: 'Our champion (Director of Platform) resigned; leaves at the end of the month. The VP has not been to a call this year.',
    summary: 'Champion leaving; no executive sponsor yet.',
    recap: ['Thanked the team for two good years', 'Agreed to meet the incoming platform lead'],
    decisions: ['A joint handover call before the champion leaves'],
    vendorItem: 'Ask the AE for an intro to the VP Engineering',
    customerItem: 'Name the next platform owner',
    risk: { type: 'champion_leaving', severity: 'high', share: 1, evidence: 'Champion resigned; leaves at the end of the month' },
    csm: 'red',
    product: 'yellow',
    featureRequest: 'Delegated group administration',
    objective: { title: 'Executive sponsor named and met', status: 'at_risk', progress: 10 },
    recent: { notes: 'Met the interim owner; she is new to the tool and wants a roadmap session.', item: 'Send the roadmap deck to the interim platform owner' },
  },
  {
    notes: 'Licence use is at 97%. Security team wants scanning on every merge request; a second team of 200 is evaluating us.',
    summary: 'Expansion: second team evaluating, licences nearly full.',
    recap: ['Licence use is close to the limit', 'The data team would like a trial'],
    decisions: ['A 30-day trial for the data team'],
    vendorItem: 'Send the expansion quote for 200 seats',
    customerItem: 'Share the data team’s evaluation criteria',
    request: { kind: 'feature_request', title: 'Security dashboards per group' },
    csm: 'green',
    product: 'green',
    featureRequest: 'Security dashboards per group',
    finding: { kind: 'usage', title: 'Licence use at 97% of seats bought', severity: 'info' },
    objective: { title: 'Expand to the data platform team', status: 'on_track', progress: 60 },
    recent: { notes: 'Trial kicked off with 40 users from the data team; pricing question on the ultimate tier.', item: 'Answer the tier pricing question for the data team' },
  },
  {
    notes: 'New director joined from a competitor and is reviewing the toolchain; consolidation onto one vendor was mentioned twice.',
    summary: 'Tool consolidation threat from the new director.',
    recap: ['Reviewed what the platform replaced last year', 'The director asked for a cost comparison'],
    decisions: ['We prepare a value review for the director'],
    vendorItem: 'Prepare the value review with last year’s numbers',
    customerItem: 'Share the toolchain review timeline',
    risk: { type: 'tool_consolidation', severity: 'high', share: 0.8, evidence: 'New director from a competitor is consolidating the toolchain' },
    csm: 'yellow',
    product: 'green',
    featureRequest: 'Import from the competitor’s CI configuration',
    objective: { title: 'Value review signed off by the new director', status: 'at_risk', progress: 25 },
    recent: { notes: 'The director wants numbers on pipeline minutes saved; procurement joins next time.', item: 'Pull pipeline minutes saved per team for the value review' },
  },
  {
    notes: 'Renewal in under two months; budget was cut 20% and finance asked for a lower tier. Runner timeouts still open.',
    summary: 'Renewal at risk: budget cut, open escalation.',
    recap: ['Walked through usage by team', 'Discussed tier options ahead of the renewal'],
    decisions: ['A renewal proposal with two tier options'],
    vendorItem: 'Send the renewal proposal with two tier options',
    customerItem: 'Confirm the budget owner for the renewal',
    risk: { type: 'budget', severity: 'critical', share: 1, evidence: 'Budget cut 20%; finance asked for a lower tier' },
    request: { kind: 'ticket', title: 'Runner timeouts on large monorepos' },
    csm: 'red',
    product: 'red',
    ticket: { title: 'Runner timeouts on large monorepos', priority: 'urgent' },
    featureRequest: 'Autoscaling runners on Kubernetes',
    finding: { kind: 'error', title: 'Pipeline failures up 40% this month', severity: 'high' },
    objective: { title: 'Cut pipeline failures below 5%', status: 'at_risk', progress: 15 },
    recent: { notes: 'Finance wants the proposal by Friday; the escalation is their first question.', item: 'Get an engineering update on the runner timeouts' },
  },
  {
    notes: 'Steady and happy. They asked to be a reference for the financial services webinar. Upgrade to the latest version planned.',
    summary: 'Steady; reference candidate.',
    recap: ['The upgrade plan for next month', 'A reference call for the webinar'],
    decisions: ['They join the webinar as a reference'],
    vendorItem: 'Send the webinar brief to the champion',
    customerItem: 'Pick an upgrade window',
    csm: 'green',
    product: 'green',
    featureRequest: 'Compliance report export as PDF',
    finding: { kind: 'vulnerability', title: 'Critical vulnerability in a base image used by 14 projects', severity: 'critical' },
    objective: { title: 'Upgrade to the current major version', status: 'on_track', progress: 70 },
    recent: { notes: 'Upgrade window agreed for the 12th; Geo replication needs a review first.', item: 'Book a Geo architecture review before the upgrade' },
  },
  {
    notes: 'Only 35% of seats used after eight months; teams still on the old tool. The admin is overloaded.',
    summary: 'Low adoption; migration stalled.',
    recap: ['Adoption by team', 'A migration plan for the three biggest teams'],
    decisions: ['Office hours every week until the migration is done'],
    vendorItem: 'Set up weekly migration office hours',
    customerItem: 'List the teams still on the old tool',
    risk: { type: 'low_adoption', severity: 'medium', share: 0.5, evidence: 'Only 35% of seats used after eight months' },
    csm: 'yellow',
    product: 'yellow',
    featureRequest: 'Bulk project import with history',
    objective: { title: 'Licence use above 70%', status: 'at_risk', progress: 35 },
    recent: { notes: 'Two teams migrated in office hours; the third is blocked on LDAP groups.', item: 'Send the LDAP group sync guide' },
  },
  {
    notes: 'Support escalation on merge request performance; their CTO emailed our VP. Ticket is with engineering.',
    summary: 'Escalation on performance; CTO involved.',
    recap: ['The escalation and what engineering found', 'A workaround for the biggest projects'],
    decisions: ['Daily updates until the fix ships'],
    vendorItem: 'Send the daily escalation update',
    customerItem: 'Try the workaround on the two biggest projects',
    risk: { type: 'support_escalation', severity: 'high', share: 0.6, evidence: 'CTO escalated merge request performance to our VP' },
    request: { kind: 'ticket', title: 'Merge request page takes 20 s on large diffs' },
    csm: 'yellow',
    product: 'red',
    ticket: { title: 'Merge request page takes 20 s on large diffs', priority: 'high' },
    featureRequest: 'Merge request dependencies across projects',
    objective: { title: 'Merge request load under 3 s for every project', status: 'at_risk', progress: 30 },
    recent: { notes: 'The workaround helps on one project; the fix lands in the next patch release.', item: 'Confirm the patch release date with engineering' },
  },
];

/** The first accounts of the book get a history; the rest are newer to it. */
export const HISTORY_ACCOUNTS = 16;

const TICKETS = ['SAML login loops for users in two groups', 'Runner timeouts on large repositories', 'Backup job fails on the Geo secondary', 'Email notifications delayed by an hour'];

/** The stage each arc puts its account in, and a renewal close at hand where the arc is about it. */
const STORY_ACCOUNTS: { stage: Stage; renewalInDays?: number }[] = [
  { stage: 'onboarding' },
  { stage: 'at_risk', renewalInDays: 75 },
  { stage: 'adoption' },
  { stage: 'steady' },
  { stage: 'renewal', renewalInDays: 24 },
  { stage: 'steady' },
  { stage: 'adoption' },
  { stage: 'at_risk', renewalInDays: 52 },
];

/** What the arc of the history account `i` says about the account itself. */
export function storyAccountOf(i: number): { stage: Stage; renewalInDays?: number } {
  return STORY_ACCOUNTS[STORIES.indexOf(storyOf(i))]!;
}

/** Which arc an account of the history gets: neighbours and accounts of one owner differ. */
export function storyOf(i: number): Story {
  return STORIES[(i + Math.floor(i / 8) * 3) % STORIES.length]!;
}

/** Accounts whose call yesterday is held and its follow-up still owed (My day shows the SLA running). */
const FOLLOW_UP_OWED = new Set([1, 3, 4, 8, 10]);
/** Accounts whose call yesterday ended and was never wrapped up (My day says so). */
const WRAP_UP_OWED = new Set([7, 12]);
/** Accounts with no call booked ahead. */
const NOTHING_AHEAD = new Set([11, 15]);

/**
 * A few weeks of realistic history for the demo book, each account with its own arc (onboarding
 * going well, a champion who left, an expansion, a tool-consolidation threat, a renewal at risk, a
 * reference, low adoption, an escalation): held calls with notes, action items, risks and requests,
 * follow-ups sent (and some still owed), a call not wrapped up, upcoming calls (some today), tickets,
 * feature requests, product findings and success-plan objectives, so every screen has something to
 * show. Everything goes through the services; mail is not sent (the demo runs without SMTP).
 */
export async function loadDemoHistory(deps: Deps, accounts: Account[]): Promise<void> {
  const now = deps.now();
  const quietMailer = { send: async () => ({ messageId: 'demo' }) };
  for (const [i, account] of accounts.slice(0, HISTORY_ACCOUNTS).entries()) {
    const owner = account.ownerId ? await findUser(deps.store.db, account.ownerId) : undefined;
    if (!owner) continue;
    const story = storyOf(i);
    const actor = await actorFor(deps, owner);
    const contacts: Contact[] = await listContacts(deps.store.db, { accountIds: [account.id], scopeUserIds: null }, { limit: 20 });
    const champion = contacts.find((c) => c.role === 'champion') ?? contacts[0];
    const zones = [account.timezone, owner.timezone];
    const past = callTime(now, -(14 + (i % 4) * 7), zones);
    const held = at(deps, new Date(past.getTime() + 5 * 3_600_000));
    // Parsed as the API would, so the demo gets the same defaults (30 minutes, no captures).
    const first = await bookDemoCall(held, actor, { accountId: account.id, startsAt: past.toISOString(), type: i % 3 === 0 ? 'kickoff' : 'cadence' });
    if (!first) continue;
    const wrapUp = WrapUpSchema.parse({
      notes: { version: 0, notes: story.notes },
      actionItems: [
        { text: story.vendorItem, side: 'vendor', owner: { userId: owner.id }, dueDate: new Date(past.getTime() + (3 + (i % 5)) * DAY).toISOString().slice(0, 10) },
        ...(champion ? [{ text: story.customerItem, side: 'customer' as const, owner: { contactId: champion.id } }] : []),
      ],
      risks: story.risk ? [{ type: story.risk.type, severity: story.risk.severity, arrAtRisk: Math.round((account.arr ?? 0) * story.risk.share), evidence: story.risk.evidence }] : [],
      requests: story.request ? [story.request] : [],
      csmSentiment: story.csm,
      productSentiment: story.product,
      summary: story.summary,
      recap: story.recap,
      decisions: story.decisions,
    });
    await wrapUpMeeting(held, actor, first.id, wrapUp);
    await sendFollowUp({ ...at(deps, new Date(held.now().getTime() + 3 * 3_600_000)), mailer: quietMailer }, actor, first.id, { confirm: true, sendWithUnaddressed: true }).catch(() => undefined);

    if (FOLLOW_UP_OWED.has(i) || WRAP_UP_OWED.has(i)) {
      // Yesterday's call: held with its follow-up still owed, or ended and never wrapped up.
      const recent = callTime(now, -1, zones);
      const call = await bookDemoCall(at(deps, new Date(recent.getTime() - 3 * DAY)), actor, { accountId: account.id, startsAt: recent.toISOString() });
      if (call && FOLLOW_UP_OWED.has(i)) {
        const wrapUp = WrapUpSchema.parse({
          notes: { version: 0, notes: story.recent.notes },
          actionItems: [{ text: story.recent.item, side: 'vendor', owner: { userId: owner.id } }],
          csmSentiment: story.csm,
          summary: story.recent.notes.split(';')[0],
          recap: [story.recent.notes],
        });
        await wrapUpMeeting(at(deps, new Date(Date.parse(call.endsAt ?? call.startsAt) + 10 * 60_000)), actor, call.id, wrapUp);
      }
    }
    if (!NOTHING_AHEAD.has(i)) {
      // Upcoming calls: some today, most in the next business days with the agenda still to send.
      const today = i % 5 === 0 || i === 3 || i === 13;
      await bookDemoCall(deps, actor, { accountId: account.id, startsAt: callTime(now, today ? 0 : 1 + (i % 6), zones).toISOString() });
    }
    if (story.risk?.type === 'champion_leaving' && champion && champion.role === 'champion') {
      // The champion has gone: the contact is marked left (which raises its risk and rescoring).
      await updateContact(deps, actor, champion.id, { status: 'left' }).catch(() => undefined);
    }

    const opened = new Date(now.getTime() - (5 + i) * DAY).toISOString();
    const stamp = now.toISOString();
    const ticket = story.ticket ?? (i % 2 === 0 ? { title: TICKETS[(i / 2) % TICKETS.length]!, priority: i % 4 === 0 ? 'high' : 'normal' } : undefined);
    if (ticket) {
      await insertTrackerItem(deps.store.db, 'support_tickets', {
        id: deps.newId(),
        accountId: account.id,
        source: 'zendesk',
        externalId: `ZD-${4100 + i}`,
        title: ticket.title,
        status: 'open',
        priority: ticket.priority,
        url: null,
        openedAt: opened,
        at: stamp,
      });
    }
    await insertTrackerItem(deps.store.db, 'feature_requests', {
      id: deps.newId(),
      accountId: account.id,
      source: 'jira',
      externalId: `PROD-${700 + i}`,
      title: story.featureRequest,
      status: 'under_review',
      priority: null,
      url: null,
      openedAt: opened,
      at: stamp,
    });
    // Some accounts get product findings; the rest show the "nothing new" warning on their agenda.
    if (story.finding) {
      await insertFinding(deps.store.db, {
        id: deps.newId(),
        accountId: account.id,
        deliveryId: null,
        kind: story.finding.kind,
        title: story.finding.title,
        severity: story.finding.severity,
        detail: null,
        foundAt: new Date(now.getTime() - (2 + (i % 3)) * DAY).toISOString(),
        at: stamp,
      });
    }
    await insertObjective(deps.store.db, {
      id: deps.newId(),
      accountId: account.id,
      title: story.objective.title,
      kind: 'outcome',
      ownerName: champion?.name ?? null,
      targetDate: new Date(now.getTime() + (60 + i * 9) * DAY).toISOString().slice(0, 10),
      status: story.objective.status,
      progress: Math.min(100, story.objective.progress + (i % 3) * 5),
      at: stamp,
    });
  }
}
