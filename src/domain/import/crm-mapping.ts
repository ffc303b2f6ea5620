import { z } from 'zod';
import type { Account } from '../model.ts';
import { IGNORE } from './fields.ts';
import { ImportMappingSchema, checkMapping, mapRow, type ImportMapping, type MappedRow } from './mapping.ts';
import type { LineProblem } from './table.ts';

/**
 * Accounts pulled from a CRM go through the same mapping as a CSV file: a CRM property is a
 * column, a company is a row. A CRM mapping adds what only a pull needs: which side wins a field
 * both sides changed since the last pull, and how often the pull runs.
 */
export const CRM_VENDORS = ['hubspot', 'salesforce'] as const;
export type CrmVendor = (typeof CRM_VENDORS)[number];

export const CONFLICT_RULES = ['crm_wins', 'cadence_wins'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

/** The account fields a pull can fill (API names), with the words the report uses. */
export const PULLED_FIELDS = {
  name: 'name',
  arr: 'ARR',
  renewalDate: 'renewal date',
  contractStartDate: 'contract start date',
  ownerId: 'owner',
  segment: 'segment',
  stage: 'stage',
  deployment: 'deployment',
  licencesBought: 'licences bought',
  licencesUsed: 'licences used',
  timezone: 'time zone',
  productVersion: 'product version',
  securityAlertsOptIn: 'security alerts opt-in',
  tags: 'tags',
} as const;
export type PulledField = keyof typeof PULLED_FIELDS;
const PULLED_FIELD_NAMES = Object.keys(PULLED_FIELDS) as [PulledField, ...PulledField[]];

/**
 * Who wins a field changed in both places. The CRM is where sales keeps the commercial facts
 * (name, ARR, renewal and contract dates, licences, owner); segment and stage are the CS team's
 * own judgement, finer than a CRM's lifecycle ("customer"), so Cadence keeps them. Anything else
 * a CRM field is mapped to is the CRM's.
 */
export const DEFAULT_CONFLICT_RULES: Record<PulledField, ConflictRule> = {
  name: 'crm_wins',
  arr: 'crm_wins',
  renewalDate: 'crm_wins',
  contractStartDate: 'crm_wins',
  ownerId: 'crm_wins',
  licencesBought: 'crm_wins',
  licencesUsed: 'crm_wins',
  segment: 'cadence_wins',
  stage: 'cadence_wins',
  deployment: 'cadence_wins',
  timezone: 'cadence_wins',
  productVersion: 'crm_wins',
  securityAlertsOptIn: 'cadence_wins',
  tags: 'cadence_wins',
};

/** What each vendor's standard fields fill before anyone maps anything: name, domain, owner, ARR, stage. */
export const VENDOR_FIELDS: Record<CrmVendor, Record<string, string>> = {
  hubspot: { name: 'name', domain: 'domain', hubspot_owner_id: 'owner', annualrevenue: 'arr', lifecyclestage: 'stage' },
  salesforce: { Name: 'name', Website: 'domain', 'Owner.Email': 'owner', AnnualRevenue: 'arr', Type: 'stage' },
};

/** A CRM property or Salesforce field name (Owner.Email): never spliced into a query unchecked. */
const PROPERTY = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

export const CrmMappingSchema = z
  .strictObject({
    fields: z
      .record(z.string().min(1).max(100), z.string().min(1).max(50))
      .describe(
        "Each CRM property (HubSpot) or Account field (Salesforce) → a Cadence account field (name, domain, owner, arr, mrr, renewal_date, segment, stage …), 'tag' or 'ignore'. The vendor's standard fields are mapped unless you say otherwise",
      ),
    values: ImportMappingSchema.shape.values,
    defaults: ImportMappingSchema.shape.defaults,
    dateOrder: ImportMappingSchema.shape.dateOrder,
    conflicts: z
      .partialRecord(z.enum(PULLED_FIELD_NAMES), z.enum(CONFLICT_RULES))
      .default({})
      .describe('For a field changed both in Cadence and in the CRM since the last pull: crm_wins or cadence_wins (default: the CRM wins name, ARR, renewal, owner; Cadence wins segment and stage)'),
    scheduled: z.boolean().default(true).describe('Pull on a schedule; a connection is pulled on a schedule only once its mapping is saved (a CRM used only for pushing meetings is never pulled unasked)'),
    everyMinutes: z.number().int().min(5).max(10_080).default(60).describe('How often the scheduled pull runs for this connection'),
  })
  .meta({ id: 'CrmMapping' });
export type CrmMapping = z.output<typeof CrmMappingSchema>;
export type CrmMappingInput = z.input<typeof CrmMappingSchema>;

/** The mapping a connection starts with: its vendor's standard fields, nothing custom. */
export function defaultCrmMapping(vendor: CrmVendor): CrmMapping {
  return CrmMappingSchema.parse({ fields: VENDOR_FIELDS[vendor] });
}

/** The mapping a pull uses: the vendor's standard fields under the saved ones (a saved 'ignore' removes one). */
export function effectiveFields(vendor: CrmVendor, mapping: CrmMapping): Record<string, string> {
  return { ...VENDOR_FIELDS[vendor], ...mapping.fields };
}

/** The CSV import's mapping for a CRM mapping: the same reading of values, owners and dates. */
export function asImportMapping(vendor: CrmVendor, mapping: CrmMapping): ImportMapping {
  return { kind: 'accounts', columns: effectiveFields(vendor, mapping), values: mapping.values, defaults: mapping.defaults, dateOrder: mapping.dateOrder, strict: false };
}

/** What is wrong with a mapping, in words, with the field it is about; [] when it can be used. Pure. */
export function checkCrmMapping(vendor: CrmVendor, mapping: CrmMapping): { field: string; message: string }[] {
  const columns = effectiveFields(vendor, mapping);
  const problems: { field: string; message: string }[] = [];
  for (const [property, target] of Object.entries(columns)) {
    if (!PROPERTY.test(property)) problems.push({ field: `fields.${property}`, message: `fields: '${property}' is not a CRM field name (letters, digits and _, such as renewal_date or Renewal_Date__c)` });
    if (target === 'external_id' || target === 'crm_id') problems.push({ field: `fields.${property}`, message: `fields.${property}: the CRM record id is the account's CRM id already; map ${property} to another field or to ignore` });
  }
  const header = Object.keys(columns);
  for (const p of checkMapping(asImportMapping(vendor, mapping), header, 0)) problems.push({ field: 'fields', message: p.message.replace(/\bcolumns?\b/g, (w) => (w === 'columns' ? 'CRM fields' : 'CRM field')) });
  return problems;
}

/** The CRM fields a pull asks for beyond the vendor's standard ones: every mapped, not ignored one. */
export function requestedFields(vendor: CrmVendor, mapping: CrmMapping): string[] {
  return Object.entries(effectiveFields(vendor, mapping))
    .filter(([, target]) => target !== IGNORE)
    .map(([property]) => property);
}

/** One CRM record read through the mapping, or the reasons it cannot be. Pure. */
export function mapCrmRecord(vendor: CrmVendor, mapping: CrmMapping, fields: Record<string, string>): { ok: true; row: MappedRow } | { ok: false; reasons: string[] } {
  const importMapping = asImportMapping(vendor, mapping);
  const header = Object.keys(fields);
  const problems: LineProblem[] = [];
  const row = mapRow(importMapping, header, { line: 0, cells: header.map((h) => fields[h] ?? '') }, problems);
  if (!row) return { ok: false, reasons: problems.map((p) => p.message) };
  const nameProperty = header.find((h) => importMapping.columns[h] === 'name') ?? 'name';
  if (typeof row.input.name !== 'string' || row.input.name.trim() === '') return { ok: false, reasons: [`has no name (${nameProperty} is empty)`] };
  // A company without an owner in the CRM keeps the owner it has in Cadence.
  if (row.input.ownerId === null) delete row.input.ownerId;
  return { ok: true, row };
}

/** A field's value as compared and stored between pulls: JSON, so null, numbers and lists compare exactly. */
export const pulledValue = (value: unknown): string => JSON.stringify(value === undefined ? null : Array.isArray(value) ? [...(value as unknown[])].map(String).sort() : value);

export interface FieldOutcome {
  field: PulledField;
  /** taken: the CRM's value is written; kept: Cadence's own value stays although the CRM changed it. */
  outcome: 'taken' | 'kept';
  /** Changed in both places since the last pull (or never pulled and different): the rule decided. */
  conflict: boolean;
  cadenceValue: unknown;
  crmValue: unknown;
}

/**
 * Which of the CRM's values an existing account takes. A field the CRM did not change since the
 * last pull is left alone (an edit in Cadence stays); one only the CRM changed is taken; one
 * both changed (or one never pulled before that differs) goes to the field's rule. Pure.
 */
export function resolveFields(
  account: Account,
  incoming: Partial<Record<PulledField, unknown>>,
  lastPulled: ReadonlyMap<string, string>,
  rules: Partial<Record<PulledField, ConflictRule>>,
): { patch: Partial<Record<PulledField, unknown>>; outcomes: FieldOutcome[] } {
  const patch: Partial<Record<PulledField, unknown>> = {};
  const outcomes: FieldOutcome[] = [];
  for (const [field, crmValue] of Object.entries(incoming) as [PulledField, unknown][]) {
    if (crmValue === undefined || !(field in PULLED_FIELDS)) continue;
    const cadenceValue = (account as unknown as Record<string, unknown>)[field];
    const crm = pulledValue(crmValue);
    const cadence = pulledValue(cadenceValue);
    if (crm === cadence) continue;
    const last = lastPulled.get(field);
    if (last === crm) continue;
    const conflict = last === undefined || last !== cadence;
    const rule = rules[field] ?? DEFAULT_CONFLICT_RULES[field];
    if (conflict && rule === 'cadence_wins') {
      outcomes.push({ field, outcome: 'kept', conflict, cadenceValue: cadenceValue ?? null, crmValue });
      continue;
    }
    patch[field] = crmValue;
    outcomes.push({ field, outcome: 'taken', conflict, cadenceValue: cadenceValue ?? null, crmValue });
  }
  return { patch, outcomes };
}

/** The account fields of a mapped record that a pull compares and remembers (tags only when a field gives them). */
export function pulledFieldsOf(row: MappedRow): Partial<Record<PulledField, unknown>> {
  const out: Partial<Record<PulledField, unknown>> = {};
  for (const field of PULLED_FIELD_NAMES) if (row.input[field] !== undefined) out[field] = row.input[field];
  return out;
}
