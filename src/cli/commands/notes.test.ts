import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { parseAttendeesOption, registerNotesCommands } from './notes.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../../domain/${path}`, import.meta.url));

async function run(args: string[]): Promise<string> {
  let out = '';
  const program = new Command('cadence').exitOverride();
  registerNotesCommands(program, { env: {}, stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true } });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

describe('cadence notes extract', () => {
  it('prints the suggestions as JSON with owners, sides and due dates', async () => {
    const out = await run(['notes', 'extract', fixture('notes-extraction/fixtures/renewal-risk-call.vtt'), '--date', '2026-03-10', '--attendees', "Dana O'Brien=vendor,Sam Patel", '--json']);
    const json = JSON.parse(out) as {
      actionItems: { text: string; owner: string; side: string; due: string; quote: string; at: number }[];
      decisions: unknown[];
      risks: unknown[];
      requests: unknown[];
      questions: unknown[];
      summary: unknown[];
    };
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['summary', 'actionItems', 'decisions', 'risks', 'requests', 'questions']));
    expect(json.actionItems[0]).toMatchObject({
      text: 'Escalate the runner ticket with our support manager by Friday',
      owner: "Dana O'Brien",
      side: 'vendor',
      due: '2026-03-13',
      quote: "I'll escalate the runner ticket with our support manager by Friday.",
      at: 19,
    });
  });

  it('without --json it prints readable sections with times', async () => {
    const out = await run(['notes', 'extract', fixture('notes-extraction/fixtures/onboarding-call.txt'), '--date', '2026-03-10', '--attendees', 'Lee Wong=vendor,Maria Garcia']);
    expect(out).toContain('ACTION ITEMS');
    expect(out).toContain('[00:02:30] Open a support ticket for the import timeout today (owner: Lee Wong, vendor, due 2026-03-10)');
    expect(out).toContain('DECISIONS');
  });

  it('a broken transcript is a user error naming the line', async () => {
    await expect(run(['notes', 'extract', fixture('transcripts/fixtures/broken.vtt'), '--json'])).rejects.toMatchObject({ code: 'invalid', message: "line 16: timestamp '00:61:00.000' is not a time" });
  });

  it('a date that is not a date and a missing file are user errors', async () => {
    await expect(run(['notes', 'extract', fixture('transcripts/fixtures/zoom.vtt'), '--date', '2026-13-01'])).rejects.toBeInstanceOf(AppError);
    await expect(run(['notes', 'extract', '/nonexistent/call.vtt'])).rejects.toThrow(/cannot read/);
  });

  it('attendees are read with their email and side', () => {
    expect(parseAttendeesOption('Dana <dana@v.example>=vendor, Sam')).toEqual([
      { name: 'Dana', email: 'dana@v.example', side: 'vendor' },
      { name: 'Sam', side: 'customer' },
    ]);
    expect(() => parseAttendeesOption('Dana=partner')).toThrow(AppError);
  });
});
