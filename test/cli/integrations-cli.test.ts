import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence as cadenceIn, type CliRun } from '../helpers/cli.ts';
import { startFakeZendesk, type FakeZendesk } from '../helpers/fake-trackers.ts';

describe('cadence integrations, sync tickets and import findings', () => {
  let dir: string;
  let zendesk: FakeZendesk;
  // Integration secrets are encrypted with this key.
  const cadence = (args: string[]): Promise<CliRun> => cadenceIn(dir, args, { CADENCE_SECRET: 'cli-test-secret-cli-test-secret-0123' });
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-integrations-cli-'));
    zendesk = await startFakeZendesk();
    expect((await cadence(['import', 'accounts', file('accounts.csv', 'external_id,name,segment,stage\nSF-GLOBEX,Globex,enterprise,steady\n')])).code).toBe(0);
  });
  afterAll(async () => {
    await zendesk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a tracker from a settings file, lists it without its token and checks the connection', async () => {
    const settings = file('zendesk.json', JSON.stringify({ baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: 'good-token' }));
    const added = await cadence(['integrations', 'add', 'support', '--kind', 'zendesk', '--settings', settings]);
    expect(added).toMatchObject({ code: 0, stdout: 'added support (zendesk); check it with: cadence integrations test support\n' });
    const listed = await cadence(['integrations', 'list']);
    expect(listed.stdout).toMatch(/support\s+zendesk\s+yes/);
    expect((await cadence(['integrations', 'list', '--json'])).stdout).not.toMatch(/good-token|enc:v1/);
    expect(await cadence(['integrations', 'test', 'support'])).toMatchObject({ code: 0, stdout: 'Signed in to Zendesk as Ann Agent (admin)\n' });
  });

  it('a wrong token is explained in one line on stderr with exit 1', async () => {
    const settings = file('bad.json', JSON.stringify({ baseUrl: zendesk.url, email: 'ann@acme.example', apiToken: 'wrong-token', http: { maxAttempts: 1 } }));
    await cadence(['integrations', 'add', 'bad', '--kind', 'zendesk', '--settings', settings]);
    const tested = await cadence(['integrations', 'test', 'bad']);
    expect(tested.code).toBe(1);
    expect(tested.stderr.trim().split('\n')).toHaveLength(1);
    expect(tested.stderr).toMatch(/^cadence: bad: Zendesk refused the credentials/);
    expect(tested.stderr).not.toContain('wrong-token');
    const missing = await cadence(['integrations', 'add', 'x', '--kind', 'zendesk', '--settings', path.join(dir, 'nope.json')]);
    expect(missing).toMatchObject({ code: 1, stderr: `cadence: --settings ${path.join(dir, 'nope.json')}: no such file\n` });
  });

  it('sync tickets reports each run and writes no progress line when stderr is not a terminal', async () => {
    zendesk.put({ id: 1, subject: 'Export fails', status: 'open' });
    zendesk.put({ id: 2, subject: 'Slow search', status: 'pending' });
    const synced = await cadence(['sync', 'tickets', '--integration', 'support']);
    expect(synced.code).toBe(0);
    expect(synced.stdout).toBe('support: ok, 2 fetched, 2 new, 0 changed, 0 unchanged, 2 without an account\n');
    expect(synced.stderr).toBe('');
    const again = await cadence(['sync', 'tickets', '--integration', 'support', '--json']);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ fetched: 0, created: 0 });
    expect((await cadence(['sync', 'tickets', '--integration', 'nope'])).code).toBe(1);
  });

  it('import findings names every bad line and writes nothing, then imports all; importing again adds nothing', async () => {
    const bad = file(
      'bad.csv',
      'account_external_id,kind,title,severity,found_at\nSF-GLOBEX,vulnerability,CVE-1 in base image,high,2026-11-19T08:00:00Z\nSF-NOPE,error,Crash,,2026-11-19T08:00:00Z\nSF-GLOBEX,rumour,Gossip,,2026-11-19T08:00:00Z\n',
    );
    const refused = await cadence(['import', 'findings', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}: line 3: account_external_id: no account you can see has external id 'SF-NOPE'`);
    expect(refused.stderr).toContain(`${bad}: line 4: kind `);
    expect(refused.stdout).toContain('nothing was imported');
    const good = file('good.csv', 'account_external_id,kind,title,severity,found_at\nSF-GLOBEX,vulnerability,CVE-1 in base image,high,2026-11-19T08:00:00Z\nSF-GLOBEX,usage,Seats at 95%,,2026-11-19T08:00:00Z\n');
    expect((await cadence(['import', 'findings', good, '--dry-run'])).stdout).toBe('2 rows: 2 new findings, 0 already received, 0 errors; dry run: nothing was written\n');
    expect((await cadence(['import', 'findings', good])).stdout).toBe('2 rows: 2 new findings, 0 already received, 0 errors; imported\n');
    expect((await cadence(['import', 'findings', good])).stdout).toBe('2 rows: 0 new findings, 2 already received, 0 errors; imported\n');
  });
});
