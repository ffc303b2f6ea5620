import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

describe('sending an agenda from the command line', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let meetingId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-agenda-'));
    const accounts = path.join(dir, 'accounts.csv');
    writeFileSync(accounts, 'external_id,name,segment,stage,timezone\nG-1,Globex,enterprise,steady,Europe/London\n');
    expect((await cadence(dir, ['import', 'accounts', accounts])).code).toBe(0);
    const contacts = path.join(dir, 'contacts.csv');
    writeFileSync(contacts, 'external_id,account_external_id,name,email,role\nC-1,G-1,Hank Scorpio,hank@globex.example,champion\n');
    const imported = await cadence(dir, ['import', 'contacts', contacts]);
    expect(imported.code, imported.stderr).toBe(0);
    const booked = await cadence(dir, ['meetings', 'schedule', '--account', 'G-1', '--at', '2026-12-01T11:00:00Z', '--yes', '--json']);
    expect(booked.code, booked.stderr).toBe(0);
    meetingId = (JSON.parse(booked.stdout) as { id: string }).id;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await smtp.close();
  });

  it('--dry-run prints exactly what each recipient gets and sends nothing; without it the agenda goes out', async () => {
    const dry = await cadence(dir, ['agenda', 'send', meetingId, '--dry-run'], { SMTP_URL: smtp.url });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('To: hank@globex.example');
    expect(dry.stdout).toMatch(/Subject: Agenda: .*Globex.*, Tuesday 1 December 2026, 11:00 GMT/);
    expect(dry.stdout).toContain('Attachments: invite.ics (text/calendar; method=REQUEST)');
    expect(dry.stdout).toContain('Hello Hank,');
    expect(dry.stdout).toContain('(dry run: nothing sent;');
    expect(smtp.received).toHaveLength(0);

    const sent = await cadence(dir, ['agenda', 'send', meetingId], { SMTP_URL: smtp.url });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('agenda sent to hank@globex.example');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.text).toContain('Hello Hank,');
  });
});
