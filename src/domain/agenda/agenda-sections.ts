/**
 * Section headings and the standing prompts of a cadence-call agenda, in the order of the
 * GitLab CSM/TAM handbook's agenda template (see /work/shared/seeds).
 */
import type { AgendaSection } from '../meeting/meeting.ts';

/** Headings as the CSM and the customer read them. */
export const SECTION_TITLES: Record<AgendaSection, string> = {
  internal_prep: 'Internal prep (not shared)',
  attendees: 'Attendees',
  materials: 'Advance materials',
  housekeeping: 'Intros & housekeeping',
  kickoff: 'Getting started',
  follow_ups: 'Follow-ups on previous items',
  business_outcomes: 'Strategic and business outcomes',
  pain_points: 'Pain points and blockers',
  initiatives: 'Updates on long-term initiatives',
  assistance: 'Where we can help: support tickets and feature requests',
  product_findings: 'Product findings since the last call',
  commercial: 'Renewal and licences',
  platform: 'Platform',
  suggested_topics: 'Suggested topics',
  customer_topics: 'Your topics',
  recap: 'Recap & next steps',
};

/** Prompts that open sections whose content is the conversation itself. */
export const PROMPTS = {
  housekeeping: 'New team members, changes on either side, exciting news',
  painPoints: 'Any feedback, pain points or blockers from your users?',
  noObjectives: 'We have no success-plan objectives yet: what business outcomes matter most to you this year?',
  customerTopics: 'Anything else you would like to discuss?',
  recap: 'Recap what we aligned on today',
  actionItems: 'Agree action items, owners and due dates',
  noNextCall: 'Confirm the date and time of our next call',
  noFindings: 'How your team has used the product since our last call: what works well, and what gets in the way?',
} as const;

/**
 * The CSM's side of a standing item: why it is on the agenda. Kept apart from the customer's
 * wording, so the playbook's blunt reasoning never reaches a mail or the share page.
 */
export const PREP_NOTES = {
  noFindings: 'No new product findings since the last call: either they are not using it or it is not working',
} as const;

/**
 * What to review with a self-managed customer on a regular basis (version and upgrades,
 * architecture changes, backups, sign-ups, security patches). Keys are stable so the items
 * de-duplicate and carry over.
 */
export const SELF_MANAGED_PROMPTS: { key: string; text: (version: string | null) => string }[] = [
  {
    key: 'version',
    text: (v) => (v ? `You are on version ${v}: which upgrades are planned, and would upgrade assistance help?` : 'Which version are you on, which upgrades are planned, and would upgrade assistance help?'),
  },
  { key: 'deployment-changes', text: () => 'Planned, upcoming or ongoing deployment changes (HA, Geo, storage, clusters)?' },
  { key: 'backup-restore', text: () => 'Backup and disaster recovery: when did you last test a restore from backup?' },
  { key: 'signups', text: () => 'Are sign-ups enabled on your instance, and should they be?' },
  { key: 'security-patches', text: () => 'Security patches: how quickly do you apply them? Usage ping tells us when you need one.' },
];

export const SECURITY_ALERTS_PROMPT = {
  key: 'security-alerts',
  text: 'You have not opted in to security alerts yet: please sign up so you hear first when your instance needs action',
} as const;
