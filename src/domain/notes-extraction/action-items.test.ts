import { describe, expect, it } from 'vitest';
import { extractActionItems } from './action-items.ts';
import { buildPeople } from './people.ts';
import { toUtterances } from './text.ts';

const attendees = [
  { name: "Dana O'Brien", side: 'vendor' as const },
  { name: 'Sam Patel', side: 'customer' as const },
  { name: 'Priya Shah', side: 'customer' as const },
];

function items(lines: readonly [string, string][]) {
  const cues = lines.map(([speaker, text], i) => ({ speaker, text, at: i * 10 }));
  const people = buildPeople(attendees, [...new Set(lines.map(([s]) => s))]);
  return extractActionItems(toUtterances(cues), people, { meetingDate: '2026-03-10' }).map((a) => ({ owner: a.owner, text: a.text }));
}

describe('action items from a cadence call', () => {
  it('"you" after naming someone is that person, even when someone else answers', () => {
    const found = items([
      ["Dana O'Brien", 'Priya? You will send the SAML metadata to our team by Friday.'],
      ['Sam Patel', 'She will, yes.'],
    ]);
    expect(found).toContainEqual({ owner: 'Priya Shah', text: 'Send the SAML metadata to our team by Friday' });
  });

  it('work handed out in a wrap-up passage is owned by the person named for it', () => {
    const found = items([
      ['Sam Patel', 'The pipelines have been stable since the upgrade.'],
      ["Dana O'Brien", 'Good to hear. Adoption of the security scanning is up too.'],
      ['Sam Patel', 'Yes, two more teams turned it on last month.'],
      ["Dana O'Brien", 'Great call. Okay, so for next time. Sam, the licence usage report for the renewal review. And Priya gets the list of admins.'],
      ['Sam Patel', 'Sounds good.'],
    ]);
    expect(found.map((f) => f.owner)).toEqual(expect.arrayContaining(['Sam Patel', 'Priya Shah']));
  });

  it('a vendor saying "I\'ll be working on the migration plan" owns a task in the base form', () => {
    expect(items([["Dana O'Brien", "Before the next call I'll be working on the migration plan for the Jenkins jobs."]])).toContainEqual({
      owner: "Dana O'Brien",
      text: 'Work on the migration plan for the Jenkins jobs',
    });
  });

  it('"can you…?" answered "sure" belongs to the one who said sure; "you" to the room belongs to nobody', () => {
    const asked = items([
      ["Dana O'Brien", 'Could you send the audit log export by Friday?'],
      ['Sam Patel', 'Sure, will do.'],
    ]);
    expect(asked).toContainEqual({ owner: 'Sam Patel', text: 'Send the audit log export by Friday' });
    const room = items([
      ["Dana O'Brien", 'Could you send the audit log export by Friday?'],
      ["Dana O'Brien", 'Anyway, moving on to the roadmap.'],
      ['Sam Patel', 'The roadmap looks good.'],
    ]);
    expect(room.map((r) => r.owner)).not.toContain('Sam Patel');
  });

  it('two different tasks of one owner are both kept, the same task said twice once', () => {
    const found = items([
      ["Dana O'Brien", 'I will send the SSO setup guide tomorrow.'],
      ["Dana O'Brien", 'I will also review the runner ticket with support tomorrow.'],
      ["Dana O'Brien", 'So to recap, I will send the SSO setup guide tomorrow.'],
    ]);
    const dana = found.filter((f) => f.owner === "Dana O'Brien").map((f) => f.text);
    expect(dana).toHaveLength(2);
    expect(dana).toEqual(expect.arrayContaining(['Send the SSO setup guide tomorrow', 'Review the runner ticket with support tomorrow']));
  });

  it('someone called by their initials, spelled out in the transcript, owns the task', () => {
    const cues = [
      { speaker: 'Project Manager', text: 'Okay, next steps. The T_A_M_ is going to review the SSO rollout plan with security before the next call.', at: 0 },
      { speaker: 'Technical Account Manager', text: 'Will do.', at: 10 },
    ];
    const people = buildPeople(
      [
        { name: 'Project Manager', side: 'vendor' },
        { name: 'Technical Account Manager', side: 'vendor' },
      ],
      cues.map((c) => c.speaker),
    );
    const found = extractActionItems(toUtterances(cues), people, { meetingDate: '2026-03-10' });
    expect(found.map((a) => ({ owner: a.owner, text: a.text }))).toContainEqual({ owner: 'Technical Account Manager', text: 'Review the SSO rollout plan with security before the next call' });
  });
});
