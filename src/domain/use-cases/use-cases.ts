/**
 * Use-case adoption (issue #19 item 4). The workspace keeps a list of use cases per product (the
 * templates: what the customer calls it, and what we offer to enable it); each account's use cases
 * are scored red / yellow / green by hand with a note, or from product findings.
 *
 * The findings rule, kept simple on purpose: a template may name a phrase (`findingMatch`); a
 * finding of the account whose title contains it (case-insensitive), found in the last 90 days,
 * speaks for the use case. The newest such finding decides: `usage` reads green (they use it), an
 * `error` or `vulnerability` of high or critical severity reads red, anything else yellow. A score
 * by hand wins over findings as long as it is as new as the newest matching finding or newer; a
 * newer finding takes over until someone scores again.
 *
 * Pure: no clock (pass `now`), no I/O.
 */
import { z } from 'zod';
import type { FindingKind, FindingSeverity } from '../meeting/meeting.ts';
import { HEALTH_COLOURS, type HealthColour, type Instant } from '../model.ts';
import { shortText } from '../validation.ts';

export const FINDINGS_LOOK_BACK_DAYS = 90;

export const UseCaseTemplateInputSchema = z.strictObject({
  id: z.string().min(1).max(64).optional().describe('Keep this id to keep the accounts’ scores of a renamed use case'),
  product: shortText(80).describe('The product the use case belongs to'),
  name: shortText(120).describe('Our name for it, e.g. "Dependency scanning"'),
  customerWording: shortText(300).describe('How the customer would say it, for the agenda: "Find vulnerable dependencies before they ship"'),
  enablementOffer: shortText(500).describe('What we offer to get them there: "a 45-minute enablement session with a solutions architect"'),
  findingMatch: z.string().trim().min(2).max(120).nullable().optional().describe('A finding whose title contains this phrase speaks for the use case'),
});
export type UseCaseTemplateInput = z.infer<typeof UseCaseTemplateInputSchema>;

export const UseCaseTemplatesSaveSchema = z.strictObject({ templates: z.array(UseCaseTemplateInputSchema).max(300, 'must hold at most 300 use cases') });
export type UseCaseTemplatesSave = z.infer<typeof UseCaseTemplatesSaveSchema>;

export const UseCaseScoreSchema = z.strictObject({
  score: z.enum(HEALTH_COLOURS).nullable().describe('red, yellow or green; null clears the score by hand'),
  note: z.string().trim().max(2000, 'must be at most 2000 characters').nullable().optional().describe('Why: what the customer said, what is in the way'),
});
export type UseCaseScore = z.infer<typeof UseCaseScoreSchema>;

export interface UseCaseTemplate {
  id: string;
  product: string;
  name: string;
  customerWording: string;
  enablementOffer: string;
  findingMatch: string | null;
  position: number;
}

/** One product and name once: the key duplicates are found by. */
export const templateKey = (t: { product: string; name: string }) => `${t.product.trim().toLowerCase()}|${t.name.trim().replace(/\s+/g, ' ').toLowerCase()}`;

/** The first duplicate in a list to save (same product and name, any case), as the field to name; null when none. */
export function findDuplicate(templates: readonly { product: string; name: string; id?: string }[]): { field: string; message: string } | null {
  const seen = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const [i, t] of templates.entries()) {
    const key = templateKey(t);
    const first = seen.get(key);
    if (first !== undefined) return { field: `templates.${i}.name`, message: `"${t.name}" is already use case ${first + 1} of ${t.product}` };
    seen.set(key, i);
    if (t.id !== undefined) {
      const again = ids.get(t.id);
      if (again !== undefined) return { field: `templates.${i}.id`, message: `id ${t.id} is already use case ${again + 1}` };
      ids.set(t.id, i);
    }
  }
  return null;
}

/** What the findings rule reads of a finding. */
export interface UseCaseFinding {
  kind: FindingKind;
  severity: FindingSeverity | null;
  title: string;
  foundAt: Instant;
}

export interface HandScore {
  score: HealthColour | null;
  note: string | null;
  scoredBy: string | null;
  scoredAt: Instant | null;
}

export interface ScoredUseCase {
  template: UseCaseTemplate;
  /** The score in force, from the hand or the findings; null: nobody has said and no finding speaks. */
  score: HealthColour | null;
  source: 'hand' | 'findings' | null;
  /** In words: "scored green by hand on 2026-11-20: rolled out to all teams" or "from a finding on 2026-11-28: …". */
  because: string | null;
  hand: HandScore;
}

function findingColour(f: UseCaseFinding): HealthColour {
  if (f.kind === 'usage') return 'green';
  if ((f.kind === 'error' || f.kind === 'vulnerability') && (f.severity === 'high' || f.severity === 'critical')) return 'red';
  return 'yellow';
}

/** The account's use case as it stands: the hand score, or the newest matching finding when that is newer. */
export function scoreUseCase(template: UseCaseTemplate, hand: HandScore, findings: readonly UseCaseFinding[], now: Date): ScoredUseCase {
  const since = now.getTime() - FINDINGS_LOOK_BACK_DAYS * 86_400_000;
  const phrase = template.findingMatch?.toLowerCase();
  const newest = phrase
    ? findings
        .filter((f) => f.title.toLowerCase().includes(phrase) && Date.parse(f.foundAt) >= since && Date.parse(f.foundAt) <= now.getTime())
        .sort((a, b) => Date.parse(b.foundAt) - Date.parse(a.foundAt) || a.title.localeCompare(b.title))[0]
    : undefined;
  const handCounts = hand.score !== null && hand.scoredAt !== null && (!newest || Date.parse(hand.scoredAt) >= Date.parse(newest.foundAt));
  if (handCounts) {
    return { template, score: hand.score, source: 'hand', because: `scored ${hand.score} by hand on ${hand.scoredAt!.slice(0, 10)}${hand.note ? `: ${hand.note}` : ''}`, hand };
  }
  if (newest) {
    const colour = findingColour(newest);
    return { template, score: colour, source: 'findings', because: `${colour} from a product finding on ${newest.foundAt.slice(0, 10)} (${newest.kind}${newest.severity ? `, ${newest.severity}` : ''}): ${newest.title}`, hand };
  }
  return { template, score: null, source: null, because: null, hand };
}

/**
 * The one or two use cases the next agenda suggests: red before yellow, then the template order.
 * Unscored and green ones are not suggested.
 */
export function useCasesToSuggest(useCases: readonly ScoredUseCase[], max = 2): ScoredUseCase[] {
  const rank = (s: HealthColour | null) => (s === 'red' ? 0 : s === 'yellow' ? 1 : 2);
  return useCases
    .filter((u) => u.score === 'red' || u.score === 'yellow')
    .sort((a, b) => rank(a.score) - rank(b.score) || a.template.position - b.template.position)
    .slice(0, max);
}

/** Points use cases take off the health score: red 5, yellow 2, at most 15 in all. */
export const ADOPTION_POINTS: Record<'red' | 'yellow', number> = { red: 5, yellow: 2 };
export const ADOPTION_CAP = 15;

export interface AdoptionDeduction {
  points: number;
  /** In words: "use cases: 1 red (Dependency scanning), 1 yellow (SAST) of 4 scored, −7". Empty without scored use cases. */
  lines: string[];
}

/**
 * The adoption measure of health: a deduction like the open-risks one, so good usage figures do not
 * hide use cases that are not landing. Unscored use cases count for nothing either way.
 */
export function adoptionDeduction(useCases: readonly { name: string; score: HealthColour | null }[]): AdoptionDeduction {
  const scored = useCases.filter((u) => u.score !== null);
  if (scored.length === 0) return { points: 0, lines: [] };
  const red = scored.filter((u) => u.score === 'red');
  const yellow = scored.filter((u) => u.score === 'yellow');
  const points = Math.min(ADOPTION_CAP, red.length * ADOPTION_POINTS.red + yellow.length * ADOPTION_POINTS.yellow);
  const part = (list: typeof scored, colour: string) => (list.length ? [`${list.length} ${colour} (${list.map((u) => u.name).join(', ')})`] : []);
  const parts = [...part(red, 'red'), ...part(yellow, 'yellow')];
  const green = scored.length - red.length - yellow.length;
  const line = parts.length ? `use cases: ${parts.join(', ')} of ${scored.length} scored: −${points}` : `use cases: all ${green} scored green`;
  return { points, lines: [line] };
}
