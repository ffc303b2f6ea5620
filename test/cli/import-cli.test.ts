import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

const FIXTURES = path.resolve('test/fixtures/import');

describe('cadence import accounts FILE with presets and mappings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-import-cli-'));
    expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
    for (const [email, name] of [
      ['sam@example.com', 'Sam Carter'],
      ['maria@example.com', 'Maria Manager'],
    ] as const) {
      expect((await cadence(dir, ['user', 'add', '--email', email, '--name', name, '--role', 'csm', '--password', 'long enough pw'])).code).toBe(0);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a dry run of a Salesforce report says how the file was read and writes nothing; --save-mapping keeps the mapping', async () => {
    const saved = path.join(dir, 'salesforce.json');
    const run = await cadence(dir, ['import', 'accounts', path.join(FIXTURES, 'salesforce-accounts-report.csv'), '--dry-run', '--save-mapping', saved]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('4 rows (utf-8, comma-separated, salesforce columns, 6 lines around the table skipped): 4 to create, 0 to update, 0 unchanged, 0 errors; dry run: nothing was written\n');
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ kind: 'accounts', preset: 'salesforce', columns: { 'Account Name': 'name', Industry: 'tag' } });
    expect((await cadence(dir, ['export', 'accounts'])).stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--mapping reads a file by a saved mapping, and --preset names the export', async () => {
    const mapping = path.join(dir, 'mine.json');
    writeFileSync(mapping, JSON.stringify({ kind: 'accounts', columns: { Kundennummer: 'external_id', Firma: 'name', Umsatz: 'arr' }, dateOrder: 'dmy' }));
    const file = path.join(dir, 'mine.csv');
    writeFileSync(file, 'Kundennummer;Firma;Umsatz\nDE-1;Hofbräu;"1.234,50 €"\n');
    const run = await cadence(dir, ['import', 'accounts', file, '--mapping', mapping]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect((await cadence(dir, ['export', 'accounts'])).stdout).toContain('DE-1,Hofbräu,commercial,onboarding,saas,1234.5,');
    const vitally = await cadence(dir, ['import', 'accounts', path.join(FIXTURES, 'vitally-accounts.csv'), '--preset', 'vitally']);
    expect(vitally).toMatchObject({ code: 0, stderr: '' });
  });

  it('a bad preset, a broken mapping and a bad line are one line each on stderr, exit 1', async () => {
    expect(await cadence(dir, ['import', 'accounts', path.join(FIXTURES, 'vitally-accounts.csv'), '--preset', 'pipedrive'])).toMatchObject({
      code: 1,
      stderr: "cadence: --preset: 'pipedrive' is not one of cadence, hubspot, salesforce, gainsight, vitally\n",
    });
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ kind: 'accounts', columns: { Name: 7 } }));
    expect(await cadence(dir, ['import', 'accounts', path.join(FIXTURES, 'vitally-accounts.csv'), '--mapping', broken])).toMatchObject({ code: 1, stderr: `cadence: ${broken}: columns.Name must be text\n` });
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'Record ID,Company name,Renewal Date\nR-1,Good,2027-01-01\nR-2,Bad,2025-13-01\n');
    expect(await cadence(dir, ['import', 'accounts', file])).toMatchObject({ code: 1, stderr: `${file}: line 3: Renewal Date '2025-13-01' is not a date (YYYY-MM-DD)\n` });
  });

  it('export --bom starts with the byte order mark, and neutralises formulas', async () => {
    const file = path.join(dir, 'formula.csv');
    writeFileSync(file, 'external_id,name\nF-1,"=1+2"\n');
    expect((await cadence(dir, ['import', 'accounts', file])).code).toBe(0);
    const out = (await cadence(dir, ['export', 'accounts', '--bom'])).stdout;
    expect(out.startsWith('\ufeffexternal_id,')).toBe(true);
    expect(out).toContain("F-1,'=1+2,");
  });
});
