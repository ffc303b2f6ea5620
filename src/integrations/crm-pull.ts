import { IntegrationError } from './errors.ts';

/**
 * What a CRM pull reads: one company (HubSpot) or account (Salesforce) as source fields, the
 * same shape a CSV row has for the import mapping (src/domain/import/mapping.ts), plus its CRM
 * id and last-modified instant for the watermark.
 */
export interface CrmRecord {
  /** HubSpot company id or Salesforce Account Id: matched against the account's external id. */
  crmId: string;
  /** ISO instant the CRM last changed the record (hs_lastmodifieddate / SystemModstamp). */
  modifiedAt: string;
  /** Source field → value as text ('' when empty), e.g. { name: 'Globex', annualrevenue: '120000' }. */
  fields: Record<string, string>;
}

export interface CrmPage {
  records: CrmRecord[];
  /** Pass back to read the next page; absent on the last page. */
  next?: string;
}

export interface CrmOwner {
  id: string;
  email: string;
}

export interface CrmPuller {
  readonly name: 'hubspot' | 'salesforce';
  /**
   * One page of records changed after `since` (null: everything), oldest change first.
   * `extraFields` are the mapped custom fields (renewal date, segment…).
   */
  page(since: string | null, cursor: string | undefined, extraFields: readonly string[]): Promise<CrmPage>;
}

/** A vendor value as the mapping reads it: text, '' for null or missing. Pure. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A vendor's last-modified value as an ISO instant; unreadable is a changed API, not a crash. */
export function modifiedInstant(value: string | undefined, vendor: string): string {
  const ms = value ? Date.parse(/^\d+$/.test(value) ? new Date(Number(value)).toISOString() : value) : NaN;
  if (Number.isNaN(ms)) throw new IntegrationError('invalid_response', `a record has no readable last-modified time ('${value ?? ''}')`, { vendor });
  return new Date(ms).toISOString();
}
