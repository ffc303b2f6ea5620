/**
 * Agenda templates for the team's own meetings, from the Sourcegraph TA cadences: the account-team
 * sync (CSM with AE, weekly or bi-weekly), the bi-weekly team check-in, the MBR (monthly, second
 * week, 30 minutes) and the internal QBR (first week of each fiscal quarter, 60 minutes per AE).
 * Pure data: the review packs read their agenda, length and attendees from here.
 */

export const INTERNAL_MEETING_KINDS = ['account_team_sync', 'team_check_in', 'mbr', 'qbr'] as const;
export type InternalMeetingKind = (typeof INTERNAL_MEETING_KINDS)[number];

export interface InternalAgendaSection {
  title: string;
  /** Minutes the section is given, when the handbook times it. */
  minutes: number | null;
  prompts: readonly string[];
}

export interface InternalMeetingTemplate {
  kind: InternalMeetingKind;
  title: string;
  /** When it recurs, in words and as an interval in days (MBR and QBR follow the fiscal helpers instead). */
  cadence: string;
  everyDays: number | null;
  durationMinutes: number;
  attendees: readonly string[];
  goal: string;
  sections: readonly InternalAgendaSection[];
}

export const INTERNAL_MEETING_TEMPLATES: Readonly<Record<InternalMeetingKind, InternalMeetingTemplate>> = {
  account_team_sync: {
    kind: 'account_team_sync',
    title: 'Account-team sync',
    cadence: 'weekly or bi-weekly',
    everyDays: 14,
    durationMinutes: 30,
    attendees: ['CSM', 'AE', 'CE / SA'],
    goal: 'Strategise, coordinate and align on the plans and activities for each shared account.',
    sections: [
      { title: 'Account status since last sync', minutes: 10, prompts: ['Health changes and why', 'Calls held and what came out of them', 'Open risks and who owns them'] },
      { title: 'Success-plan goals and next activities', minutes: 10, prompts: ['Objectives at risk or overdue', 'Feature adoption or upgrade pushes to run together'] },
      { title: 'Commercial', minutes: 5, prompts: ['Renewals this fiscal quarter', 'Expansion opportunities'] },
      { title: 'Who does what next', minutes: 5, prompts: ['Action items with owners and dates'] },
    ],
  },
  team_check_in: {
    kind: 'team_check_in',
    title: 'Bi-weekly team check-in',
    cadence: 'bi-weekly',
    everyDays: 14,
    durationMinutes: 45,
    attendees: ['CSM team', 'CS manager'],
    goal: 'Team announcements, trainings, new processes and active discussion of customer situations.',
    sections: [
      { title: 'Announcements', minutes: 5, prompts: ['Team news', 'Product releases customers asked for'] },
      { title: 'Training and new processes', minutes: 15, prompts: ['What is changing and when'] },
      { title: 'Customer situations', minutes: 20, prompts: ['Accounts at risk that need the team’s ideas', 'What worked this fortnight'] },
      { title: 'Dashboard check', minutes: 5, prompts: ['Cadence adherence', 'Follow-ups within one business day', 'Accounts not touched in 30 days'] },
    ],
  },
  mbr: {
    kind: 'mbr',
    title: 'Monthly business review (MBR)',
    cadence: 'monthly, second week',
    everyDays: null,
    durationMinutes: 30,
    attendees: ['CSM', 'CS director', 'VP of technical success'],
    goal: 'A monthly checkpoint on the CSM’s top 3 accounts, from their account success plans.',
    sections: [
      { title: 'Customer health metrics review', minutes: 5, prompts: ['Distribution by colour', 'Accounts that declined'] },
      { title: 'Top 3 accounts review (5 minutes per account)', minutes: 15, prompts: ['Top ARR, renewing this fiscal quarter, expansion opportunity'] },
      { title: 'Asks for the business', minutes: 5, prompts: ['Help to remove blockers and expedite success-plan goals'] },
    ],
  },
  qbr: {
    kind: 'qbr',
    title: 'Internal quarterly business review (QBR)',
    cadence: 'first week of each fiscal quarter',
    everyDays: null,
    durationMinutes: 60,
    attendees: ['AE', 'CSM', 'CE', 'Product', 'Finance', 'Legal', 'TS leadership', 'Sales leadership'],
    goal: 'The account team showcases the main success-plan goals, the strategies to execute them, and asks the business for help.',
    sections: [
      { title: 'Accounts selected by leadership', minutes: 5, prompts: ['Why these accounts this quarter'] },
      { title: 'Goals and strategies per account', minutes: 40, prompts: ['Success-plan goals', 'Strategies to reach them', 'Health and risks'] },
      { title: 'Renewals this quarter', minutes: 5, prompts: ['Risk-adjusted ARR'] },
      { title: 'Asks for the business', minutes: 10, prompts: ['Product, Finance, Legal: what would unblock these accounts'] },
    ],
  },
};
