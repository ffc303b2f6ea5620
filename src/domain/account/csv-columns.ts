import type { Account, Contact } from '../model.ts';

/**
 * The CSV shape of the book of business. Export writes exactly these columns and import reads
 * them back, so a file round-trips; `external_id` is the key a re-import updates by.
 */
export const ACCOUNT_COLUMNS = [
  'external_id',
  'name',
  'segment',
  'stage',
  'deployment',
  'arr',
  'renewal_date',
  'contract_start_date',
  'licences_bought',
  'licences_used',
  'owner_email',
  'timezone',
  'product_version',
  'security_alerts_opt_in',
  'crm_id',
  'tags',
] as const;

export const CONTACT_COLUMNS = ['external_id', 'account_external_id', 'name', 'email', 'title', 'role', 'status', 'phone'] as const;

type ColumnKind = 'text' | 'number' | 'integer' | 'boolean' | 'list';

/** CSV column → API field, and how a cell is read. */
export const ACCOUNT_FIELD_OF: Record<string, { field: string; kind: ColumnKind; nullable: boolean }> = {
  external_id: { field: 'externalId', kind: 'text', nullable: false },
  name: { field: 'name', kind: 'text', nullable: false },
  segment: { field: 'segment', kind: 'text', nullable: false },
  stage: { field: 'stage', kind: 'text', nullable: false },
  deployment: { field: 'deployment', kind: 'text', nullable: false },
  arr: { field: 'arr', kind: 'number', nullable: true },
  renewal_date: { field: 'renewalDate', kind: 'text', nullable: true },
  contract_start_date: { field: 'contractStartDate', kind: 'text', nullable: true },
  licences_bought: { field: 'licencesBought', kind: 'integer', nullable: true },
  licences_used: { field: 'licencesUsed', kind: 'integer', nullable: true },
  owner_email: { field: 'ownerId', kind: 'text', nullable: true },
  timezone: { field: 'timezone', kind: 'text', nullable: false },
  product_version: { field: 'productVersion', kind: 'text', nullable: true },
  security_alerts_opt_in: { field: 'securityAlertsOptIn', kind: 'boolean', nullable: false },
  crm_id: { field: 'crmId', kind: 'text', nullable: true },
  tags: { field: 'tags', kind: 'list', nullable: false },
};

export const CONTACT_FIELD_OF: Record<string, { field: string; kind: ColumnKind; nullable: boolean }> = {
  external_id: { field: 'externalId', kind: 'text', nullable: false },
  account_external_id: { field: 'accountId', kind: 'text', nullable: false },
  name: { field: 'name', kind: 'text', nullable: false },
  email: { field: 'email', kind: 'text', nullable: true },
  title: { field: 'title', kind: 'text', nullable: true },
  role: { field: 'role', kind: 'text', nullable: false },
  status: { field: 'status', kind: 'text', nullable: false },
  phone: { field: 'phone', kind: 'text', nullable: true },
};

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads one cell. An empty cell clears a nullable field and leaves any other field as it is
 * (undefined), so a sparse file never blanks a name.
 */
export function readCell(column: string, raw: string, spec: { kind: ColumnKind; nullable: boolean }): CellResult {
  const text = raw.trim();
  if (text === '') return { ok: true, value: spec.nullable ? null : undefined };
  switch (spec.kind) {
    case 'text':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const cleaned = text.replace(/[,_\s]/g, '');
      const n = /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
      if (!Number.isFinite(n)) return { ok: false, message: `${column} '${text}' is not a number` };
      if (spec.kind === 'integer' && !Number.isInteger(n)) return { ok: false, message: `${column} '${text}' is not a whole number` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const v = text.toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(v)) return { ok: true, value: true };
      if (['false', 'no', 'n', '0'].includes(v)) return { ok: true, value: false };
      return { ok: false, message: `${column} '${text}' is not true or false` };
    }
    case 'list':
      return {
        ok: true,
        value: text
          .split(/[;|]/)
          .map((t) => t.trim())
          .filter(Boolean),
      };
  }
}

/** The CSV row of an account; ownerEmail is resolved by the caller. */
export function accountToCsvRow(a: Account, ownerEmail: string | null): Record<(typeof ACCOUNT_COLUMNS)[number], string> {
  return {
    external_id: a.externalId ?? '',
    name: a.name,
    segment: a.segment,
    stage: a.stage,
    deployment: a.deployment,
    arr: a.arr === null ? '' : String(a.arr),
    renewal_date: a.renewalDate ?? '',
    contract_start_date: a.contractStartDate ?? '',
    licences_bought: a.licencesBought === null ? '' : String(a.licencesBought),
    licences_used: a.licencesUsed === null ? '' : String(a.licencesUsed),
    owner_email: ownerEmail ?? '',
    timezone: a.timezone,
    product_version: a.productVersion ?? '',
    security_alerts_opt_in: a.securityAlertsOptIn ? 'true' : 'false',
    crm_id: a.crmId ?? '',
    tags: a.tags.join(';'),
  };
}

export function contactToCsvRow(c: Contact, accountExternalId: string): Record<(typeof CONTACT_COLUMNS)[number], string> {
  return {
    external_id: c.externalId ?? '',
    account_external_id: accountExternalId,
    name: c.name,
    email: c.email ?? '',
    title: c.title ?? '',
    role: c.role,
    status: c.status,
    phone: c.phone ?? '',
  };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first),
 * prefixed with a single quote as OWASP's CSV injection rule says; the import takes it off again.
 */
export function neutraliseCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
