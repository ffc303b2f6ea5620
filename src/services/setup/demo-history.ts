import { MeetingCreateSchema, WrapUpSchema } from '../../domain/meeting/meeting-input.ts';
import type { Account, Contact } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listContacts } from '../../store/contacts.repo.ts';
import { insertFinding, insertObjective, insertTrackerItem } from '../../store/tracker.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { sendFollowUp } from '../meetings/follow-ups.ts';
import { scheduleMeeting } from '../meetings/schedule-meeting.ts';
import { actorFor } from '../users/users.ts';
import { wrapUpMeeting } from '../meetings/wrap-up-meeting.ts';
import { firstSharedSlot } from '../../domain/calendar/working-hours.ts';

const DAY = 86_400_000;

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

const NOTES = [
  'Rollout to the second business unit is on track. Champion asked about SSO enforcement and audit log retention.',
  'Runner timeouts on large monorepos are hurting the platform team; support ticket open. Budget review in January.',
  'New director joined from a competitor and is reviewing the toolchain; consolidation was mentioned twice.',
  'Security team wants scanning on every merge request. Licence use is climbing; expansion conversation in Q1.',
];

/**
 * A few weeks of realistic history for the demo book: held calls with notes, action items,
 * risks and requests, follow-ups sent (and one still owed), upcoming calls, tickets, feature
 * requests, product findings and success-plan objectives, so every screen has something to show.
 * Mail is not sent: the demo runs without SMTP.
 */
export async function loadDemoHistory(deps: Deps, accounts: Account[]): Promise<void> {
  const now = deps.now();
  const quietMailer = { send: async () => ({ messageId: 'demo' }) };
  for (const [i, account] of accounts.slice(0, 16).entries()) {
    const owner = account.ownerId ? await findUser(deps.store.db, account.ownerId) : undefined;
    if (!owner) continue;
    const actor = await actorFor(deps, owner);
    const contacts: Contact[] = await listContacts(deps.store.db, { accountIds: [account.id], scopeUserIds: null }, { limit: 20 });
    const champion = contacts.find((c) => c.role === 'champion') ?? contacts[0];
    const zones = [account.timezone, owner.timezone];
    const past = callTime(now, -(14 + (i % 4) * 7), zones);
    const held = at(deps, new Date(past.getTime() + 40 * 60_000));
    // Parsed as the API would, so the demo gets the same defaults (30 minutes, no captures).
    const first = await scheduleMeeting(held, actor, MeetingCreateSchema.parse({ accountId: account.id, startsAt: past.toISOString(), type: 'kickoff' }));
    const wrapUp = WrapUpSchema.parse({
      notes: { version: 0, notes: NOTES[i % NOTES.length]! },
      actionItems: [
        { text: 'Share the SSO enforcement guide', side: 'vendor', owner: { userId: owner.id }, dueDate: new Date(past.getTime() + 3 * DAY).toISOString().slice(0, 10) },
        ...(champion ? [{ text: 'Confirm the rollout dates for the next business unit', side: 'customer' as const, owner: { contactId: champion.id } }] : []),
      ],
      risks: i % 5 === 2 ? [{ type: 'competitor_hire' as const, severity: 'high' as const, arrAtRisk: account.arr, evidence: 'New director joined from a competitor and is reviewing the toolchain' }] : [],
      requests: i % 3 === 0 ? [{ kind: 'feature_request' as const, title: 'Audit log streaming to S3' }] : [],
      csmSentiment: i % 5 === 2 ? 'red' : i % 3 === 0 ? 'yellow' : 'green',
      productSentiment: 'green',
      summary: 'Kickoff held; rollout plan agreed.',
      recap: ['We walked through the rollout plan for the first business unit', 'SSO set-up is the first step'],
      decisions: ['SSO is enforced before the second business unit joins'],
    });
    await wrapUpMeeting(held, actor, first.id, wrapUp);
    await sendFollowUp({ ...at(deps, new Date(held.now().getTime() + 3 * 3_600_000)), mailer: quietMailer }, actor, first.id, { confirm: true, sendWithUnaddressed: true }).catch(() => undefined);

    if (i % 4 === 1) {
      // Held yesterday, follow-up still owed: it shows on My day with its SLA running.
      const recent = callTime(now, -1, zones);
      const recentDeps = at(deps, new Date(recent.getTime() + 40 * 60_000));
      const call = await scheduleMeeting(recentDeps, actor, MeetingCreateSchema.parse({ accountId: account.id, startsAt: recent.toISOString() }));
      const wrapUp = WrapUpSchema.parse({ notes: { version: 0, notes: 'Walked through the upgrade plan; they need help with Geo.' }, actionItems: [{ text: 'Book a Geo architecture review', side: 'vendor', owner: { userId: owner.id } }] });
      await wrapUpMeeting(recentDeps, actor, call.id, wrapUp);
    }
    if (i % 4 !== 3) {
      // Upcoming calls: some today, most in the next business days with the agenda still to send.
      await scheduleMeeting(deps, actor, MeetingCreateSchema.parse({ accountId: account.id, startsAt: callTime(now, i % 5 === 0 ? 0 : 1 + (i % 6), zones).toISOString() }));
    }

    const opened = new Date(now.getTime() - (5 + i) * DAY).toISOString();
    const stamp = now.toISOString();
    if (i % 2 === 0) {
      await insertTrackerItem(deps.store.db, 'support_tickets', {
        id: deps.newId(),
        accountId: account.id,
        source: 'zendesk',
        externalId: `ZD-${4100 + i}`,
        title: 'Runner timeouts on large repositories',
        status: 'open',
        priority: i % 4 === 0 ? 'high' : 'normal',
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
      title: i % 2 ? 'Fine-grained deploy permissions' : 'Merge request dependencies across projects',
      status: 'under_review',
      priority: null,
      url: null,
      openedAt: opened,
      at: stamp,
    });
    // Some accounts get product findings; the rest show the "nothing new" warning on their agenda.
    if (i % 3 !== 1) {
      await insertFinding(deps.store.db, {
        id: deps.newId(),
        accountId: account.id,
        deliveryId: null,
        kind: i % 2 ? 'vulnerability' : 'usage',
        title: i % 2 ? 'Critical vulnerability in a base image used by 14 projects' : 'Weekly active users up 18% since the last call',
        severity: i % 2 ? 'critical' : 'info',
        detail: null,
        foundAt: new Date(now.getTime() - 2 * DAY).toISOString(),
        at: stamp,
      });
    }
    await insertObjective(deps.store.db, {
      id: deps.newId(),
      accountId: account.id,
      title: 'Cut release lead time from 3 weeks to 1',
      kind: 'outcome',
      ownerName: champion?.name ?? null,
      targetDate: new Date(now.getTime() + 120 * DAY).toISOString().slice(0, 10),
      status: i % 4 === 2 ? 'at_risk' : 'on_track',
      progress: 20 + ((i * 13) % 60),
      at: stamp,
    });
  }
}
