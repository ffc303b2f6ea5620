import { z } from 'zod';
import { CONTACT_ROLES, CONTACT_STATUSES, DEPLOYMENTS, SEGMENTS, STAGES, TEAM_ROLES } from '../model.ts';
import { CalendarDateSchema, TimezoneSchema, optionalText, shortText } from '../validation.ts';

const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(50, 'must be at most 50 characters')
  .transform((t) => t.toLowerCase());

const Money = z.number().finite().min(0, 'must not be negative').max(1e12, 'is too large');
const Count = z.number().int('must be a whole number').min(0, 'must not be negative').max(10_000_000, 'is too large');

export const TeamMemberSchema = z.strictObject({
  userId: shortText(64),
  role: z.enum(TEAM_ROLES),
});

const accountFields = {
  name: shortText(200),
  segment: z.enum(SEGMENTS),
  stage: z.enum(STAGES),
  deployment: z.enum(DEPLOYMENTS),
  productVersion: optionalText(50),
  arr: Money.nullable().optional(),
  renewalDate: CalendarDateSchema.nullable().optional(),
  contractStartDate: CalendarDateSchema.nullable().optional(),
  licencesBought: Count.nullable().optional(),
  licencesUsed: Count.nullable().optional(),
  ownerId: z.string().max(64).nullable().optional(),
  timezone: TimezoneSchema.optional(),
  securityAlertsOptIn: z.boolean().optional(),
  externalId: optionalText(100),
  crmId: optionalText(100),
  tags: z.array(TagSchema).max(50, 'must have at most 50 tags').optional(),
  team: z.array(TeamMemberSchema).max(50).optional(),
};

export const AccountCreateSchema = z.strictObject({
  ...accountFields,
  segment: accountFields.segment.default('commercial'),
  stage: accountFields.stage.default('onboarding'),
  deployment: accountFields.deployment.default('saas'),
});
export type AccountCreate = z.infer<typeof AccountCreateSchema>;

export const AccountUpdateSchema = z
  .strictObject({
    ...accountFields,
    name: accountFields.name.optional(),
    segment: accountFields.segment.optional(),
    stage: accountFields.stage.optional(),
    deployment: accountFields.deployment.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type AccountUpdate = z.infer<typeof AccountUpdateSchema>;

const contactFields = {
  accountId: shortText(64),
  name: shortText(200),
  email: z.email('is not an email address').max(254).nullable().optional(),
  title: optionalText(200),
  role: z.enum(CONTACT_ROLES),
  status: z.enum(CONTACT_STATUSES),
  phone: optionalText(50),
  externalId: optionalText(100),
};

export const ContactCreateSchema = z.strictObject({
  ...contactFields,
  role: contactFields.role.default('user'),
  status: contactFields.status.default('active'),
});
export type ContactCreate = z.infer<typeof ContactCreateSchema>;

export const ContactUpdateSchema = z
  .strictObject({
    name: contactFields.name.optional(),
    email: contactFields.email,
    title: contactFields.title,
    role: contactFields.role.optional(),
    status: contactFields.status.optional(),
    phone: contactFields.phone,
    externalId: contactFields.externalId,
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type ContactUpdate = z.infer<typeof ContactUpdateSchema>;

/** The fields that differ between two records, for the audit log and the timeline summary. */
export function changedFields<T extends object>(before: T, after: T): (keyof T)[] {
  return (Object.keys(after) as (keyof T)[]).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  segment: 'Segment',
  stage: 'Stage',
  deployment: 'Deployment',
  productVersion: 'Product version',
  arr: 'ARR',
  renewalDate: 'Renewal date',
  contractStartDate: 'Contract start',
  licencesBought: 'Licences bought',
  licencesUsed: 'Licences used',
  ownerId: 'Owner',
  timezone: 'Time zone',
  securityAlertsOptIn: 'Security-alert opt-in',
  externalId: 'External id',
  crmId: 'CRM id',
  tags: 'Tags',
  team: 'Account team',
  archivedAt: 'Archived',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ') : 'none';
  return String(value);
}

/** One timeline line for an account edit: "Stage changed from onboarding to adoption; ARR …". */
export function summariseChange<T extends object>(before: T, after: T, fields: (keyof T)[]): string {
  return fields
    .filter((f) => f !== 'updatedAt')
    .map((f) => {
      const label = FIELD_LABELS[String(f)] ?? String(f);
      return `${label} changed from ${show(before[f])} to ${show(after[f])}`;
    })
    .join('; ');
}
