import { DateTime } from 'luxon';
import { dailyDigest, defaultDigestSettings, dueDigests, weeklyDigest, type DigestKind, type DigestMessage, type DigestSettings, type DigestSettingsUpdate } from '../../domain/digests/digests.ts';
import type { Actor, User } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { renderMail } from '../../integrations/email/mail-layout.ts';
import { unconfiguredMailer } from '../../integrations/email/mailer.ts';
import { claimDigestSend, findDigestSettings, listDigestSettings, upsertDigestSettings } from '../../store/digests.repo.ts';
import { findUser, listUsers } from '../../store/users.repo.ts';
import { listAccounts } from '../accounts/accounts.ts';
import { listRiskRegister } from '../health/risks.ts';
import { enqueueMail, enqueueSlackPost, inTransactionWithOutbox } from '../outbox/outbox.ts';
import { myDay } from '../team/my-day.ts';
import { teamDashboard } from '../team/team-dashboard.ts';
import { actorFor } from '../users/users.ts';

const DAY = 86_400_000;

async function ownUser(deps: Deps, actor: Actor): Promise<User> {
  if (!actor.id) throw new AppError('invalid', 'digest settings belong to a user: run it as one (--as EMAIL)');
  const user = await findUser(deps.store.db, actor.id);
  if (!user) throw notFound('user');
  return user;
}

/** The signed-in user's digest settings (the defaults until they change one). */
export async function getDigestSettings(deps: Deps, actor: Actor): Promise<DigestSettings> {
  const user = await ownUser(deps, actor);
  return (await findDigestSettings(deps.store.db, user.id)) ?? defaultDigestSettings(user.role);
}

/** Changes the signed-in user's own digest settings; fields left out keep their value. */
export async function saveDigestSettings(deps: Deps, actor: Actor, patch: DigestSettingsUpdate): Promise<DigestSettings> {
  const user = await ownUser(deps, actor);
  return deps.store.db.transaction().execute(async (tx) => {
    const before = (await findDigestSettings(tx, user.id)) ?? defaultDigestSettings(user.role);
    const after: DigestSettings = {
      daily: patch.daily ?? before.daily,
      weekly: patch.weekly ?? before.weekly,
      channel: patch.channel ?? before.channel,
      slackIntegration: patch.slackIntegration === undefined ? before.slackIntegration : patch.slackIntegration,
      localTime: patch.localTime ?? before.localTime,
      timezone: patch.timezone === undefined ? before.timezone : patch.timezone,
    };
    await upsertDigestSettings(tx, user.id, after, deps.now().toISOString());
    return after;
  });
}

/** The week before the Monday the digest is for, in figures from the team dashboard and the risk register. */
async function weeklyFor(deps: Deps, actor: Actor, user: User, period: string): Promise<DigestMessage> {
  const from = new Date(Date.parse(`${period}T00:00:00Z`) - 7 * DAY).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${period}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
  const dashboard = await teamDashboard(deps, actor, { from, to });
  const register = await listRiskRegister(deps, actor, {});
  const renewalTo = new Date(Date.parse(`${period}T00:00:00Z`) + 90 * DAY).toISOString().slice(0, 10);
  const renewals = await listAccounts(deps, actor, { renewalFrom: period, renewalTo, sort: 'renewal', limit: 100 });
  const adherence = dashboard.figures.cadenceAdherence.all;
  return weeklyDigest(
    {
      weekOf: period,
      adherence: { rate: adherence.rate, misses: adherence.misses.length },
      followUpSlaMisses: dashboard.figures.followUpWithinOneBusinessDay.all.misses.length,
      newRisks: register.items.filter((r) => r.createdAt.slice(0, 10) >= from).map((r) => ({ accountName: r.accountName, severity: r.severity, type: r.type })),
      renewals: renewals.items.map((a) => ({ accountName: a.name, renewalDate: a.renewalDate ?? '' })),
    },
    { name: user.name, baseUrl: deps.config.baseUrl },
  );
}

async function compose(deps: Deps, user: User, kind: DigestKind, period: string): Promise<DigestMessage> {
  const actor = await actorFor(deps, user);
  if (kind === 'weekly') return weeklyFor(deps, actor, user, period);
  const day = await myDay(deps, actor);
  return dailyDigest(day, { name: user.name, timezone: day.timezone, baseUrl: deps.config.baseUrl });
}

/**
 * The job's round (every 15 minutes, on any node): each active user's digests that are due and
 * not sent yet. A digest is claimed (user, kind, local date) in the transaction that queues it
 * in the outbox, so it goes out once however many nodes run the round; one with nothing in it is
 * claimed and not sent.
 */
export async function sendDueDigests(deps: Deps): Promise<{ sent: number; empty: number; skipped: number }> {
  const counts = { sent: 0, empty: 0, skipped: 0 };
  const now = deps.now();
  const settings = await listDigestSettings(deps.store.db);
  for (const user of await listUsers(deps.store.db)) {
    if (!user.active || user.role === 'viewer') continue;
    const mine = settings.get(user.id) ?? defaultDigestSettings(user.role);
    for (const { kind, period } of dueDigests(now, mine, user.timezone)) {
      if (mine.channel === 'mail' && deps.mailer === unconfiguredMailer) {
        counts.skipped += 1;
        continue;
      }
      try {
        const message = await compose(deps, user, kind, period);
        const queued = await inTransactionWithOutbox(deps, async (tx) => {
          if (!(await claimDigestSend(tx, { userId: user.id, kind, period, at: now.toISOString() }))) return 'taken' as const;
          if (message.empty) return 'empty' as const;
          if (mine.channel === 'slack') {
            await enqueueSlackPost(tx, deps, { ...(mine.slackIntegration ? { integration: mine.slackIntegration } : {}), channel: `digest for ${user.email}`, text: message.slackText });
          } else {
            const { html, text } = renderMail({ ...message.content, brand: deps.config.vendorName, footer: `Your ${kind} digest from Cadence. Switch it off in Me → Digests.` });
            await enqueueMail(tx, deps, { to: [user.email], subject: message.subject, text, html });
          }
          return 'sent' as const;
        });
        if (queued === 'sent') counts.sent += 1;
        else if (queued === 'empty') counts.empty += 1;
      } catch (err) {
        counts.skipped += 1;
        deps.logger.warn({ userId: user.id, kind, period, err }, 'digest could not be built');
      }
    }
  }
  return counts;
}

/** Today's local date for a user (for tests and the CLI). */
export function localPeriod(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
}
