import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';

describe('cadence review and cadence health', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-review-cli-'));
    await cadence(dir, ['user', 'add', '--email', 'kim@example.com', '--name', 'Kim Lee', '--role', 'csm', '--password', 'long enough pw']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the MBR pack as Markdown, or HTML with --format html', async () => {
    const md = await cadence(dir, ['review', 'mbr', '--csm', 'kim@example.com', '--month', '2026-12']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# MBR 2026-12: Kim Lee/);
    const html = await cadence(dir, ['review', 'mbr', '--csm', 'kim@example.com', '--month', '2026-12', '--format', 'html']);
    expect(html.stdout).toMatch(/^<h1>MBR 2026-12: Kim Lee<\/h1>/);
  });

  it('a bad month, an unknown CSM or format is one clear line on stderr with exit 1', async () => {
    const month = await cadence(dir, ['review', 'mbr', '--csm', 'kim@example.com', '--month', 'December']);
    expect(month).toMatchObject({ code: 1, stdout: '' });
    expect(month.stderr).toBe('cadence: --month must be written YYYY-MM (e.g. 2026-12), got "December"\n');
    expect((await cadence(dir, ['review', 'mbr', '--csm', 'nobody@example.com', '--month', '2026-12'])).stderr).toBe('cadence: --csm nobody@example.com is not a user\n');
    expect((await cadence(dir, ['review', 'cbr', '--account', 'Nope', '--format', 'pdf'])).stderr).toBe('cadence: --format must be md or html, got "pdf"\n');
  });

  it('health recompute reports what it scored', async () => {
    const run = await cadence(dir, ['health', 'recompute', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scored: 0, changed: 0 });
  });
});
