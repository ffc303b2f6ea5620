/**
 * Shadowing: a new CSM paired with a senior one for a period, invited to the prep, the call and
 * the post-call work. A checklist per meeting type and activity tracks what has been shadowed;
 * after each call a debrief compares what each of them noted.
 */
import { z } from 'zod';
import type { CalendarDate } from '../model.ts';
import { CalendarDateSchema } from '../validation.ts';

export const SHADOWING_ACTIVITIES = ['pre_call_prep', 'cadence_call', 'kickoff', 'account_team_sync', 'post_call_work'] as const;
export type ShadowingActivity = (typeof SHADOWING_ACTIVITIES)[number];

export const SHADOWING_ACTIVITY_LABEL: Record<ShadowingActivity, string> = {
  pre_call_prep: 'Pre-call preparation (agenda, account review)',
  cadence_call: 'Cadence call',
  kickoff: 'Kickoff call',
  account_team_sync: 'Account-team sync',
  post_call_work: 'Post-call work (notes, follow-up, success plan, CRM)',
};

/** How many of each a new CSM shadows by default before leading on their own. */
export const DEFAULT_SHADOWING_CHECKLIST: Record<ShadowingActivity, number> = {
  pre_call_prep: 3,
  cadence_call: 3,
  kickoff: 1,
  account_team_sync: 2,
  post_call_work: 3,
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');
const MAX_DAYS = 180;

export const ShadowingPairingCreateSchema = z
  .strictObject({
    newCsmId: z.string().trim().min(1, 'must not be empty').max(64),
    seniorCsmId: z.string().trim().min(1, 'must not be empty').max(64),
    startsOn: date,
    endsOn: date,
    /** Overrides of the default counts; 0 leaves an activity out. */
    checklist: z.partialRecord(z.enum(SHADOWING_ACTIVITIES), z.number().int('must be a whole number').min(0).max(20)).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.newCsmId === v.seniorCsmId) ctx.addIssue({ code: 'custom', path: ['seniorCsmId'], message: 'a CSM cannot shadow themselves' });
    if (v.endsOn <= v.startsOn) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must be after startsOn' });
    else if ((Date.parse(v.endsOn) - Date.parse(v.startsOn)) / 86_400_000 > MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `a shadowing period lasts at most ${MAX_DAYS} days` });
    }
  });
export type ShadowingPairingCreate = z.infer<typeof ShadowingPairingCreateSchema>;

/** A shadowed session: a prep, a call, post-call work, optionally on a meeting. */
export const SessionCreateSchema = z.strictObject({
  activity: z.enum(SHADOWING_ACTIVITIES),
  meetingId: z.string().min(1).max(64).optional(),
  /** The day; a meeting's own day when a meeting is given. */
  on: CalendarDateSchema.optional(),
});
export type SessionCreate = z.infer<typeof SessionCreateSchema>;

/** One side's notes of a shadowed call. */
export const NotesSideSchema = z.strictObject({
  side: z.enum(['senior', 'new']),
  notesByItem: z.record(z.string().max(64), z.string().max(8000)).default({}),
  actionItems: z.array(z.string().trim().min(1, 'must not be empty').max(500)).max(100).default([]),
});
export type NotesSideSave = z.infer<typeof NotesSideSchema>;

export interface ShadowingPairing {
  id: string;
  newCsmId: string;
  seniorCsmId: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  checklist: Record<ShadowingActivity, number>;
}

/** A pairing from validated input, the default checklist filled in. */
export function createPairing(input: ShadowingPairingCreate, id: string): ShadowingPairing {
  return { id, newCsmId: input.newCsmId, seniorCsmId: input.seniorCsmId, startsOn: input.startsOn, endsOn: input.endsOn, checklist: { ...DEFAULT_SHADOWING_CHECKLIST, ...input.checklist } };
}

export interface ShadowedSession {
  id: string;
  activity: ShadowingActivity;
  meetingId: string | null;
  on: CalendarDate;
}

export interface ShadowingProgress {
  status: 'upcoming' | 'active' | 'ended';
  items: { activity: ShadowingActivity; label: string; required: number; done: number; complete: boolean; sessionIds: string[] }[];
  /** Share of required sessions done, 0–100 (extra sessions of one activity do not make up for another). */
  percent: number;
  complete: boolean;
  daysLeft: number;
}

/** Progress through the checklist; sessions outside the pairing's period do not count. */
export function shadowingProgress(pairing: ShadowingPairing, sessions: readonly ShadowedSession[], today: CalendarDate): ShadowingProgress {
  let required = 0;
  let done = 0;
  const items = SHADOWING_ACTIVITIES.filter((a) => pairing.checklist[a] > 0).map((activity) => {
    const ids = sessions.filter((s) => s.activity === activity && s.on >= pairing.startsOn && s.on <= pairing.endsOn).map((s) => s.id);
    const need = pairing.checklist[activity];
    required += need;
    done += Math.min(need, ids.length);
    return { activity, label: SHADOWING_ACTIVITY_LABEL[activity], required: need, done: ids.length, complete: ids.length >= need, sessionIds: ids };
  });
  const status = today < pairing.startsOn ? 'upcoming' : today > pairing.endsOn ? 'ended' : 'active';
  const daysLeft = Math.max(0, Math.round((Date.parse(pairing.endsOn) - Date.parse(today)) / 86_400_000));
  return { status, items, percent: required ? Math.round((done / required) * 100) : 100, complete: done >= required, daysLeft };
}

/** What one side noted in a call: notes per agenda item (empty means not noted) and the action items they wrote down. */
export interface NotesSide {
  notesByItem: Readonly<Record<string, string>>;
  actionItems: readonly string[];
}

export interface Debrief {
  agendaItems: { id: string; text: string; noted: 'both' | 'senior_only' | 'new_only' | 'neither' }[];
  actionItems: { both: { senior: string; new: string }[]; seniorOnly: string[]; newOnly: string[] };
  /** Of everything either side noted, the share both noted (0–100). */
  agreement: number;
}

const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'for', 'and', 'on', 'in', 'with', 'by', 'at', 'is', 'be', 'will']);
function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );
}
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared += 1;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

/**
 * The debrief after a shadowed call: which agenda items each side took notes on, and which
 * action items each wrote down. Action items match when they share at least half their words
 * (ignoring small words), best matches first, each used once.
 */
export function debriefNotes(agenda: readonly { id: string; text: string }[], senior: NotesSide, newCsm: NotesSide): Debrief {
  const noted = (side: NotesSide, id: string) => (side.notesByItem[id] ?? '').trim() !== '';
  const agendaItems = agenda.map((item) => {
    const s = noted(senior, item.id);
    const n = noted(newCsm, item.id);
    return { id: item.id, text: item.text, noted: s && n ? ('both' as const) : s ? ('senior_only' as const) : n ? ('new_only' as const) : ('neither' as const) };
  });

  const sw = senior.actionItems.map(words);
  const nw = newCsm.actionItems.map(words);
  const pairs: { i: number; j: number; score: number }[] = [];
  sw.forEach((a, i) =>
    nw.forEach((b, j) => {
      const score = similarity(a, b);
      if (score >= 0.5) pairs.push({ i, j, score });
    }),
  );
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const usedS = new Set<number>();
  const usedN = new Set<number>();
  const both: { senior: string; new: string }[] = [];
  for (const p of pairs) {
    if (usedS.has(p.i) || usedN.has(p.j)) continue;
    usedS.add(p.i);
    usedN.add(p.j);
    both.push({ senior: senior.actionItems[p.i] as string, new: newCsm.actionItems[p.j] as string });
  }
  const seniorOnly = senior.actionItems.filter((_, i) => !usedS.has(i));
  const newOnly = newCsm.actionItems.filter((_, j) => !usedN.has(j));

  const agreed = agendaItems.filter((a) => a.noted === 'both').length + both.length;
  const anyone = agendaItems.filter((a) => a.noted !== 'neither').length + both.length + seniorOnly.length + newOnly.length;
  return { agendaItems, actionItems: { both, seniorOnly, newOnly }, agreement: anyone ? Math.round((agreed / anyone) * 100) : 100 };
}
