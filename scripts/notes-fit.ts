/**
 * What the notes scripts fit and how they check it: the decision ranker's weights, the calibration
 * of each kind's score into a confidence, and the threshold for showing a suggestion at once.
 * Every fit takes a set of meetings and nothing else, so cross-validation can hold out whole
 * series or whole sites (scripts/ami-meetings.ts) and measure on people the fit never saw.
 */
import { actionCandidates, selectActionItems, type ActionCandidate } from '../src/domain/notes-extraction/action-items.ts';
import { CALIBRATION, SHOW } from '../src/domain/notes-extraction/confidence.ts';
import { FEATURE_NAMES, namedChoices, WEIGHTS, type NamedChoice } from '../src/domain/notes-extraction/decision-ranker.ts';
import { choiceNote, decisionCandidates, selectDecisions, type DecisionCandidate } from '../src/domain/notes-extraction/decisions.ts';
import { countMatches, predictionWords, scores, type MatchCounts } from '../src/domain/notes-extraction/evaluation.ts';
import { buildPeople } from '../src/domain/notes-extraction/people.ts';
import { contentTokens, tokenF1, toUtterances, type Utterance } from '../src/domain/notes-extraction/text.ts';
import { mainTopic } from '../src/domain/notes-extraction/topic.ts';
import { attendeesOf, toTranscript, type AmiMeeting } from './ami-meetings.ts';

export interface Prepared {
  id: string;
  series: string;
  site: string;
  utterances: Utterance[];
  topic: string | null;
  choices: NamedChoice[];
  /** Per choice: 1 when its note matches an annotator's decision. */
  choiceLabels: number[];
  actions: ActionCandidate[];
  goldActions: string[];
  goldDecisions: string[];
}

const matchesAny = (words: string[], gold: string[][]) => gold.some((g) => tokenF1(words, g) >= 0.5);

export function prepare(m: AmiMeeting): Prepared {
  const transcript = toTranscript(m);
  const utterances = toUtterances(transcript.cues);
  const people = buildPeople(attendeesOf(m), [...new Set(transcript.cues.map((c) => c.speaker))]);
  const topic = mainTopic(utterances);
  const choices = namedChoices(utterances, topic);
  const goldDecisions = m.gold.decisions.map((d) => d.text);
  const goldWords = goldDecisions.map((g) => contentTokens(g));
  return {
    id: m.id,
    series: m.series,
    site: m.site,
    utterances,
    topic,
    choices,
    choiceLabels: choices.map((c) => (matchesAny(predictionWords({ text: choiceNote(c, topic) }), goldWords) ? 1 : 0)),
    actions: actionCandidates(utterances, people, { meetingDate: '2005-01-10' }),
    goldActions: m.gold.action_items.map((a) => a.text),
    goldDecisions,
  };
}

/** L2-regularised logistic regression by Newton's method (exact and fast for a few features); x[0] is the bias. */
export function logistic(xs: readonly number[][], ys: readonly number[], l2 = 1): number[] {
  const d = xs[0]?.length ?? 1;
  let w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 40; iteration += 1) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, n) => {
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0)));
      const y = ys[n] ?? 0;
      for (let i = 0; i < d; i += 1) {
        grad[i] = (grad[i] ?? 0) + (p - y) * (x[i] ?? 0);
        const row = hess[i] as number[];
        for (let j = 0; j < d; j += 1) row[j] = (row[j] ?? 0) + p * (1 - p) * (x[i] ?? 0) * (x[j] ?? 0);
      }
    });
    for (let i = 1; i < d; i += 1) {
      grad[i] = (grad[i] ?? 0) + l2 * (w[i] ?? 0);
      (hess[i] as number[])[i] = ((hess[i] as number[])[i] ?? 0) + l2;
    }
    (hess[0] as number[])[0] = ((hess[0] as number[])[0] ?? 0) + 1e-6;
    const step = solve(hess, grad);
    w = w.map((v, i) => v - (step[i] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return w;
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solve(a: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c += 1) {
    let pivot = c;
    for (let r = c + 1; r < n; r += 1) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const pr = m[c] as number[];
    const pv = pr[c] ?? 0;
    if (Math.abs(pv) < 1e-12) continue;
    for (let r = 0; r < n; r += 1) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] ?? 0) / pv;
      for (let k = c; k <= n; k += 1) row[k] = (row[k] ?? 0) - f * (pr[k] ?? 0);
    }
  }
  return m.map((row, i) => (row[n] ?? 0) / (row[i] || 1));
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The ranker features kept (indices into FEATURE_NAMES): chosen by backward elimination, dropping
 * a feature while the held-out log-loss (leave-one-site-out plus leave-one-series-out, tuning
 * meetings only) did not get worse. 11 of the 17 went: what is left is broad (how often and by
 * how many the thing is named, whether it was asked, by whom, two-word phrases), not fitted detail.
 */
export const KEPT_FEATURES: readonly number[] = [0, 1, 3, 7, 8, 14];

/** The decision ranker's weights fitted on these meetings; a feature not kept weighs 0. */
export function fitRanker(meetings: readonly Prepared[]): number[] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const m of meetings)
    m.choices.forEach((c, i) => {
      xs.push(KEPT_FEATURES.map((f) => c.features[f] ?? 0));
      ys.push(m.choiceLabels[i] ?? 0);
    });
  const w = logistic(xs, ys).map(round3);
  return FEATURE_NAMES.map((_, i) => (KEPT_FEATURES.includes(i) ? (w[KEPT_FEATURES.indexOf(i)] ?? 0) : 0));
}

export interface Model {
  ranker: number[];
  calibration: { actionItems: number[]; decisions: number[] };
  show: { actionItems: number; decisions: number };
}

export const SHIPPED: Model = { ranker: [...WEIGHTS], calibration: { actionItems: [...CALIBRATION.actionItems], decisions: [...CALIBRATION.decisions] }, show: { ...SHOW } };

function decisionCands(m: Prepared, ranker: readonly number[]): DecisionCandidate[] {
  return decisionCandidates(m.utterances, { weights: ranker, topic: m.topic, choices: m.choices });
}

const THRESHOLDS = Array.from({ length: 37 }, (_, i) => 0.05 + i * 0.025);

/** The threshold with the best F1 on these meetings; on a tie the higher one (fewer suggestions to delete). */
function bestThreshold(f1At: (t: number) => number): number {
  let best = { t: THRESHOLDS[0] ?? 0.5, f1: -1 };
  for (const t of THRESHOLDS) {
    const f1 = f1At(t);
    if (f1 >= best.f1 - 1e-9) best = { t, f1 };
  }
  return round3(best.t);
}

/** Fits the whole model (ranker, calibrations, thresholds) on these meetings only. */
export function fitModel(meetings: readonly Prepared[]): Model {
  const ranker = fitRanker(meetings);
  const dCands = meetings.map((m) => decisionCands(m, ranker));
  const dx: number[][] = [];
  const dy: number[] = [];
  meetings.forEach((m, k) => {
    const gold = m.goldDecisions.map((g) => contentTokens(g));
    for (const c of dCands[k] ?? []) {
      dx.push([1, ...c.features]);
      dy.push(matchesAny(predictionWords(c), gold) ? 1 : 0);
    }
  });
  const ax: number[][] = [];
  const ay: number[] = [];
  for (const m of meetings) {
    const gold = m.goldActions.map((g) => contentTokens(g));
    for (const c of m.actions) {
      ax.push([1, c.score]);
      ay.push(matchesAny(predictionWords(c), gold) ? 1 : 0);
    }
  }
  const calibration = { actionItems: logistic(ax, ay, 0.1).map(round3), decisions: logistic(dx, dy, 0.1).map(round3) };
  const actionsF1 = (t: number) => scores(meetings.map((m) => countMatches(shownOnly(selectActionItems(m.actions, t, calibration.actionItems)), m.goldActions))).f1;
  const decisionsF1 = (t: number) => scores(meetings.map((m, k) => countMatches(shownOnly(selectDecisions(dCands[k] ?? [], calibration.decisions, t)), m.goldDecisions))).f1;
  return { ranker, calibration, show: { actionItems: bestThreshold(actionsF1), decisions: bestThreshold(decisionsF1) } };
}

export function shownOnly<T extends { shown?: boolean | undefined }>(items: readonly T[]): T[] {
  return items.filter((i) => i.shown !== false);
}

export interface Scored {
  actions: MatchCounts[];
  decisions: MatchCounts[];
  /** Per meeting: whether any action item was shown. */
  anyAction: boolean[];
  /** Confidence and outcome of every suggestion (shown or not), for the reliability table. */
  outcomes: { kind: 'actionItems' | 'decisions'; confidence: number; correct: boolean }[];
}

/** Scores a model on meetings: F1 counts the shown suggestions only, as a CSM sees them. */
export function score(meetings: readonly Prepared[], model: Model): Scored {
  const out: Scored = { actions: [], decisions: [], anyAction: [], outcomes: [] };
  for (const m of meetings) {
    const actions = selectActionItems(m.actions, model.show.actionItems, model.calibration.actionItems);
    const decisions = selectDecisions(decisionCands(m, model.ranker), model.calibration.decisions, model.show.decisions);
    out.actions.push(countMatches(shownOnly(actions), m.goldActions));
    out.decisions.push(countMatches(shownOnly(decisions), m.goldDecisions));
    out.anyAction.push(shownOnly(actions).length > 0);
    const ga = m.goldActions.map((g) => contentTokens(g));
    const gd = m.goldDecisions.map((g) => contentTokens(g));
    for (const a of actions) out.outcomes.push({ kind: 'actionItems', confidence: a.confidence ?? 0, correct: matchesAny(predictionWords(a), ga) });
    for (const d of decisions) out.outcomes.push({ kind: 'decisions', confidence: d.confidence ?? 0, correct: matchesAny(predictionWords(d), gd) });
  }
  return out;
}

export function merge(parts: readonly Scored[]): Scored {
  return { actions: parts.flatMap((p) => p.actions), decisions: parts.flatMap((p) => p.decisions), anyAction: parts.flatMap((p) => p.anyAction), outcomes: parts.flatMap((p) => p.outcomes) };
}

/** Holds out each group in turn (a site, or a series), fits on the rest and scores the group. */
export function crossValidate(meetings: readonly Prepared[], groupOf: (m: Prepared) => string): { group: string; scored: Scored; model: Model }[] {
  const groups = [...new Set(meetings.map(groupOf))].sort();
  return groups.map((group) => {
    const model = fitModel(meetings.filter((m) => groupOf(m) !== group));
    return {
      group,
      model,
      scored: score(
        meetings.filter((m) => groupOf(m) === group),
        model,
      ),
    };
  });
}

export { FEATURE_NAMES };
