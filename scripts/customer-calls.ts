/**
 * The customer-call fixtures (test/fixtures/customer-calls/*.json: realistic B2B calls written for
 * Cadence, each with the notes a CSM would keep) and how a notes extractor is scored on them,
 * shared by `npm run eval:notes` and test/eval/customer-calls.test.ts. Only the suggestions shown
 * at once count (what a CSM sees before "show more"); the matching rule for action items and
 * decisions is the AMI one (evaluation.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { countMatches, matchItems, scores, type MatchCounts } from '../src/domain/notes-extraction/evaluation.ts';
import type { NotesContext, NotesSuggestions } from '../src/domain/notes-extraction/schema.ts';
import type { Transcript } from '../src/domain/transcripts/transcript.ts';

export interface CustomerCall {
  id: string;
  kind: 'onboarding' | 'renewal' | 'escalation' | 'expansion';
  title: string;
  meetingDate: string;
  timezone: string;
  startsAt?: string;
  attendees: { name: string; side: 'vendor' | 'customer'; timezone?: string }[];
  knownRequests: { id: string; title: string }[];
  transcript: { speaker: string; text: string; at: number }[];
  expected: {
    actionItems: { text: string; owner: string; due: string | null }[];
    decisions: string[];
    requests: { kind: 'feature_request'; matchedId: string }[];
    risks: { type: string; severity: string }[];
    signals: { kind: 'expansion' | 'contraction' }[];
  };
}

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures');

/**
 * `tuning`: the 12 calls written alongside the rules (test/fixtures/customer-calls). `locked`: 4
 * calls (test/fixtures/customer-calls-locked) written with their expected notes before the
 * extractor was ever run on them, and never used to tune anything: the figure to expect on a
 * stranger's call. A rule changed after looking at their score would make them tuning calls.
 */
export function loadCustomerCalls(set: 'tuning' | 'locked' = 'tuning'): CustomerCall[] {
  const dir = path.join(fixtures, set === 'locked' ? 'customer-calls-locked' : 'customer-calls');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CustomerCall);
}

export function callInput(call: CustomerCall): { transcript: Transcript; context: NotesContext } {
  return {
    transcript: { format: 'plain', cues: call.transcript.map((t) => ({ speaker: t.speaker, text: t.text, at: t.at })) },
    context: {
      meetingDate: call.meetingDate,
      timezone: call.timezone,
      ...(call.startsAt ? { startsAt: call.startsAt } : {}),
      attendees: call.attendees,
      knownRequests: call.knownRequests,
    },
  };
}

const shown = <T extends { shown?: boolean | undefined }>(items: readonly T[] | undefined): T[] => (items ?? []).filter((i) => i.shown !== false);

export interface CallScore {
  id: string;
  actions: MatchCounts;
  decisions: MatchCounts;
  /** Matched action items whose due date is the expected one, of matched action items with an expected due date. */
  dueRight: number;
  dueExpected: number;
  /** Expected feature requests found with the right known request, feature requests shown. */
  requests: { predicted: number; gold: number; matched: number };
  risks: { predicted: number; gold: number; matched: number; severityRight: number; falseChampionLeaving: number };
  signals: { predicted: number; gold: number; matched: number };
  /** Sentiment hints about the vendor's own staff: there should be none. */
  vendorSentiment: number;
}

/** Scores one call's suggestions against what the CSM expects. */
export function scoreCall(call: CustomerCall, notes: NotesSuggestions): CallScore {
  const actions = shown(notes.actionItems);
  const gold = call.expected.actionItems;
  const pairs = matchItems(
    actions,
    gold.map((g) => g.text),
  );
  const withDue = pairs.filter((p) => gold[p.gold]?.due);
  const requests = shown(notes.requests).filter((r) => r.kind === 'feature_request');
  const expectedIds = new Set(call.expected.requests.map((r) => r.matchedId));
  const risks = shown(notes.risks);
  const expectedRisk = (type: string) => call.expected.risks.find((r) => r.type === type);
  const signals = shown(notes.signals);
  const usedRisk = new Set<string>();
  let riskMatched = 0;
  let severityRight = 0;
  for (const r of risks) {
    const e = expectedRisk(r.type);
    if (!e || usedRisk.has(r.type)) continue;
    usedRisk.add(r.type);
    riskMatched += 1;
    if (e.severity === r.severity) severityRight += 1;
  }
  const usedSignal = new Set<string>();
  for (const s of signals) if (call.expected.signals.some((e) => e.kind === s.kind)) usedSignal.add(s.kind);
  return {
    id: call.id,
    actions: countMatches(
      actions,
      gold.map((g) => g.text),
    ),
    decisions: countMatches(shown(notes.decisions), call.expected.decisions),
    dueRight: withDue.filter((p) => actions[p.predicted]?.due === gold[p.gold]?.due).length,
    dueExpected: withDue.length,
    requests: { predicted: requests.length, gold: expectedIds.size, matched: new Set(requests.map((r) => r.matchedId).filter((id): id is string => id !== null && expectedIds.has(id))).size },
    risks: {
      predicted: risks.length,
      gold: call.expected.risks.length,
      matched: riskMatched,
      severityRight,
      falseChampionLeaving: risks.filter((r) => r.type === 'champion_leaving' && !expectedRisk('champion_leaving')).length,
    },
    signals: { predicted: signals.length, gold: call.expected.signals.length, matched: usedSignal.size },
    vendorSentiment: shown(notes.sentiment).filter((s) => s.side === 'vendor').length,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (c: { predicted: number; gold: number; matched: number }) => {
  const p = ratio(c.matched, c.predicted);
  const r = ratio(c.matched, c.gold);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};
const sum = (xs: readonly { predicted: number; gold: number; matched: number }[]) => ({
  predicted: xs.reduce((s, x) => s + x.predicted, 0),
  gold: xs.reduce((s, x) => s + x.gold, 0),
  matched: xs.reduce((s, x) => s + x.matched, 0),
});

/** The figures over all calls: micro-averaged like AMI's. */
export function summarise(calls: readonly CallScore[]) {
  const risks = sum(calls.map((c) => c.risks));
  const requests = sum(calls.map((c) => c.requests));
  const signals = sum(calls.map((c) => c.signals));
  return {
    calls: calls.length,
    actionItems: scores(calls.map((c) => c.actions)),
    decisions: scores(calls.map((c) => c.decisions)),
    dueDatesRight: ratio(
      calls.reduce((s, c) => s + c.dueRight, 0),
      calls.reduce((s, c) => s + c.dueExpected, 0),
    ),
    requests: { ...requests, precision: ratio(requests.matched, requests.predicted), recall: ratio(requests.matched, requests.gold), f1: f1(requests) },
    risks: {
      ...risks,
      precision: ratio(risks.matched, risks.predicted),
      recall: ratio(risks.matched, risks.gold),
      severityRight: ratio(
        calls.reduce((s, c) => s + c.risks.severityRight, 0),
        risks.matched,
      ),
      falseChampionLeaving: calls.reduce((s, c) => s + c.risks.falseChampionLeaving, 0),
    },
    signals: { ...signals, precision: ratio(signals.matched, signals.predicted), recall: ratio(signals.matched, signals.gold) },
    vendorSentiment: calls.reduce((s, c) => s + c.vendorSentiment, 0),
  };
}
