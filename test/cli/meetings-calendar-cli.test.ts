import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

describe('scheduling, moving and cancelling calls from the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-calendar-'));
    const file = path.join(dir, 'accounts.csv');
    writeFileSync(file, 'external_id,name,segment,stage,timezone\nW-1,Wombat Co,enterprise,steady,Australia/Sydney\n');
    expect((await cadence(dir, ['import', 'accounts', file])).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('asks for --yes before booking a 3 AM call for a Sydney customer, naming both local times', async () => {
    const refused = await cadence(dir, ['meetings', 'schedule', '--account', 'W-1', '--at', '2030-12-10T16:00:00Z']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('Wednesday 11 December 2030, 03:00–03:30 AEDT, Sydney time for Wombat Co');
    expect(refused.stderr).toContain('Run again with --yes');
    expect((await cadence(dir, ['meetings', 'list', '--account', 'W-1', '--json'])).stdout.trim()).toBe('[]');

    const booked = await cadence(dir, ['meetings', 'schedule', '--account', 'W-1', '--at', '2030-12-10T16:00:00Z', '--yes', '--json']);
    expect(booked.code).toBe(0);
    const { id } = JSON.parse(booked.stdout) as { id: string };

    const moved = await cadence(dir, ['meetings', 'move', id, '--at', '2030-12-10T23:00:00Z', '--yes']);
    expect(moved).toMatchObject({ code: 0, stdout: 'moved Cadence / Wombat Co CSM Call to Wednesday 11 December 2030, 10:00 AEDT, Sydney time (Tuesday 10 December, 23:00 UTC)\n' });
    const cancelled = await cadence(dir, ['meetings', 'cancel', id]);
    expect(cancelled.stdout).toMatch(/^cancelled 1 call of .*Wombat Co CSM Call/);
    expect((await cadence(dir, ['meetings', 'cancel', id])).stderr).toContain('cancelled; it can no longer be cancelled');
  });

  it('books a weekly series in one go, and an impossible time names the field', async () => {
    const series = await cadence(dir, ['meetings', 'schedule', '--account', 'W-1', '--at', '2030-12-10T23:00:00Z', '--every', 'weekly', '--count', '3', '--yes']);
    expect(series.stdout).toContain('3 calls');
    const bad = await cadence(dir, ['meetings', 'schedule', '--account', 'W-1', '--at', '2030-02-30T23:00:00Z']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('startsAt');
  });
});
