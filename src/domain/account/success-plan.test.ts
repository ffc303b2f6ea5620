import { describe, expect, it } from 'vitest';
import { ObjectiveCreateSchema, ObjectiveUpdateSchema, SUCCESS_PLAN_TEMPLATES, createObjective, customerSuccessPlan, objectivesFromTemplate, summariseSuccessPlan, updateObjective, type Objective } from './success-plan.ts';

const NOW = new Date('2026-11-20T10:00:00Z');

function objective(o: Partial<Objective> = {}): Objective {
  const base = createObjective(ObjectiveCreateSchema.parse({ accountId: 'acc-1', title: 'Cut release time from 2 weeks to 2 days', targetDate: '2027-03-31' }), 'o-1', NOW);
  return { ...base, ...o };
}

describe('success-plan objectives', () => {
  it('a new objective starts not started at 0% and is visible to the customer', () => {
    expect(objective()).toMatchObject({ status: 'not_started', progress: 0, customerVisible: true, kind: 'outcome' });
  });

  it('progress outside 0–100 or not a whole number is refused', () => {
    for (const p of [-1, 101, 50.5]) expect(ObjectiveUpdateSchema.safeParse({ progress: p }).success).toBe(false);
    expect(ObjectiveUpdateSchema.safeParse({ progress: 40 }).success).toBe(true);
  });

  it('an unknown status or an empty update is refused', () => {
    expect(ObjectiveUpdateSchema.safeParse({ status: 'done' }).success).toBe(false);
    expect(ObjectiveUpdateSchema.safeParse({}).error?.issues[0]?.message).toBe('nothing to change');
  });

  it('marking an objective achieved puts it at 100%', () => {
    expect(updateObjective(objective({ progress: 70, status: 'on_track' }), { status: 'achieved' }, NOW).progress).toBe(100);
  });

  it('reporting progress on an objective not yet started puts it on track', () => {
    expect(updateObjective(objective(), { progress: 20 }, NOW).status).toBe('on_track');
  });

  it('100% progress is not called achieved until someone says so', () => {
    expect(updateObjective(objective({ status: 'on_track' }), { progress: 100 }, NOW).status).toBe('on_track');
  });

  it('the summary counts objectives by status, finds overdue ones and averages live progress', () => {
    const summary = summariseSuccessPlan(
      [objective({ id: 'a', status: 'on_track', progress: 40, targetDate: '2026-10-01' }), objective({ id: 'b', status: 'at_risk', progress: 20 }), objective({ id: 'c', status: 'achieved', progress: 100, targetDate: '2026-01-01' })],
      '2026-11-20',
    );
    expect(summary.byStatus.on_track).toEqual(['a']);
    expect(summary.overdueIds).toEqual(['a']);
    expect(summary.averageProgress).toBe(30);
  });
});

describe('templates per segment', () => {
  it('an enterprise plan starts with agreed outcomes, adoption, enablement and a CBR', () => {
    const plan = objectivesFromTemplate('enterprise', 'acc-1', '2026-11-01', ['1', '2', '3', '4'], NOW);
    expect(plan.map((o) => o.title)).toEqual(SUCCESS_PLAN_TEMPLATES.enterprise.map((t) => t.title));
    expect(plan[0]?.targetDate).toBe('2026-12-01');
    expect(plan.every((o) => o.accountId === 'acc-1' && o.status === 'not_started')).toBe(true);
  });

  it('every segment has a template whose first objective is due within three months', () => {
    for (const templates of Object.values(SUCCESS_PLAN_TEMPLATES)) {
      expect(templates.length).toBeGreaterThan(0);
      expect(templates[0]?.targetInDays).toBeLessThanOrEqual(90);
    }
  });
});

describe('the customer-visible plan', () => {
  it('leaves out internal notes, hidden and abandoned objectives, and says "needs attention" for at risk', () => {
    const plan = customerSuccessPlan('Globex', [
      objective({ id: 'a', status: 'at_risk', internalNotes: 'Budget freeze; CFO sceptical', owner: { kind: 'contact', id: 'c-1', name: 'Hank Scorpio' } }),
      objective({ id: 'b', title: 'Upsell to Ultimate', customerVisible: false }),
      objective({ id: 'c', title: 'Old goal', status: 'abandoned' }),
    ]);
    expect(plan.objectives).toHaveLength(1);
    expect(plan.objectives[0]).toEqual({
      title: 'Cut release time from 2 weeks to 2 days',
      kind: 'outcome',
      description: null,
      owner: 'Hank Scorpio',
      targetDate: '2027-03-31',
      status: 'needs attention',
      progress: 0,
    });
    const text = JSON.stringify(plan);
    for (const secret of ['Budget freeze', 'Upsell', 'acc-1', 'c-1', 'at_risk']) expect(text).not.toContain(secret);
  });
});
