import type { NotesSide, ShadowingActivity, ShadowingPairing } from '../domain/reviews/shadowing.ts';
import type { Executor } from './database.ts';
import type { ShadowingDebriefsTable, ShadowingPairingsTable } from './schema.ts';

export function toPairing(row: ShadowingPairingsTable): ShadowingPairing {
  return { id: row.id, newCsmId: row.new_csm_id, seniorCsmId: row.senior_csm_id, startsOn: row.starts_on, endsOn: row.ends_on, checklist: JSON.parse(row.checklist) as ShadowingPairing['checklist'] };
}

export async function insertPairing(db: Executor, p: ShadowingPairing, by: string | null, at: string): Promise<void> {
  await db
    .insertInto('shadowing_pairings')
    .values({ id: p.id, new_csm_id: p.newCsmId, senior_csm_id: p.seniorCsmId, starts_on: p.startsOn, ends_on: p.endsOn, checklist: JSON.stringify(p.checklist), created_by: by, created_at: at })
    .execute();
}

export async function findPairing(db: Executor, id: string): Promise<ShadowingPairing | undefined> {
  const row = await db.selectFrom('shadowing_pairings').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPairing(row) : undefined;
}

/** Pairings, newest first; with `userIds`, only those either side of which is one of them. */
export async function listPairings(db: Executor, userIds: string[] | null): Promise<ShadowingPairing[]> {
  let q = db.selectFrom('shadowing_pairings').selectAll();
  if (userIds) q = q.where((eb) => eb.or([eb('new_csm_id', 'in', userIds), eb('senior_csm_id', 'in', userIds)]));
  return (await q.orderBy('starts_on', 'desc').orderBy('id', 'desc').execute()).map(toPairing);
}

export async function findOverlappingPairing(db: Executor, newCsmId: string, startsOn: string, endsOn: string) {
  return db.selectFrom('shadowing_pairings').select('id').where('new_csm_id', '=', newCsmId).where('starts_on', '<=', endsOn).where('ends_on', '>=', startsOn).executeTakeFirst();
}

export interface SessionRecord {
  id: string;
  pairingId: string;
  meetingId: string | null;
  activity: ShadowingActivity;
  on: string;
  newCsmNotes: NotesSide | null;
  seniorNotes: NotesSide | null;
}

function toSession(r: ShadowingDebriefsTable): SessionRecord {
  return {
    id: r.id,
    pairingId: r.pairing_id,
    meetingId: r.meeting_id,
    activity: r.activity as ShadowingActivity,
    on: r.occurred_on,
    newCsmNotes: r.new_csm_notes ? (JSON.parse(r.new_csm_notes) as NotesSide) : null,
    seniorNotes: r.senior_notes ? (JSON.parse(r.senior_notes) as NotesSide) : null,
  };
}

export async function insertSession(db: Executor, s: SessionRecord, at: string): Promise<void> {
  await db
    .insertInto('shadowing_debriefs')
    .values({
      id: s.id,
      pairing_id: s.pairingId,
      meeting_id: s.meetingId,
      activity: s.activity,
      occurred_on: s.on,
      new_csm_notes: s.newCsmNotes ? JSON.stringify(s.newCsmNotes) : null,
      senior_notes: s.seniorNotes ? JSON.stringify(s.seniorNotes) : null,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export async function listSessions(db: Executor, pairingId: string): Promise<SessionRecord[]> {
  return (await db.selectFrom('shadowing_debriefs').selectAll().where('pairing_id', '=', pairingId).orderBy('occurred_on').orderBy('id').execute()).map(toSession);
}

export async function findSession(db: Executor, pairingId: string, id: string): Promise<SessionRecord | undefined> {
  const row = await db.selectFrom('shadowing_debriefs').selectAll().where('id', '=', id).where('pairing_id', '=', pairingId).executeTakeFirst();
  return row ? toSession(row) : undefined;
}

export async function saveSessionNotes(db: Executor, id: string, side: 'senior' | 'new', notes: unknown, at: string): Promise<void> {
  const json = JSON.stringify(notes);
  await db
    .updateTable('shadowing_debriefs')
    .set(side === 'senior' ? { senior_notes: json, updated_at: at } : { new_csm_notes: json, updated_at: at })
    .where('id', '=', id)
    .execute();
}
