import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

describe('the CLI shows what the at-risk stage does to health and cadence', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-risks-'));
    expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
    const accounts = path.join(dir, 'accounts.csv');
    writeFileSync(accounts, 'external_id,name,segment,stage,arr\nG-1,Gringotts,enterprise,at_risk,1070000\n');
    expect((await cadence(dir, ['import', 'accounts', accounts])).code).toBe(0);
    const contacts = path.join(dir, 'contacts.csv');
    writeFileSync(contacts, 'external_id,account_external_id,name,email,role\nC-1,G-1,Griphook,griphook@gringotts.example,champion\nC-2,G-1,Ragnok,ragnok@gringotts.example,economic_buyer\n');
    const imported = await cadence(dir, ['import', 'contacts', contacts]);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await cadence(dir, ['health', 'recompute'])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cadence health show says yellow 69.9 and why; cadence due owes it a call every two weeks, as the API does', async () => {
    const shown = await cadence(dir, ['health', 'show', 'Gringotts']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Health yellow 69.9');
    expect(shown.stdout).toContain('Capped: stage at risk: never green while the account is at risk, with or without a risk recorded');
    const due = await cadence(dir, ['due', '--within', '90', '--json']);
    expect(due.code, due.stderr).toBe(0);
    const row = JSON.parse(due.stdout).find((a: { name: string }) => a.name === 'Gringotts');
    expect(row.due).toMatchObject({ frequency: 'biweekly', because: 'enterprise: monthly; tightened to biweekly because the account is at risk (at least every 14 days)' });
  });
});
