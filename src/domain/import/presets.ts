import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from '../account/csv-columns.ts';
import type { ImportKind } from './fields.ts';

export const PRESET_NAMES = ['cadence', 'hubspot', 'salesforce', 'gainsight', 'vitally'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A known export: the header it writes and where each column goes (unlisted columns become tags). */
export interface Preset {
  name: PresetName;
  label: string;
  kind: ImportKind;
  columns: Record<string, string>;
  /** Cadence's own format refuses a column it does not know: a typo must not vanish into a tag. */
  strict?: boolean;
}

const own = (columns: readonly string[]): Record<string, string> => Object.fromEntries(columns.map((c) => [c, c === 'owner_email' ? 'owner' : c]));

/**
 * The exports users bring. HubSpot: the companies export's default columns (Record ID, Company
 * name, Company Domain Name, Annual Revenue, Lifecycle Stage, Company owner, Create Date).
 * Salesforce: the Accounts report (Account ID, Account Name, Type, Industry, Annual Revenue,
 * Account Owner, Billing Country). Gainsight: the Company object's standard fields as its
 * glossary names them (https://support.gainsight.com/gainsight_nxt/Gainsight_Object_Glossary/CS_Object_Glossary/Gainsight_Standard_Objects:
 * GSID, Name, Industry, ARR, Stage, Status, CSM, Renewal Date, Original Contract Date, Employees);
 * the report's exact header layout is our assumption. Vitally: the columns of an accounts table
 * export as we expect them (Vitally ID, External ID, Account Name, MRR, Health Score, Segments,
 * Customer Success Manager, Next Renewal Date, Status, Last Seen); Vitally's docs describe the
 * fields (statuses Subscribed, Trials, Churned; key roles such as the CSM) but not the export's
 * header, so these names are plausible, not quoted.
 */
export const PRESETS: Record<PresetName, { accounts: Preset; contacts?: Preset }> = {
  cadence: {
    accounts: { name: 'cadence', label: "Cadence's own export", kind: 'accounts', columns: own(ACCOUNT_COLUMNS), strict: true },
    contacts: { name: 'cadence', label: "Cadence's own export", kind: 'contacts', columns: own(CONTACT_COLUMNS), strict: true },
  },
  hubspot: {
    accounts: {
      name: 'hubspot',
      label: 'HubSpot companies export',
      kind: 'accounts',
      columns: { 'Record ID': 'external_id', 'Company name': 'name', 'Company Domain Name': 'domain', 'Annual Revenue': 'arr', 'Lifecycle Stage': 'stage', 'Company owner': 'owner', 'Create Date': 'ignore' },
    },
    contacts: {
      name: 'hubspot',
      label: 'HubSpot contacts export',
      kind: 'contacts',
      columns: {
        'Record ID': 'external_id',
        'First Name': 'first_name',
        'Last Name': 'last_name',
        Email: 'email',
        'Job Title': 'title',
        'Phone Number': 'phone',
        'Associated Company': 'account_name',
        'Associated Company IDs': 'account_external_id',
        'Create Date': 'ignore',
      },
    },
  },
  salesforce: {
    accounts: {
      name: 'salesforce',
      label: 'Salesforce Accounts report',
      kind: 'accounts',
      columns: { 'Account ID': 'external_id', 'Account Name': 'name', Type: 'stage', Industry: 'tag', 'Annual Revenue': 'arr', 'Account Owner': 'owner', 'Billing Country': 'tag' },
    },
    contacts: {
      name: 'salesforce',
      label: 'Salesforce Contacts report',
      kind: 'contacts',
      columns: { 'Contact ID': 'external_id', 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', Title: 'title', Phone: 'phone', 'Account Name': 'account_name', 'Account ID': 'account_external_id' },
    },
  },
  gainsight: {
    accounts: {
      name: 'gainsight',
      label: 'Gainsight companies report',
      kind: 'accounts',
      columns: { GSID: 'external_id', Name: 'name', Industry: 'tag', ARR: 'arr', Stage: 'stage', Status: 'tag', CSM: 'owner', 'Renewal Date': 'renewal_date', 'Original Contract Date': 'contract_start_date', Employees: 'ignore' },
    },
  },
  vitally: {
    accounts: {
      name: 'vitally',
      label: 'Vitally accounts export',
      kind: 'accounts',
      columns: {
        'Vitally ID': 'ignore',
        'External ID': 'external_id',
        'Account Name': 'name',
        MRR: 'mrr',
        'Health Score': 'ignore',
        Segments: 'segment',
        'Customer Success Manager': 'owner',
        'Next Renewal Date': 'renewal_date',
        Status: 'stage',
        'Last Seen': 'ignore',
      },
    },
  },
};

export function presetFor(name: PresetName, kind: ImportKind): Preset | undefined {
  return PRESETS[name][kind];
}
