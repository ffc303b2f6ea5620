import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

describe('cadence overrides from the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-override-'));
    expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(file, 'external_id,name,segment,stage\nG-1,Globex,enterprise,steady\n');
    expect((await cadence(dir, ['import', 'accounts', file])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an override with a frequency Cadence does not know is refused in one line naming the field, and a good one is applied', async () => {
    const bad = await cadence(dir, ['policy', 'override', 'Globex', '--frequency', 'fortnightly', '--reason', 'asked for it']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('frequency');
    const noReason = await cadence(dir, ['policy', 'override', 'Globex', '--frequency', 'biweekly']);
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain('reason');
    const good = await cadence(dir, ['policy', 'override', 'Globex', '--frequency', 'biweekly', '--reason', 'migration project']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/^biweekly \(/);
  });
});
