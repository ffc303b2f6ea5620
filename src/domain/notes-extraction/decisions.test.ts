import { describe, expect, it } from 'vitest';
import { chosenPhrase } from './decision-patterns.ts';
import { extractDecisions } from './decisions.ts';
import { toUtterances } from './text.ts';
import { mainTopic } from './topic.ts';

function talk(lines: readonly [string, string][]) {
  return toUtterances(lines.map(([speaker, text], i) => ({ speaker, text, at: i * 10 })));
}

/** A long call that keeps coming back to one subject, the audit dashboard, and then goes on as given. */
function aboutTheAuditDashboard(then: readonly [string, string][] = []): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i < 12; i += 1) lines.push(['Dana', `The audit dashboard shows check number ${i} for the auditors.`], ['Sam', 'Right, the audit dashboard matters to us.']);
  return [...lines, ...then];
}

describe('decisions heard in a call', () => {
  it('a plan the group states and the customer agrees to keeps its verb, negation included', () => {
    const decisions = extractDecisions(
      talk([
        ['Dana', "Okay, so we won't migrate the legacy Jenkins jobs this quarter."],
        ['Sam', 'Agreed, that makes sense.'],
      ]),
    );
    expect(decisions.map((d) => d.text)).toEqual(['We will not migrate the legacy Jenkins jobs this quarter']);
  });

  it('"let\'s do that" names nothing and is not a decision', () => {
    expect(
      extractDecisions(
        talk([
          ['Dana', "Okay, so let's go with that then."],
          ['Sam', 'Sure.'],
        ]),
      ),
    ).toEqual([]);
  });

  it('a choice is cut where the speaker runs on into the next thought', () => {
    expect(chosenPhrase('rubber buttons that feel soft, oh I have to go')).toBe('rubber buttons');
    expect(chosenPhrase('it now')).toBeNull();
  });
});

describe('what a meeting is about', () => {
  it('a short call has no dominant subject', () => {
    expect(
      mainTopic(
        talk([
          ['Dana', 'The dashboard export is broken.'],
          ['Sam', 'We will look at the dashboard.'],
        ]),
      ),
    ).toBeNull();
  });

  it('the noun a long discussion keeps returning to is its subject, with the word it is always said with', () => {
    const lines: [string, string][] = [];
    for (let i = 0; i < 12; i += 1) {
      lines.push(['Dana', `The audit dashboard needs work item ${i}, and people keep asking about filters.`]);
      lines.push(['Sam', 'Yes, our auditors open the audit dashboard every morning.']);
    }
    expect(mainTopic(talk(lines))).toBe('audit dashboard');
  });

  it('"it\'ll be…" agreed at the end of a long discussion is written about that subject', () => {
    const lines = aboutTheAuditDashboard();
    lines.push(['Dana', "Okay, so it'll have a CSV export for the auditors."], ['Sam', 'Yes, perfect.']);
    expect(extractDecisions(talk(lines)).map((d) => d.text)).toContain('The audit dashboard will have a CSV export for the auditors');
  });

  it('two choices about the same subject are two decisions, not one said twice', () => {
    const lines = aboutTheAuditDashboard();
    lines.push(['Dana', "Okay, so it'll have a CSV export."], ['Sam', 'Yes, perfect.'], ['Dana', "Okay, so it'll have an email digest."], ['Sam', 'Yes, great.']);
    const texts = extractDecisions(talk(lines)).map((d) => d.text);
    expect(texts).toEqual(expect.arrayContaining(['The audit dashboard will have a CSV export', 'The audit dashboard will have an email digest']));
  });

  it('a yes-or-no question answered "yes" straight away is settled; left unanswered it is not', () => {
    const asked: [string, string][] = [['Dana', "Okay, so we're using SAML through Okta for the login?"]];
    expect(extractDecisions(talk([...asked, ['Sam', 'Yes, exactly.']])).map((d) => d.text)).toEqual(['We will use SAML through Okta for the login']);
    expect(extractDecisions(talk([...asked, ['Sam', 'Let me check with security first.']]))).toEqual([]);
  });

  it("a thing one person proposes and the others take up is suggested about the subject; the meeting's own logistics are not", () => {
    const lines = aboutTheAuditDashboard([
      ['Sam', 'Could the dashboard send a weekly email digest?'],
      ['Dana', 'Yes, a weekly email digest is easy to add.'],
      ['Priya', 'A weekly email digest would help our auditors a lot.'],
      ['Sam', 'The weekly email digest should go to the whole audit team.'],
      ['Dana', 'Okay, we will take a lunch break now.'],
      ['Sam', 'Sure.'],
      ['Dana', "So we're going with two function buttons and the"],
      ['Sam', 'Yes.'],
    ]);
    const texts = extractDecisions(talk(lines)).map((d) => d.text);
    expect(texts).toContain('Audit dashboard: weekly email digest');
    // Cut where the speaker trailed off, and nothing about lunch.
    expect(texts).toContain('Audit dashboard: two function buttons');
    expect(texts.join(' ')).not.toMatch(/lunch/i);
  });

  it('a problem everyone complains about is not a decision', () => {
    const lines = aboutTheAuditDashboard([
      ['Sam', 'The nightly export keeps timing out.'],
      ['Priya', 'Yes, the nightly export timed out again yesterday.'],
      ['Dana', 'The nightly export is slow for everyone this month.'],
    ]);
    expect(extractDecisions(talk(lines))).toEqual([]);
  });
});
