import { z } from 'zod';
import { DIGEST_CHANNELS } from '../../domain/digests/digests.ts';

export { DigestSettingsUpdateSchema } from '../../domain/digests/digests.ts';

export const DigestSettingsSchema = z
  .object({
    daily: z.boolean().describe("The daily digest at your local morning (today's calls, follow-ups owed, agendas to send, overdue items)"),
    weekly: z.boolean().describe("The weekly digest on Monday morning (your team's adherence, SLA misses, new risks, renewals in 90 days)"),
    channel: z.enum(DIGEST_CHANNELS),
    slackIntegration: z.string().nullable().describe('For channel slack: the Slack integration (id or name) whose webhook posts to your channel; null: every enabled one'),
    localTime: z.string().describe('HH:MM in your time zone'),
    timezone: z.string().nullable().describe('An IANA zone; null: your profile time zone'),
  })
  .meta({ id: 'DigestSettings' });
