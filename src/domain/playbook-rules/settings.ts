/**
 * Playbook rule settings: each rule switched on or off, with its thresholds. Missing parts take
 * the defaults from the handbooks. Error style: `parsePlaybookSettings` throws
 * `AppError('invalid', …, { field })`.
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { describeIssue } from '../cadence-policy.ts';

export const PLAYBOOK_RULE_IDS = [
  'agenda',
  'follow_up',
  'cadence_overdue',
  'no_touch',
  'renewal',
  'licence_low',
  'licence_high',
  'security_alerts',
  'no_findings',
  'health_traits',
  'champion_left',
  'customer_items_overdue',
] as const;
export type PlaybookRuleId = (typeof PLAYBOOK_RULE_IDS)[number];

const on = z.boolean().default(true);
const days = (max: number) => z.number().int('must be a whole number').min(0, 'must not be negative').max(max, `must be at most ${max}`);
const positive = (max: number) => z.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);
const rule = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ enabled: on, ...shape }).prefault({} as never);

export const PlaybookSettingsSchema = z.strictObject({
  /** Send the agenda N business days before the call, never later than the morning of the call. */
  agenda: rule({ businessDaysBefore: days(10).default(2), noticeBusinessDays: days(10).default(2), morningHour: z.number().int().min(0).max(12).default(9) }),
  /** Follow up within N business days of a held call. */
  follow_up: rule({ businessDays: positive(10).default(1) }),
  cadence_overdue: rule({}),
  no_touch: rule({ days: positive(365).default(30) }),
  renewal: rule({
    daysBefore: z
      .array(positive(730))
      .min(1, 'give at least one number of days')
      .max(6)
      .default([90, 60, 30]),
  }),
  /** Licence use under this percent in the second half of the contract. */
  licence_low: rule({ belowPercent: z.number().min(1).max(100).default(50) }),
  licence_high: rule({ abovePercent: z.number().min(1).max(1000).default(95) }),
  security_alerts: rule({}),
  /** "Either they are not using it or it is not working." */
  no_findings: rule({ days: positive(365).default(30) }),
  /** Pulse, access to buyer and active champion are refreshed every N months. */
  health_traits: rule({ everyMonths: positive(12).default(2) }),
  champion_left: rule({}),
  customer_items_overdue: rule({ graceDays: days(60).default(0) }),
  /** Local hour by which account-level tasks are due on their day. */
  dueHour: z.number().int().min(0).max(23).default(17),
});
export type PlaybookSettings = z.infer<typeof PlaybookSettingsSchema>;

export const DEFAULT_PLAYBOOK_SETTINGS: PlaybookSettings = PlaybookSettingsSchema.parse({});

/** Validates playbook settings; throws `AppError('invalid')` naming the field. */
export function parsePlaybookSettings(input: unknown): PlaybookSettings {
  const parsed = PlaybookSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const { field, message } = describeIssue(parsed.error);
  throw new AppError('invalid', `playbook settings: ${message}`, { field });
}
