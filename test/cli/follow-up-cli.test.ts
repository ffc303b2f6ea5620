import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/deps.ts';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { wrapUpMeeting } from '../../src/services/meetings/wrap-up-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { cadence } from '../helpers/cli.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

describe('sending a follow-up from the command line', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let meetingId: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-cli-follow-up-'));
    const accounts = path.join(dir, 'accounts.csv');
    writeFileSync(accounts, 'external_id,name,segment,stage,timezone\nG-1,Globex,enterprise,steady,Europe/London\n');
    expect((await cadence(dir, ['import', 'accounts', accounts])).code).toBe(0);
    const contacts = path.join(dir, 'contacts.csv');
    writeFileSync(contacts, 'external_id,account_external_id,name,email,role\nC-1,G-1,Hank Scorpio,hank@globex.example,champion\n');
    const imported = await cadence(dir, ['import', 'contacts', contacts]);
    expect(imported.code, imported.stderr).toBe(0);
    const booked = await cadence(dir, ['meetings', 'schedule', '--account', 'G-1', '--at', '2026-11-02T11:00:00Z', '--yes', '--json']);
    expect(booked.code, booked.stderr).toBe(0);
    const meeting = JSON.parse(booked.stdout) as { id: string; accountId: string };
    meetingId = meeting.id;
    // The call is held: wrapped up through the service on the CLI's own database (there is no wrap-up command).
    const deps = createDeps(loadConfig({ CADENCE_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    try {
      await createActionItem(deps, LOCAL_OPERATOR, { accountId: meeting.accountId, text: 'Send the seat forecast', side: 'customer', owner: { name: 'Hank Scorpio' } });
      await wrapUpMeeting(deps, LOCAL_OPERATOR, meeting.id, { recap: ['Upgrade planned for January'], decisions: ['Globex moves to 18.x in January'], actionItems: [], risks: [], requests: [] });
    } finally {
      await deps.store.destroy();
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await smtp.close();
  });

  it('--dry-run prints exactly what each recipient gets and the items not addressed, and sends nothing', async () => {
    const run = await cadence(dir, ['follow-up', 'send', meetingId, '--dry-run'], { SMTP_URL: smtp.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(dry run: nothing sent)');
    expect(run.stdout).toContain('To: hank@globex.example');
    expect(run.stdout).toMatch(/Subject: Follow-up: .*Globex.*, 2 November 2026/);
    expect(run.stdout).toContain('Globex moves to 18.x in January');
    expect(run.stdout).toContain('Not addressed (sending refuses without --send-anyway):\n  - Send the seat forecast: has no due date and no date for news');
    expect(smtp.received).toHaveLength(0);
  });

  it('a send with an item not addressed is refused in one line, and goes with --send-anyway', async () => {
    const refused = await cadence(dir, ['follow-up', 'send', meetingId], { SMTP_URL: smtp.url });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('1 action item is not addressed: "Send the seat forecast"');
    expect(smtp.received).toHaveLength(0);
    const sent = await cadence(dir, ['follow-up', 'send', meetingId, '--send-anyway'], { SMTP_URL: smtp.url });
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('follow-up sent to hank@globex.example');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.parsed.text).toContain('Globex moves to 18.x in January');
  });
});
