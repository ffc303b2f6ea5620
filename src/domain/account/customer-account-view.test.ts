import { describe, expect, it } from 'vitest';
import { projectCustomerAccount, sharedPlanOf } from './customer-account-view.ts';
import { actionItem, objective } from '../reviews/reviews.fixtures.ts';

/**
 * Records as a careless caller might hand them over: the real fields plus internal ones the model
 * has elsewhere (and ones it may gain). The projection must drop every field not on its allow-list.
 */
const INTERNAL = {
  arr: 7654321,
  health: 'red',
  healthExplanation: 'SECRET-health',
  riskEvidence: 'SECRET-risk',
  notes: 'SECRET-notes',
  internalNotes: 'SECRET-internal-notes',
  timelineSummary: 'SECRET-timeline',
  licenceTalkingPoint: 'Licence use: SECRET',
  playbookReason: 'SECRET-playbook',
  email: 'secret@globex.example',
  phone: '+1 555 0100',
};

const account = { id: 'a', name: 'Globex', ...INTERNAL };
const view = projectCustomerAccount(account, {
  contacts: [{ name: 'Hana Tanaka', ...INTERNAL }],
  objectives: [
    objective({ id: 'o-1', title: 'Roll out to every unit', status: 'at_risk', ...INTERNAL }),
    objective({ id: 'o-2', title: 'SECRET-hidden objective', customerVisible: false }),
    objective({ id: 'o-3', title: 'SECRET-abandoned objective', status: 'abandoned' }),
  ],
  actionItems: [
    { ...actionItem({ id: 'ai-1', accountId: 'a', text: 'Share the rollout plan', lastUpdate: 'Draft is with legal' }), ...INTERNAL },
    actionItem({ id: 'ai-2', accountId: 'a', status: 'dropped', text: 'SECRET-dropped item' }),
    actionItem({ id: 'ai-3', accountId: 'other', text: 'SECRET-other account item' }),
  ],
  shipped: [{ title: 'Audit log streaming', release: '17.2', shippedAt: '2026-11-20T00:00:00Z', requestedAt: '2026-10-01T00:00:00Z', ...INTERNAL }],
});

const keysOf = (o: object) => Object.keys(o).sort();

describe('the customer view of an account', () => {
  it('keeps only the allow-listed fields of every record, whatever else the records carry', () => {
    expect(keysOf(view)).toEqual(['actionItems', 'contacts', 'name', 'objectives', 'shipped']);
    expect(view.contacts.map(keysOf)).toEqual([['name']]);
    expect(view.objectives.map(keysOf)).toEqual([['description', 'kind', 'owner', 'progress', 'status', 'targetDate', 'title']]);
    expect(view.actionItems.map(keysOf)).toEqual([['completedAt', 'dueDate', 'expectedUpdateOn', 'id', 'lastUpdate', 'ownerName', 'side', 'status', 'text']]);
    expect(view.shipped.map(keysOf)).toEqual([['release', 'requestedAt', 'shippedAt', 'title']]);
  });

  it('carries no internal value, hidden objective, dropped item or other account', () => {
    const json = JSON.stringify(view);
    for (const secret of ['SECRET', '7654321', 'red', 'secret@', '555']) expect(json).not.toContain(secret);
    expect(json).toContain('Draft is with legal');
  });

  it('says the plan in the customer’s words, and the shared plan is the view’s objectives only', () => {
    expect(view.objectives[0]).toMatchObject({ title: 'Roll out to every unit', status: 'needs attention', owner: 'Hank Scorpio' });
    expect(sharedPlanOf(view)).toEqual({ accountName: 'Globex', objectives: view.objectives });
  });
});
