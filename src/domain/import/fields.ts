import { CONTACT_ROLES, CONTACT_STATUSES, DEPLOYMENTS, SEGMENTS, STAGES } from '../model.ts';
import { keyOf } from './values.ts';

export type ImportKind = 'accounts' | 'contacts';

type FieldKind = 'text' | 'money' | 'integer' | 'date' | 'boolean' | 'list' | 'enum' | 'owner' | 'domain' | 'email';

/** One Cadence field a column can fill: the API field it sets and how its cells are read. */
export interface TargetField {
  /** The API field it fills; null for fields that only help the import (a domain, an account name). */
  field: string | null;
  kind: FieldKind;
  nullable: boolean;
  /** In words, for the mapping screen. */
  label: string;
  /** Header names (compared as keys: case, spaces and punctuation ignored) that mean this field. */
  synonyms: string[];
  /** The values an enum field takes. */
  values?: readonly string[];
}

/**
 * The Cadence fields a column of an accounts file can fill. The names are Cadence's own CSV
 * columns (what `cadence export accounts` writes) plus `owner` (an email or a user's name), `mrr`
 * (ARR is twelve times it) and `domain` (contacts find their account by it).
 */
export const ACCOUNT_TARGETS: Record<string, TargetField> = {
  external_id: { field: 'externalId', kind: 'text', nullable: false, label: 'External id', synonyms: ['external id', 'id', 'record id', 'account id', 'company id', 'gsid', 'customer id', 'account number', 'external account id'] },
  name: { field: 'name', kind: 'text', nullable: false, label: 'Name', synonyms: ['name', 'account name', 'company name', 'company', 'account', 'customer', 'customer name', 'organization', 'organisation', 'organization name'] },
  segment: { field: 'segment', kind: 'enum', nullable: false, label: 'Segment', synonyms: ['segment', 'tier', 'customer segment', 'account tier', 'segments', 'account segment'], values: SEGMENTS },
  stage: {
    field: 'stage',
    kind: 'enum',
    nullable: false,
    label: 'Lifecycle stage',
    synonyms: ['stage', 'lifecycle stage', 'lifecycle', 'lifecycle status', 'customer stage', 'type', 'account type', 'phase', 'journey stage'],
    values: STAGES,
  },
  deployment: { field: 'deployment', kind: 'enum', nullable: false, label: 'Deployment', synonyms: ['deployment', 'hosting', 'deployment type', 'install type'], values: DEPLOYMENTS },
  arr: { field: 'arr', kind: 'money', nullable: true, label: 'ARR', synonyms: ['arr', 'annual revenue', 'annual recurring revenue', 'contract value', 'acv', 'total arr', 'arr usd', 'current arr'] },
  mrr: { field: 'arr', kind: 'money', nullable: true, label: 'MRR (ARR is twelve times it)', synonyms: ['mrr', 'monthly recurring revenue', 'current mrr'] },
  renewal_date: { field: 'renewalDate', kind: 'date', nullable: true, label: 'Renewal date', synonyms: ['renewal date', 'renewal', 'next renewal date', 'contract end date', 'contract end', 'renewal on', 'end date'] },
  contract_start_date: { field: 'contractStartDate', kind: 'date', nullable: true, label: 'Contract start date', synonyms: ['contract start date', 'contract start', 'start date', 'original contract date', 'customer since'] },
  licences_bought: {
    field: 'licencesBought',
    kind: 'integer',
    nullable: true,
    label: 'Licences bought',
    synonyms: ['licences bought', 'licenses bought', 'licences', 'licenses', 'seats', 'seats purchased', 'license count', 'licence count', 'purchased seats'],
  },
  licences_used: { field: 'licencesUsed', kind: 'integer', nullable: true, label: 'Licences used', synonyms: ['licences used', 'licenses used', 'active users', 'seats used', 'active seats'] },
  owner: {
    field: 'ownerId',
    kind: 'owner',
    nullable: true,
    label: 'Owner (email or name of a Cadence user)',
    synonyms: ['owner email', 'owner', 'account owner', 'company owner', 'csm', 'csm name', 'csm email', 'customer success manager', 'success manager', 'account manager', 'assigned csm'],
  },
  timezone: { field: 'timezone', kind: 'text', nullable: false, label: 'Time zone', synonyms: ['timezone', 'time zone', 'tz'] },
  product_version: { field: 'productVersion', kind: 'text', nullable: true, label: 'Product version', synonyms: ['product version', 'version'] },
  security_alerts_opt_in: { field: 'securityAlertsOptIn', kind: 'boolean', nullable: false, label: 'Security alerts opt-in', synonyms: ['security alerts opt in', 'security alerts'] },
  crm_id: { field: 'crmId', kind: 'text', nullable: true, label: 'CRM id', synonyms: ['crm id', 'salesforce id', 'hubspot id', 'sfdc id', 'crm account id'] },
  domain: { field: null, kind: 'domain', nullable: true, label: 'Web domain', synonyms: ['domain', 'website', 'company domain name', 'web domain', 'url', 'email domain'] },
  tags: { field: 'tags', kind: 'list', nullable: false, label: 'Tags (separated by ; or |)', synonyms: ['tags', 'labels'] },
};

/** The Cadence fields a column of a contacts file can fill; the account is found by its external id, its name or the email's domain. */
export const CONTACT_TARGETS: Record<string, TargetField> = {
  external_id: { field: 'externalId', kind: 'text', nullable: false, label: 'External id', synonyms: ['external id', 'id', 'record id', 'contact id', 'person id', 'user id'] },
  account_external_id: { field: 'accountId', kind: 'text', nullable: false, label: "Account's external id", synonyms: ['account external id', 'account id', 'company id', 'associated company id', 'gsid'] },
  account_name: { field: null, kind: 'text', nullable: false, label: "Account's name", synonyms: ['account name', 'company name', 'company', 'associated company', 'account', 'organization'] },
  name: { field: 'name', kind: 'text', nullable: false, label: 'Name', synonyms: ['name', 'full name', 'contact name', 'contact'] },
  first_name: { field: null, kind: 'text', nullable: false, label: 'First name', synonyms: ['first name', 'firstname', 'given name'] },
  last_name: { field: null, kind: 'text', nullable: false, label: 'Last name', synonyms: ['last name', 'lastname', 'surname', 'family name'] },
  email: { field: 'email', kind: 'email', nullable: true, label: 'Email', synonyms: ['email', 'email address', 'e mail', 'work email'] },
  title: { field: 'title', kind: 'text', nullable: true, label: 'Job title', synonyms: ['title', 'job title', 'position'] },
  role: { field: 'role', kind: 'enum', nullable: false, label: 'Role', synonyms: ['role', 'contact role', 'persona', 'buying role'], values: CONTACT_ROLES },
  status: { field: 'status', kind: 'enum', nullable: false, label: 'Status', synonyms: ['status', 'contact status'], values: CONTACT_STATUSES },
  phone: { field: 'phone', kind: 'text', nullable: true, label: 'Phone', synonyms: ['phone', 'phone number', 'mobile', 'mobile phone', 'work phone'] },
};

export const targetsFor = (kind: ImportKind): Record<string, TargetField> => (kind === 'accounts' ? ACCOUNT_TARGETS : CONTACT_TARGETS);

/** Where a column can go besides a field: into the account's tags as "column:value", or nowhere. */
export const TAG = 'tag';
export const IGNORE = 'ignore';

/** Headers that are never a field: timestamps CRMs add to every export. */
export const IGNORED_HEADERS = [
  'create date',
  'created date',
  'created at',
  'createdate',
  'last modified date',
  'last modified',
  'updated at',
  'last activity date',
  'last activity',
  'last seen',
  'modified date',
  'close date',
  'associated deals',
].map(keyOf);

/**
 * The words CRMs use for stages, segments, deployments and roles, as keys (see keyOf). HubSpot's
 * lifecycle stages (subscriber … evangelist), Salesforce's account types ("Customer - Direct",
 * "Prospect"), Gainsight's stages and statuses ("Kick Off", "Adopting", "Will Churn") and
 * Vitally's statuses ("Subscribed", "Trials", "Churned"). A lead or prospect is onboarding: it is
 * in the book of business because someone imported it.
 */
export const VALUE_SYNONYMS: Record<string, Record<string, string[]>> = {
  stage: {
    onboarding: [
      'onboarding',
      'kickoff',
      'kick off',
      'implementation',
      'implementing',
      'new',
      'new customer',
      'launch',
      'launched',
      'trial',
      'trials',
      'opportunity',
      'lead',
      'subscriber',
      'prospect',
      'marketing qualified lead',
      'sales qualified lead',
      'marketingqualifiedlead',
      'salesqualifiedlead',
    ],
    adoption: ['adoption', 'adopting', 'adopt', 'customer', 'customer direct', 'customer channel', 'active', 'subscribed', 'growing', 'live', 'ramping'],
    steady: ['steady', 'steady state', 'mature', 'evangelist', 'healthy', 'expansion', 'expanding', 'established', 'stable', 'will renew'],
    renewal: ['renewal', 'renewing', 'up for renewal', 'in renewal'],
    at_risk: ['at risk', 'atrisk', 'at_risk', 'risk', 'will churn', 'risky', 'red'],
    churned: ['churned', 'churn', 'former customer', 'lost', 'cancelled', 'canceled', 'inactive', 'closed lost'],
  },
  segment: {
    enterprise: ['enterprise', 'ent', 'strategic', 'large', 'key', 'tier 1', 'tier1', 'major', 'majors', 'high touch'],
    commercial: ['commercial', 'mid market', 'midmarket', 'mm', 'mid', 'tier 2', 'tier2', 'growth', 'mid touch'],
    scale: ['scale', 'smb', 'small', 'small business', 'self serve', 'tier 3', 'tier3', 'digital', 'long tail', 'tech touch', 'low touch'],
  },
  deployment: {
    saas: ['saas', 'cloud', 'hosted', 'multi tenant', 'multitenant', 'gitlab com'],
    self_managed: ['self managed', 'selfmanaged', 'self_managed', 'on prem', 'on premise', 'on premises', 'self hosted'],
    dedicated: ['dedicated', 'single tenant'],
  },
  role: {
    champion: ['champion', 'sponsor'],
    economic_buyer: ['economic buyer', 'economic_buyer', 'buyer', 'decision maker', 'budget holder', 'executive sponsor'],
    admin: ['admin', 'administrator', 'technical contact'],
    user: ['user', 'end user', 'contact'],
  },
  status: {
    active: ['active', 'current', 'yes'],
    left: ['left', 'inactive', 'former', 'gone', 'no'],
  },
};

const SYNONYM_KEYS = new Map(Object.entries(VALUE_SYNONYMS).map(([target, table]) => [target, new Map(Object.entries(table).flatMap(([value, words]) => [value, ...words].map((w) => [keyOf(w), value] as const)))]));

/** The built-in meaning of a value of an enum field, or undefined. */
export function synonymOf(target: string, raw: string): string | undefined {
  return SYNONYM_KEYS.get(target)?.get(keyOf(raw));
}
