import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { cadence as cadenceIn, type CliRun } from '../helpers/cli.ts';

// HubSpot's company search as https://developers.hubspot.com/docs/api/crm/search answers it (results[] { id, properties }, no paging on the last page).
const COMPANIES = [
  { id: '9002', properties: { name: 'Café Müller', domain: 'cafe-mueller.example', hubspot_owner_id: null, annualrevenue: '64000', lifecyclestage: 'customer', renewal_date: '2027-05-01', hs_lastmodifieddate: '2026-12-01T08:30:00.000Z' } },
  { id: '9010', properties: { name: 'Vandelay Industries', domain: 'vandelay.example', hubspot_owner_id: null, annualrevenue: 'a lot', lifecyclestage: 'customer', renewal_date: null, hs_lastmodifieddate: '2026-12-01T09:00:00.000Z' } },
];

describe('cadence crm pull, status and mapping', () => {
  let dir: string;
  let vendor: LocalServer;
  const cadence = (args: string[]): Promise<CliRun> => cadenceIn(dir, args, { CADENCE_SECRET: 'cli-test-secret-cli-test-secret-0123' });
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-crm-cli-'));
    vendor = await startLocalServer((req) => {
      if (req.path === '/crm/v3/owners') return { json: { results: [] } };
      if (req.path === '/crm/v3/objects/companies/search') {
        const gt = (JSON.parse(req.body) as { filterGroups: { filters: { value: string }[] }[] }).filterGroups[0]?.filters[0]?.value;
        return { json: { total: 2, results: COMPANIES.filter((c) => !gt || Date.parse(c.properties.hs_lastmodifieddate) > Number(gt)) } };
      }
      return { status: 404, json: {} };
    });
    const settings = file('hubspot.json', JSON.stringify({ baseUrl: vendor.url, accessToken: 'pat-cli-token', http: { maxAttempts: 1 } }));
    expect((await cadence(['integrations', 'add', 'hubspot', '--kind', 'hubspot', '--settings', settings])).code).toBe(0);
  });
  afterAll(async () => {
    await vendor.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves a mapping from a file and prints it back', async () => {
    const saved = await cadence(['crm', 'mapping', '--set', file('mapping.json', JSON.stringify({ fields: { renewal_date: 'renewal_date' }, everyMinutes: 30 }))]);
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.stdout).toContain('renewal_date → renewal_date');
    const shown = JSON.parse((await cadence(['crm', 'mapping'])).stdout);
    expect(shown).toMatchObject({ integration: 'hubspot', saved: true, mapping: { everyMinutes: 30, fields: { renewal_date: 'renewal_date' } } });
    const bad = await cadence(['crm', 'mapping', '--set', file('bad.json', JSON.stringify({ fields: { renewal_date: 'renewal' } }))]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("'renewal', which is not a field of accounts");
  });

  it('a dry run says what it would do; the pull does it and names the skipped record and why; the status shows it', async () => {
    const dry = await cadence(['crm', 'pull', '--dry-run']);
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain('hubspot (hubspot, every record): Dry run: would have 1 created, 0 updated, 0 unchanged, 1 skipped');
    expect((await cadence(['export', 'accounts'])).stdout).not.toContain('Café Müller');

    const pulled = await cadence(['crm', 'pull']);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('1 created');
    expect(pulled.stdout).toMatch(/9010\s+Vandelay Industries\s+annualrevenue 'a lot' is not a number/);
    const exported = (await cadence(['export', 'accounts'])).stdout;
    expect(exported).toContain('Café Müller');
    expect(exported).toContain('2027-05-01');

    const status = await cadence(['crm', 'status']);
    expect(status.stdout).toContain('hubspot (hubspot): pulled every 30 minutes');
    expect(status.stdout).toContain('Watermark: 2026-12-01T09:00:00.000Z');
    expect(status.stdout).toContain('Last error: none');
    const json = JSON.parse((await cadence(['crm', 'status', '--json'])).stdout);
    expect(json.connections[0].lastPull).toMatchObject({ status: 'ok', created: 1, skipped: 1 });
  });
});
