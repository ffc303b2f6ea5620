import { describe, expect, it } from 'vitest';
import type { ActionItem, Agenda } from '../meeting/meeting.ts';
import { buildAgenda } from './agenda.ts';
import { doneByCustomerText, markDoneByCustomer, noteDoneOnAgenda, plainText } from './customer-done.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const item = (o: Partial<ActionItem> = {}): ActionItem => ({
  id: 'ai-1',
  accountId: 'acc-1',
  meetingId: null,
  text: 'Upload the architecture diagram',
  owner: { kind: 'contact', id: 'c-1', name: 'Hana' },
  side: 'customer',
  dueDate: '2026-12-01',
  status: 'open',
  lastUpdate: null,
  expectedUpdateOn: null,
  createdAt: '2026-11-01T00:00:00Z',
  completedAt: null,
  ...o,
});

describe('a customer ticks off an item', () => {
  it.each<[string, ActionItem | undefined, 'done' | 'unchanged' | 'not_found']>([
    ['their own open item is marked done', item(), 'done'],
    ['an item already done stays as it was', item({ status: 'done', completedAt: '2026-11-10T00:00:00Z' }), 'unchanged'],
    ['a vendor item is not found, like a wrong id', item({ side: 'vendor' }), 'not_found'],
    ["another account's item is not found", item({ accountId: 'acc-2' }), 'not_found'],
    ['a dropped item is not found', item({ status: 'dropped' }), 'not_found'],
    ['no item at all is not found', undefined, 'not_found'],
  ])('%s', (_name, it_, expected) => {
    const out = markDoneByCustomer(it_, 'acc-1', { comment: 'Uploaded' }, NOW);
    if (expected === 'not_found') return expect(out).toEqual({ ok: false, error: 'not_found' });
    expect(out.ok && out.changed).toBe(expected === 'done');
    if (out.ok && expected === 'done') expect(out.item).toMatchObject({ status: 'done', completedAt: NOW.toISOString(), lastUpdate: 'Uploaded' });
  });

  it.each([
    ['  Uploaded to the <b>project</b>\n today ', 'Uploaded to the project today'],
    ['<script>x</script>', 'x'],
    ['   ', null],
    [undefined, null],
  ])('the comment %j is kept as plain text %j', (raw, clean) => {
    expect(plainText(raw)).toBe(clean);
  });

  it('the next agenda says "Done by the customer", in place of the open item or at the end of the follow-ups', () => {
    const base: Agenda = {
      meetingId: 'm-2',
      items: [
        {
          id: 'x1',
          section: 'follow_ups',
          text: 'Upload the architecture diagram (owner Hana (you))',
          source: { type: 'action_item', id: 'ai-1' },
          addedBy: 'cadence',
          visibility: 'shared',
          discussed: false,
          notes: '',
          carriedOverFrom: null,
        },
        { id: 'x2', section: 'recap', text: 'Recap', source: null, addedBy: 'cadence', visibility: 'shared', discussed: false, notes: '', carriedOverFrom: null },
      ],
    };
    const done = { id: 'ai-1', text: 'Upload the architecture diagram', comment: 'Uploaded', completedAt: NOW.toISOString() };
    expect(noteDoneOnAgenda(base, done, () => 'new').items.map((i) => i.text)).toEqual(['Done by the customer: Upload the architecture diagram (“Uploaded”)', 'Recap']);
    const without = { ...base, items: [base.items[1]!] };
    const added = noteDoneOnAgenda(without, done, () => 'new');
    expect(added.items.map((i) => [i.section, i.text])).toEqual([
      ['follow_ups', 'Done by the customer: Upload the architecture diagram (“Uploaded”)'],
      ['recap', 'Recap'],
    ]);
    expect(doneByCustomerText('Send logs', null)).toBe('Done by the customer: Send logs');
  });

  it('a built agenda lists what the customer ticked off since the last call, not before it', () => {
    const agenda = buildAgenda(
      {
        meeting: { id: 'm-2', accountId: 'acc-1', type: 'cadence', startsAt: '2026-12-01T15:00:00Z', attendees: [] },
        account: {
          id: 'acc-1',
          name: 'Globex',
          segment: 'enterprise',
          deployment: 'saas',
          productVersion: null,
          arr: null,
          renewalDate: null,
          contractStartDate: null,
          licencesBought: null,
          licencesUsed: null,
          securityAlertsOptIn: true,
          healthColour: null,
          healthScore: null,
          timezone: 'UTC',
        },
        lastCallAt: '2026-11-10T15:00:00Z',
        previousAgendas: [],
        materials: [],
        contacts: [],
        actionItems: [],
        customerDone: [
          { id: 'a', text: 'Send logs', comment: null, completedAt: '2026-11-05T00:00:00Z' },
          { id: 'b', text: 'Upload the diagram', comment: 'done', completedAt: '2026-11-15T00:00:00Z' },
        ],
        tickets: [],
        requests: [],
        findings: [],
        objectives: [],
        risks: [],
        topicLibrary: [],
        hotSheet: [],
        nextCallAt: null,
        newId: (() => {
          let n = 0;
          return () => `id-${(n += 1)}`;
        })(),
      },
      NOW,
    );
    const texts = agenda.items.filter((i) => i.section === 'follow_ups').map((i) => i.text);
    expect(texts).toEqual(['Done by the customer: Upload the diagram (“done”)']);
  });
});
