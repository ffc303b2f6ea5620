import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence, spawnCadence } from '../helpers/cli.ts';

const BIN = path.resolve('bin/cadence.js');

describe('the cadence CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the real binary exits 2 on a usage error and 1 with one line on stderr on a user error', async () => {
    const [usage, missing] = await Promise.all([spawnCadence(dir, ['frobnicate']), spawnCadence(dir, ['import', 'accounts', path.join(dir, 'nope.csv')])]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown command 'frobnicate'");
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: `cadence: ${path.join(dir, 'nope.csv')}: no such file\n` });
  });

  it('prints help and exits 0; an unknown command is a usage error with exit 2', async () => {
    const help = await cadence(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('import');
    const bad = await cadence(dir, ['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'frobnicate'");
  });

  it('migrates, adds a user and creates a token printed alone on stdout', async () => {
    expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
    const added = await cadence(dir, ['user', 'add', '--email', 'Sam@Example.com', '--name', 'Sam Okafor', '--role', 'csm', '--password', 'long enough pw', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'sam@example.com', role: 'csm' });
    const token = await cadence(dir, ['token', 'create', '--email', 'sam@example.com']);
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^cad_[A-Za-z0-9_-]{40,}\n$/);
  });

  it('a user error is one clear line on stderr with exit 1, never a stack trace', async () => {
    const dup = await cadence(dir, ['user', 'add', '--email', 'sam@example.com', '--name', 'Sam', '--role', 'csm']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe('cadence: a user with email sam@example.com already exists\n');
    const role = await cadence(dir, ['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'boss']);
    expect(role.code).toBe(1);
    expect(role.stderr.trim().split('\n')).toHaveLength(1);
    expect(role.stderr).toMatch(/^cadence: role /);
    const missing = await cadence(dir, ['import', 'accounts', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv: no such file/);
    const noEmail = await cadence(dir, ['user', 'add', '--name', 'X', '--role', 'csm']);
    expect(noEmail.code).toBe(2);
  });

  it('imports with a dry run naming each bad line, then for real, and exports the same file back', async () => {
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(file, 'external_id,name,segment,stage,renewal_date,owner_email\nG-1,Globex,enterprise,onboarding,2027-01-31,sam@example.com\nG-2,Initech,commercial,steady,2025-13-01,\n');
    const dry = await cadence(dir, ['import', 'accounts', file, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain("accounts.csv: line 3: renewal_date '2025-13-01' is not a date (YYYY-MM-DD)");
    expect(dry.stdout).toContain('nothing was imported');
    writeFileSync(file, readFileSync(file, 'utf8').replace('2025-13-01', '2026-12-01'));
    const checked = await cadence(dir, ['import', 'accounts', file, '--dry-run']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('2 to create');
    expect(checked.stdout).toContain('dry run: nothing was written');
    const real = await cadence(dir, ['import', 'accounts', file]);
    expect(real.code).toBe(0);
    const again = await cadence(dir, ['import', 'accounts', file]);
    expect(again.stdout).toContain('0 to create, 0 to update, 2 unchanged');
    const exported = await cadence(dir, ['export', 'accounts']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('G-1,Globex,enterprise,onboarding,saas,,2027-01-31');
    const out = path.join(dir, 'export.csv');
    await cadence(dir, ['export', 'accounts', '-o', out]);
    const reimport = await cadence(dir, ['import', 'accounts', out, '--json']);
    expect(JSON.parse(reimport.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('loads the demo only into an empty database', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'cadence-demo-'));
    try {
      const first = await cadence(fresh, ['demo', 'load']);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/loaded 7 users, 40 accounts, \d+ contacts/);
      const second = await cadence(fresh, ['demo', 'load']);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/already has users/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('schedules a call from the command line and prints its agenda; sending without a customer email says what is missing', async () => {
    const scheduled = await cadence(dir, ['meetings', 'schedule', '--account', 'G-1', '--at', '2026-12-01T15:00:00Z', '--json']);
    expect(scheduled.code).toBe(0);
    const meeting = JSON.parse(scheduled.stdout) as { id: string; title: string };
    expect(meeting.title).toBe('Cadence / Globex CSM Call');
    const agenda = await cadence(dir, ['agenda', 'show', meeting.id, '--format', 'text']);
    expect(agenda.stdout).toContain('RECAP & NEXT STEPS');
    const badFormat = await cadence(dir, ['agenda', 'show', meeting.id, '--format', 'pdf']);
    expect(badFormat.code).toBe(1);
    const send = await cadence(dir, ['agenda', 'send', meeting.id]);
    expect(send.code).toBe(1);
    expect(send.stderr).toMatch(/the call has no customer attendee/);
    const unknown = await cadence(dir, ['meetings', 'schedule', '--account', 'nobody', '--at', '2026-12-01T15:00:00Z']);
    expect(unknown.stderr).toMatch(/no account 'nobody'/);
  });

  it('a bad configuration is reported in words', async () => {
    const run = await cadence(dir, ['db', 'migrate'], { PORT: 'eighty' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PORT/);
  });

  it('serve --demo-if-empty migrates, loads the demo, prints its URL and demo login, and serves the API', async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), 'cadence-serve-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--demo-if-empty', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', CADENCE_DATA_DIR: fresh, LOG_LEVEL: 'silent' },
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const login = /Demo login: (\S+) \/ (\S+)/.exec(out);
          const at = /running at (http:\/\/[^/]+)\//.exec(out);
          if (login && at?.[1]) {
            clearTimeout(timer);
            resolve(at[1]);
          }
        });
      });
      const [, email, password] = /Demo login: (\S+) \/ (\S+)/.exec(out) ?? [];
      const session = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(session.status).toBe(200);
      const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const accounts = (await (await fetch(`${url}/api/accounts?limit=100`, { headers: { cookie } })).json()) as { items: unknown[] };
      expect(accounts.items.length).toBeGreaterThan(10);
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
