import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MeetingCreateSchema } from '../../src/domain/meeting/meeting-input.ts';
import { recordNoteClients } from '../../src/services/live-notes/note-clients.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { insertNoteClients, listNoteClients } from '../../src/store/live-notes-clients.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeUser } from '../helpers/factories.ts';

const dialects = await availableDialects();

describe.each(dialects)('who each editor of the live notes was, on %s', (dialect) => {
  let deps: TestDeps;
  let meetingId: string;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
    const { user, actor } = await makeUser(deps, 'csm');
    const account = await makeAccount(deps, { ownerId: user.id });
    meetingId = (await scheduleMeeting(deps, actor, MeetingCreateSchema.parse({ accountId: account.id, startsAt: '2026-12-10T15:00:00Z', acknowledgeOutOfHours: true }))).id;
  });
  afterAll(async () => {
    await deps.close();
  });

  it('records the editors an update carries as the sender’s, keeps the first person for an editor, and takes ids past 2^31', async () => {
    const priya = new Y.Doc();
    // A browser's client id is any 32-bit number: one past the signed range must still be kept.
    priya.clientID = 3_999_999_999;
    priya.getText('notes').insert(0, 'Globex wants SSO');
    const sam = new Y.Doc();
    sam.clientID = 17;
    sam.getText('item:a1').insert(0, 'Renewal in March');
    const at = '2026-12-10T15:05:00.000Z';
    await recordNoteClients(deps.store.db, meetingId, [{ data: Y.encodeStateAsUpdate(priya), userId: 'u-priya' }], at);
    await recordNoteClients(
      deps.store.db,
      meetingId,
      [
        { data: Y.encodeStateAsUpdate(sam), userId: 'u-sam' },
        { data: Y.encodeStateAsUpdate(sam), userId: null },
      ],
      at,
    );
    // Someone replaying Priya's text under their name does not take it over.
    await recordNoteClients(deps.store.db, meetingId, [{ data: Y.encodeStateAsUpdate(priya), userId: 'u-mallory' }], at);
    // And in the database itself, as another node (without this one's memory of known editors) would write it.
    await insertNoteClients(deps.store.db, meetingId, [3_999_999_999, 17], 'u-mallory', at);
    expect(Object.fromEntries(await listNoteClients(deps.store.db, meetingId))).toEqual({ 3999999999: 'u-priya', 17: 'u-sam' });
  });
});
