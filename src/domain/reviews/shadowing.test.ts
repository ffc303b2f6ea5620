import { describe, expect, it } from 'vitest';
import { ShadowingPairingCreateSchema, createPairing, debriefNotes, shadowingProgress, type ShadowedSession } from './shadowing.ts';

const pairing = createPairing(ShadowingPairingCreateSchema.parse({ newCsmId: 'nina', seniorCsmId: 'sam', startsOn: '2026-11-01', endsOn: '2026-12-31', checklist: { kickoff: 0 } }), 'p-1');
const session = (id: string, activity: ShadowedSession['activity'], on = '2026-11-10'): ShadowedSession => ({ id, activity, meetingId: `m-${id}`, on });

describe('shadowing pairings', () => {
  it('a CSM cannot shadow themselves, and the period must run forwards and stay under six months', () => {
    const same = ShadowingPairingCreateSchema.safeParse({ newCsmId: 'a', seniorCsmId: 'a', startsOn: '2026-11-01', endsOn: '2026-12-01' });
    expect(same.error?.issues[0]).toMatchObject({ path: ['seniorCsmId'], message: 'a CSM cannot shadow themselves' });
    const backwards = ShadowingPairingCreateSchema.safeParse({ newCsmId: 'a', seniorCsmId: 'b', startsOn: '2026-11-01', endsOn: '2026-10-01' });
    expect(backwards.error?.issues[0]?.path).toEqual(['endsOn']);
    const long = ShadowingPairingCreateSchema.safeParse({ newCsmId: 'a', seniorCsmId: 'b', startsOn: '2026-01-01', endsOn: '2026-12-01' });
    expect(long.error?.issues[0]?.message).toMatch(/at most 180 days/);
  });

  it('the checklist covers prep, cadence calls, account-team syncs and post-call work by default', () => {
    expect(pairing.checklist).toEqual({ pre_call_prep: 3, cadence_call: 3, kickoff: 0, account_team_sync: 2, post_call_work: 3 });
  });
});

describe('shadowing progress', () => {
  it('counts sessions per activity; extra cadence calls do not make up for missing syncs', () => {
    const progress = shadowingProgress(pairing, [session('1', 'cadence_call'), session('2', 'cadence_call'), session('3', 'cadence_call'), session('4', 'cadence_call'), session('5', 'pre_call_prep')], '2026-11-20');
    expect(progress.items.map((i) => [i.activity, i.done, i.complete])).toEqual([
      ['pre_call_prep', 1, false],
      ['cadence_call', 4, true],
      ['account_team_sync', 0, false],
      ['post_call_work', 0, false],
    ]);
    expect(progress.percent).toBe(36);
    expect(progress).toMatchObject({ status: 'active', complete: false, daysLeft: 41 });
  });

  it('a session outside the pairing period does not count', () => {
    expect(shadowingProgress(pairing, [session('1', 'cadence_call', '2026-10-30')], '2026-11-20').items[1]?.done).toBe(0);
  });

  it('the pairing is complete when every activity has its sessions', () => {
    const all = [
      ...['a', 'b', 'c'].map((id) => session(`p${id}`, 'pre_call_prep')),
      ...['a', 'b', 'c'].map((id) => session(`c${id}`, 'cadence_call')),
      ...['a', 'b'].map((id) => session(`s${id}`, 'account_team_sync')),
      ...['a', 'b', 'c'].map((id) => session(`w${id}`, 'post_call_work')),
    ];
    expect(shadowingProgress(pairing, all, '2027-01-05')).toMatchObject({ complete: true, percent: 100, status: 'ended', daysLeft: 0 });
  });
});

describe('the debrief after a shadowed call', () => {
  const agenda = [
    { id: 'i1', text: 'Upgrade to 17.2' },
    { id: 'i2', text: 'Runner timeouts ticket' },
    { id: 'i3', text: 'Success plan review' },
    { id: 'i4', text: 'Next call' },
  ];

  it('shows which agenda items each side noted and which action items both wrote down', () => {
    const debrief = debriefNotes(
      agenda,
      { notesByItem: { i1: 'Planned for January', i2: 'Escalate to support', i3: '' }, actionItems: ['Send the upgrade checklist to Hank', 'Escalate ticket 48213'] },
      { notesByItem: { i1: 'January upgrade', i3: 'Adoption at 41%' }, actionItems: ['send upgrade checklist to Hank', 'Book a training session'] },
    );
    expect(debrief.agendaItems.map((a) => a.noted)).toEqual(['both', 'senior_only', 'new_only', 'neither']);
    expect(debrief.actionItems.both).toEqual([{ senior: 'Send the upgrade checklist to Hank', new: 'send upgrade checklist to Hank' }]);
    expect(debrief.actionItems.seniorOnly).toEqual(['Escalate ticket 48213']);
    expect(debrief.actionItems.newOnly).toEqual(['Book a training session']);
    expect(debrief.agreement).toBe(33);
  });

  it('two people who noted exactly the same agree fully', () => {
    const side = { notesByItem: { i1: 'x' }, actionItems: ['Share the roadmap deck'] };
    expect(debriefNotes(agenda, side, side).agreement).toBe(100);
  });
});
