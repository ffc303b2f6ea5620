/**
 * Meeting titles by the handbook's naming convention, ordered by popularity there:
 * "GitLab / <CUSTOMER_NAME> CSM Call", "GitLab - Bi-weekly Collaboration" (adapted to the
 * frequency), "GitLab - CSM Call". The vendor name is configurable (CADENCE_VENDOR_NAME).
 *
 * Error style: throws `AppError('invalid', …, { field })` when the vendor or customer name is empty.
 */
import { AppError } from '../errors.ts';
import { describeFrequency, type Frequency } from './cadence-policy.ts';
import type { MeetingType } from './model.ts';

export const TITLE_STYLES = ['vendor_customer', 'frequency', 'short'] as const;
export type TitleStyle = (typeof TITLE_STYLES)[number];

export interface MeetingTitleInput {
  vendor: string;
  customer: string;
  type: MeetingType;
  /** The series' frequency, for the "Bi-weekly Collaboration" style. */
  frequency?: Frequency | null;
  style?: TitleStyle;
  /** What the vendor's people are called: "CSM", "TAM", "TA". */
  roleLabel?: string;
}

const FREQUENCY_WORDS: Record<string, string> = {
  weekly: 'Weekly',
  biweekly: 'Bi-weekly',
  monthly: 'Monthly',
  bimonthly: 'Bi-monthly',
  quarterly: 'Quarterly',
};

const TYPE_WORDS: Record<Exclude<MeetingType, 'cadence'>, string> = {
  kickoff: 'Kickoff',
  cbr: 'Business Review',
  training: 'Training',
  troubleshooting: 'Troubleshooting',
  internal_review: 'Internal Review',
};

function clean(value: string, field: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text) throw new AppError('invalid', `${field} must not be empty`, { field });
  return text;
}

/**
 * The title for a meeting. Cadence calls follow the chosen style; the "frequency" style is used
 * only when the frequency has a word ("Bi-weekly"), otherwise it falls back to
 * "<Vendor> / <Customer> CSM Call". Other meeting types name what they are; internal reviews
 * leave the vendor out, since only the vendor's people attend.
 */
export function meetingTitle(input: MeetingTitleInput): string {
  const vendor = clean(input.vendor, 'vendor');
  const customer = clean(input.customer, 'customer');
  const role = clean(input.roleLabel ?? 'CSM', 'roleLabel');
  if (input.type === 'internal_review') return `${customer} ${TYPE_WORDS.internal_review}`;
  if (input.type !== 'cadence') return `${vendor} / ${customer} ${TYPE_WORDS[input.type]}`;
  const style = input.style ?? 'vendor_customer';
  if (style === 'frequency') {
    const word = input.frequency ? FREQUENCY_WORDS[describeFrequency(input.frequency)] : undefined;
    if (word) return `${vendor} - ${word} Collaboration`;
  }
  if (style === 'short') return `${vendor} - ${role} Call`;
  return `${vendor} / ${customer} ${role} Call`;
}
