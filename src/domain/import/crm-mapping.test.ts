import { describe, expect, it } from 'vitest';
import type { Account } from '../model.ts';
import { CrmMappingSchema, checkCrmMapping, defaultCrmMapping, mapCrmRecord, pulledValue, requestedFields, resolveFields } from './crm-mapping.ts';

const account = (fields: Partial<Account> = {}): Account => ({
  id: 'a1',
  name: 'Globex',
  segment: 'enterprise',
  stage: 'adoption',
  deployment: 'saas',
  productVersion: null,
  arr: 120000,
  renewalDate: '2027-03-31',
  contractStartDate: null,
  licencesBought: null,
  licencesUsed: null,
  ownerId: 'u-sam',
  timezone: 'UTC',
  securityAlertsOptIn: false,
  healthColour: null,
  healthScore: null,
  externalId: '9001',
  crmId: '9001',
  tags: [],
  team: [],
  archivedAt: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...fields,
});
const pulled = (values: Record<string, unknown>) => new Map(Object.entries(values).map(([k, v]) => [k, pulledValue(v)]));

describe('a CRM record against the account it updates', () => {
  it('takes what only the CRM changed, leaves what only Cadence changed, and sends a field both changed to its rule', () => {
    const last = pulled({ name: 'Globex', arr: 120000, renewalDate: '2027-03-31', stage: 'adoption' });
    const cadence = account({ name: 'Globex Inc', renewalDate: '2027-06-30', stage: 'at_risk' });
    const { patch, outcomes } = resolveFields(cadence, { name: 'Globex Corp', arr: 130000, renewalDate: '2027-04-30', stage: 'adoption' }, last, { renewalDate: 'cadence_wins' });
    // stage: the CRM still says adoption, as last pulled, so Cadence's at_risk is nobody's conflict.
    expect(patch).toEqual({ name: 'Globex Corp', arr: 130000 });
    expect(outcomes.map((o) => [o.field, o.outcome, o.conflict])).toEqual([
      ['name', 'taken', true],
      ['arr', 'taken', false],
      ['renewalDate', 'kept', true],
    ]);
  });

  it('by default Cadence keeps its segment and stage and the CRM wins ARR, renewal and owner', () => {
    const last = pulled({ segment: 'enterprise', stage: 'adoption', ownerId: 'u-sam', arr: 1 });
    const cadence = account({ segment: 'commercial', stage: 'steady', ownerId: 'u-maria', arr: 2 });
    const { patch, outcomes } = resolveFields(cadence, { segment: 'scale', stage: 'renewal', ownerId: 'u-kim', arr: 3 }, last, {});
    expect(patch).toEqual({ ownerId: 'u-kim', arr: 3 });
    expect(outcomes.filter((o) => o.outcome === 'kept').map((o) => o.field)).toEqual(['segment', 'stage']);
  });

  it('a value the CRM and Cadence already agree on is no change and no conflict', () => {
    expect(resolveFields(account(), { arr: 120000, renewalDate: '2027-03-31' }, new Map(), {})).toEqual({ patch: {}, outcomes: [] });
  });
});

describe('a CRM record read through the mapping', () => {
  const hubspot = CrmMappingSchema.parse({ fields: { renewal_date: 'renewal_date', cs_segment: 'segment' } });

  it("reads the vendor's standard fields and the mapped custom ones as the CSV import does", () => {
    const read = mapCrmRecord('hubspot', hubspot, {
      name: 'Café Müller',
      domain: 'www.cafe-mueller.example',
      hubspot_owner_id: 'sam@cadence.demo',
      annualrevenue: '64,000.50',
      lifecyclestage: 'customer',
      renewal_date: '2027-05-01',
      cs_segment: 'Tier 1',
    });
    expect(read.ok && read.row.input).toEqual({ name: 'Café Müller', ownerId: 'sam@cadence.demo', arr: 64000.5, stage: 'adoption', renewalDate: '2027-05-01', segment: 'enterprise' });
    expect(read.ok && read.row.domain).toBe('cafe-mueller.example');
    expect(requestedFields('hubspot', hubspot)).toEqual(['name', 'domain', 'hubspot_owner_id', 'annualrevenue', 'lifecyclestage', 'renewal_date', 'cs_segment']);
  });

  it('says why a record cannot be read, in the CRM field names', () => {
    expect(mapCrmRecord('hubspot', hubspot, { name: '', annualrevenue: '1' })).toEqual({ ok: false, reasons: ['has no name (name is empty)'] });
    expect(mapCrmRecord('salesforce', defaultCrmMapping('salesforce'), { Name: 'Initech', AnnualRevenue: 'n/a', Type: 'Partner' })).toEqual({
      ok: false,
      reasons: ["AnnualRevenue 'n/a' is not a number", "Type 'Partner' is not a Cadence lifecycle stage (onboarding, adoption, steady, renewal, at_risk, churned); map it under values.stage"],
    });
  });

  it('refuses a mapping that sends two fields to one, or a field name that could reach a query', () => {
    expect(checkCrmMapping('salesforce', CrmMappingSchema.parse({ fields: { Account_Name__c: 'name' } }))[0]?.message).toContain("'Name' and 'Account_Name__c' both give name");
    expect(checkCrmMapping('salesforce', CrmMappingSchema.parse({ fields: { 'Name) FROM User --': 'renewal_date' } }))[0]?.message).toContain('is not a CRM field name');
    expect(checkCrmMapping('hubspot', hubspot)).toEqual([]);
  });
});
