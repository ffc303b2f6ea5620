import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

describe('cadence handoff moves accounts or a whole book to a new owner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-handoff-'));
    expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
    for (const [email, name, role] of [
      ['sam@acme.example', 'Sam Stone', 'csm'],
      ['maria@acme.example', 'Maria Lopez', 'csm'],
      ['vic@acme.example', 'Vic Viewer', 'viewer'],
    ])
      expect((await cadence(dir, ['user', 'add', '--email', email!, '--name', name!, '--role', role!])).code).toBe(0);
    const accounts = path.join(dir, 'accounts.csv');
    writeFileSync(accounts, 'external_id,name,segment,stage,owner_email\nG-1,Globex,enterprise,steady,sam@acme.example\nI-1,Initech,commercial,adoption,sam@acme.example\n');
    const imported = await cadence(dir, ['import', 'accounts', accounts]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a dry run changes nothing; the real run hands the book over; a viewer is refused with one line', async () => {
    const dry = await cadence(dir, ['handoff', '--book-of', 'sam@acme.example', '--to', 'maria@acme.example', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(
      JSON.parse(dry.stdout)
        .handoffs.map((h: { accountName: string }) => h.accountName)
        .sort(),
    ).toEqual(['Globex', 'Initech']);
    const still = await cadence(dir, ['handoff', '--account', 'Globex', '--to', 'maria@acme.example', '--reason', 'Territory rebalance']);
    expect(still.code, still.stderr).toBe(0);
    expect(still.stdout).toContain('1 account handed to Maria Lopez');
    // Initech stayed with Sam after the dry run: the book of Sam is now Initech alone.
    const rest = await cadence(dir, ['handoff', '--book-of', 'sam@acme.example', '--to', 'maria@acme.example', '--json']);
    expect(JSON.parse(rest.stdout).handoffs.map((h: { accountName: string }) => h.accountName)).toEqual(['Initech']);
    const toViewer = await cadence(dir, ['handoff', '--account', 'Globex', '--to', 'vic@acme.example']);
    expect(toViewer.code).toBe(1);
    expect(toViewer.stderr).toContain('viewer');
  });
});
