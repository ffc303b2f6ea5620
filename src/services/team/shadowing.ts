import type { Actor } from '../../domain/model.ts';
import {
  createPairing,
  debriefNotes,
  shadowingProgress,
  type Debrief,
  type NotesSide,
  type NotesSideSave,
  type SessionCreate,
  type ShadowingPairingCreate,
  type ShadowingPairing,
  type ShadowingProgress,
} from '../../domain/reviews/shadowing.ts';
import type { Deps } from '../../deps.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { authorize } from '../../policies/authorize.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { canReadAccount } from '../../policies/accounts.policy.ts';
import { findAccount } from '../../store/accounts.repo.ts';
import { findUser } from '../../store/users.repo.ts';
import { actorFor } from '../users/users.ts';
import { canPairAsNewCsm, canPairCsms, canSeePairing, canWorkOnPairing, canWriteShadowingNotes } from '../../policies/shadowing.policy.ts';
import { findMeeting, loadAgenda } from '../../store/meetings.repo.ts';
import { findPairing, findOverlappingPairing, findSession, insertPairing, insertSession, listPairings, listSessions, saveSessionNotes, type SessionRecord } from '../../store/shadowing.repo.ts';
import { recordChange } from '../record-change.ts';
import { getActiveColleague } from '../users/active-colleague.ts';
import { liveNotesBy } from '../live-notes/authorship.ts';

async function getPairing(deps: Deps, actor: Actor, id: string): Promise<ShadowingPairing> {
  const p = await findPairing(deps.store.db, id);
  if (!p || !canSeePairing(actor, p)) throw notFound('shadowing pairing');
  return p;
}

/** Pairs a new CSM with a senior one for a period (managers and admins). */
export async function createShadowingPairing(deps: Deps, actor: Actor, input: ShadowingPairingCreate): Promise<ShadowingPairing> {
  authorize(canPairCsms(actor), 'only managers and admins pair CSMs for shadowing');
  return deps.store.db.transaction().execute(async (tx) => {
    for (const field of ['newCsmId', 'seniorCsmId'] as const) {
      const user = await getActiveColleague(tx, input[field], field);
      if (field === 'newCsmId') authorize(canPairAsNewCsm(actor, user.id), 'you may pair only CSMs of your team');
    }
    if (await findOverlappingPairing(tx, input.newCsmId, input.startsOn, input.endsOn)) throw conflict('this CSM is already shadowing someone in that period', 'startsOn');
    const pairing = createPairing(input, deps.newId());
    await insertPairing(tx, pairing, actor.id, deps.now().toISOString());
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'shadowing.paired',
      entityType: 'shadowing_pairing',
      entityId: pairing.id,
      before: null,
      after: pairing,
      summary: `Shadowing pairing ${pairing.startsOn} to ${pairing.endsOn}`,
    });
    return pairing;
  });
}

export interface PairingWithProgress extends ShadowingPairing {
  progress: ShadowingProgress;
  sessions: SessionRecord[];
}

async function withProgress(deps: Deps, p: ShadowingPairing): Promise<PairingWithProgress> {
  const sessions = await listSessions(deps.store.db, p.id);
  return { ...p, sessions, progress: shadowingProgress(p, sessions, deps.now().toISOString().slice(0, 10)) };
}

export async function listShadowing(deps: Deps, actor: Actor): Promise<PairingWithProgress[]> {
  // The pairings of the people whose accounts the actor sees: the same circle as the account scope.
  const scope = accountScopeFor(actor);
  const people = scope.kind === 'all' ? null : scope.userIds;
  return Promise.all((await listPairings(deps.store.db, people)).map((p) => withProgress(deps, p)));
}

export async function getShadowing(deps: Deps, actor: Actor, id: string): Promise<PairingWithProgress> {
  return withProgress(deps, await getPairing(deps, actor, id));
}

/** Records a shadowed session (a prep, a call, post-call work), optionally on a meeting. */
export async function recordShadowingSession(deps: Deps, actor: Actor, pairingId: string, input: SessionCreate): Promise<PairingWithProgress> {
  const pairing = await getPairing(deps, actor, pairingId);
  authorize(canWorkOnPairing(actor, pairing), 'only the pair and their managers record shadowing sessions');
  let on = input.on ?? deps.now().toISOString().slice(0, 10);
  if (input.meetingId) {
    const meeting = await findMeeting(deps.store.db, input.meetingId);
    // Only a call on an account the mentor may see: otherwise the pair could pull any account's
    // agenda into their debrief by guessing ids. The answer is the same as for no meeting at all.
    if (!meeting || !(await mentorMaySee(deps, pairing, meeting.accountId))) throw invalid('meetingId is not a meeting of an account the senior CSM may see', 'meetingId');
    on = input.on ?? meeting.startsAt.slice(0, 10);
  }
  if (on < pairing.startsOn || on > pairing.endsOn) throw invalid(`the session on ${on} is outside the pairing (${pairing.startsOn} to ${pairing.endsOn})`, 'on');
  await deps.store.db.transaction().execute(async (tx) => {
    const session: SessionRecord = { id: deps.newId(), pairingId, meetingId: input.meetingId ?? null, activity: input.activity, on, newCsmNotes: null, seniorNotes: null };
    await insertSession(tx, session, deps.now().toISOString());
    await recordChange(tx, deps, actor, {
      accountId: null,
      action: 'shadowing.session',
      entityType: 'shadowing_pairing',
      entityId: pairingId,
      before: null,
      after: session,
      summary: `Shadowed: ${input.activity.replace(/_/g, ' ')} on ${on}`,
    });
  });
  return getShadowing(deps, actor, pairingId);
}

/** One side's notes of a shadowed call: the senior's by the senior, the new CSM's by the new CSM (or their managers). */
export async function saveShadowingNotes(deps: Deps, actor: Actor, pairingId: string, sessionId: string, input: NotesSideSave): Promise<{ debrief: SessionDebrief | null }> {
  const pairing = await getPairing(deps, actor, pairingId);
  const own = input.side === 'senior' ? pairing.seniorCsmId : pairing.newCsmId;
  authorize(canWriteShadowingNotes(actor, own), `only the ${input.side === 'senior' ? 'senior' : 'new'} CSM writes these notes`);
  const session = await findSession(deps.store.db, pairingId, sessionId);
  if (!session) throw notFound('shadowing session');
  await saveSessionNotes(deps.store.db, sessionId, input.side, { notesByItem: input.notesByItem, actionItems: input.actionItems }, deps.now().toISOString());
  return shadowingDebrief(deps, actor, pairingId, sessionId);
}

export interface SessionDebrief extends Debrief {
  /** 'live_notes': the shadowed call has live notes, and each side's notes are what they typed there (with anything written here). */
  from: 'written_notes' | 'live_notes';
  /** Characters each typed in the call's live notes; null without live notes. */
  liveCharacters: { senior: number; new: number } | null;
}

/**
 * The debrief comparing both sides' notes, once both have written theirs, or at once when the
 * shadowed call has live notes: then each person's part of them (the authorship view) is their
 * notes, joined with what they wrote here.
 */
export async function shadowingDebrief(deps: Deps, actor: Actor, pairingId: string, sessionId: string): Promise<{ debrief: SessionDebrief | null }> {
  const pairing = await getPairing(deps, actor, pairingId);
  const session = await findSession(deps.store.db, pairingId, sessionId);
  if (!session) throw notFound('shadowing session');
  const visible = session.meetingId && (await agendaVisible(deps, actor, pairing, session.meetingId)) ? session.meetingId : null;
  const live = visible ? await liveNotesBy(deps, visible, [pairing.seniorCsmId, pairing.newCsmId]) : null;
  if (!live && (!session.seniorNotes || !session.newCsmNotes)) return { debrief: null };
  const agenda = visible ? (await loadAgenda(deps.store.db, visible)).items.map((i) => ({ id: i.id, text: i.text })) : [];
  const side = (written: NotesSide | null, userId: string): NotesSide => {
    const typed = live?.get(userId)?.notesByItem ?? {};
    const ids = new Set([...Object.keys(written?.notesByItem ?? {}), ...Object.keys(typed)]);
    const notesByItem = Object.fromEntries([...ids].map((id) => [id, [written?.notesByItem[id], typed[id]].filter((t) => t?.trim()).join('\n')]));
    return { notesByItem, actionItems: written?.actionItems ?? [] };
  };
  const characters = (userId: string) => {
    const mine = live?.get(userId);
    return mine ? [mine.freeNotes, ...Object.values(mine.notesByItem)].join('').replace(/\s+/gu, '').length : 0;
  };
  return {
    debrief: {
      ...debriefNotes(agenda, side(session.seniorNotes, pairing.seniorCsmId), side(session.newCsmNotes, pairing.newCsmId)),
      from: live ? 'live_notes' : 'written_notes',
      liveCharacters: live ? { senior: characters(pairing.seniorCsmId), new: characters(pairing.newCsmId) } : null,
    },
  };
}

async function mayRead(deps: Deps, actor: Actor, accountId: string): Promise<boolean> {
  const account = await findAccount(deps.store.db, accountId);
  return Boolean(account && canReadAccount(actor, account));
}

async function mentorMaySee(deps: Deps, pairing: ShadowingPairing, accountId: string): Promise<boolean> {
  const mentor = await findUser(deps.store.db, pairing.seniorCsmId);
  return Boolean(mentor && (await mayRead(deps, await actorFor(deps, mentor), accountId)));
}

/**
 * The debrief lists the call's agenda (health, ARR, risks) only to a reader who may see the account,
 * and only while the mentor still may: a session recorded before this rule, or an account moved
 * since, shows the action items alone.
 */
async function agendaVisible(deps: Deps, reader: Actor, pairing: ShadowingPairing, meetingId: string): Promise<boolean> {
  const meeting = await findMeeting(deps.store.db, meetingId);
  if (!meeting) return false;
  return (await mayRead(deps, reader, meeting.accountId)) && (await mentorMaySee(deps, pairing, meeting.accountId));
}
