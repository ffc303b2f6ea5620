import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/deps.ts';
import { MeetingCreateSchema, WrapUpSchema } from '../../src/domain/meeting/meeting-input.ts';
import { listAccounts } from '../../src/services/accounts/accounts.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { wrapUpMeeting } from '../../src/services/meetings/wrap-up-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { cadence } from '../helpers/cli.ts';

// Names that clean up the same, or differ only in case, next to ordinary ones.
const NAMESAKES = ['Acme', 'ACME', 'Acme!', 'acme', 'Acme.', 'Acme/', 'ACME.', 'Globex', 'globex', 'GLOBEX'];
const NAMES = [...NAMESAKES, ...Array.from({ length: 20 }, (_, i) => `Customer ${String(i + 1).padStart(2, '0')}`)];

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('cadence notes export with accounts whose names collide', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-notes-export-'));
    const csv = path.join(dir, 'accounts.csv');
    writeFileSync(csv, `external_id,name,segment,stage,timezone\n${NAMES.map((name, i) => `A-${i + 1},${name},enterprise,steady,UTC`).join('\n')}\n`);
    const imported = await cadence(dir, ['import', 'accounts', csv]);
    expect(imported.code, imported.stderr).toBe(0);
    // Each account has one held call, wrapped up through the services on the CLI's own database.
    const deps = createDeps(loadConfig({ CADENCE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    try {
      const { items } = await listAccounts(deps, LOCAL_OPERATOR, { limit: 100 });
      expect(items).toHaveLength(30);
      for (const account of items) {
        const meeting = await scheduleMeeting(deps, LOCAL_OPERATOR, MeetingCreateSchema.parse({ accountId: account.id, startsAt: '2026-11-02T11:00:00Z', acknowledgeOutOfHours: true }));
        await wrapUpMeeting(deps, LOCAL_OPERATOR, meeting.id, WrapUpSchema.parse({ notes: { version: 0, notes: `Call with ${account.name} (${account.externalId})` } }));
      }
    } finally {
      await deps.store.destroy();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one file per account, prints that number, and writes the same names the next time', async () => {
    const out = path.join(dir, 'export-1');
    const first = await cadence(dir, ['notes', 'export', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`wrote 30 notes documents under ${out}\n`);
    const files = filesUnder(out);
    expect(files).toHaveLength(30);
    // None would overwrite another on a case-insensitive file system (macOS, Windows) either.
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(30);
    // Each account's notes are in a file of their own: every external id appears in exactly one.
    const owners = files.map((f) => /\(A-(\d+)\)/.exec(readFileSync(path.join(out, f), 'utf8'))?.[1]);
    expect(new Set(owners).size).toBe(30);
    expect(files).toContain(path.join('Customers', 'A', 'Acme', 'Acme - Meeting Notes.md'));
    expect(files).toContain(path.join('Customers', 'A', 'Acme!', 'Acme! - Meeting Notes.md'));

    const again = path.join(dir, 'export-2');
    const second = await cadence(dir, ['notes', 'export', again]);
    expect(second.stdout).toBe(`wrote 30 notes documents under ${again}\n`);
    expect(filesUnder(again)).toEqual(files);
    for (const f of files) expect(readFileSync(path.join(again, f), 'utf8')).toBe(readFileSync(path.join(out, f), 'utf8'));
  });
});
