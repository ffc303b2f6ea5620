import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { colourOf, rewriteAwareness } from './connection.ts';
import type { Peer } from './documents.ts';

const peer = (userId: string): Peer => ({ userId, credential: { kind: 'token', tokenHash: userId }, clientIds: new Set(), send: () => undefined, close: () => undefined });

/** The awareness update a client would send with this state. */
function claim(state: Record<string, unknown>, clientId?: number): { update: Uint8Array; clientId: number } {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return { update, clientId: doc.clientID };
}

function statesOf(update: Uint8Array): Map<number, Record<string, unknown>> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
  const states = new Map(awareness.getStates() as Map<number, Record<string, unknown>>);
  awareness.destroy();
  return states;
}

describe('presence on the live notes', () => {
  const priya = { id: 'u-priya', name: 'Priya', color: colourOf('u-priya') };

  it('shows the connection’s real user, whatever the client claims, and keeps the cursor', () => {
    const me = peer('u-priya');
    const { update, clientId } = claim({ user: { id: 'u-ceo', name: 'The CEO' }, cursor: { anchor: 4 } });
    const states = statesOf(rewriteAwareness(update, me, priya, () => undefined)!);
    expect(states.get(clientId)).toEqual({ user: priya, cursor: { anchor: 4 } });
    expect(me.clientIds.has(clientId)).toBe(true);
  });

  it('drops a state for a client id another connection speaks for', () => {
    const me = peer('u-priya');
    const other = peer('u-sam');
    const { update } = claim({ cursor: null }, 4242);
    expect(rewriteAwareness(update, me, priya, (id) => (id === 4242 ? other : undefined))).toBeNull();
    expect(me.clientIds.size).toBe(0);
  });

  it('lets one connection speak for a handful of client ids only', () => {
    const me = peer('u-priya');
    for (let i = 1; i <= 12; i++) rewriteAwareness(claim({}, 1000 + i).update, me, priya, () => undefined);
    expect(me.clientIds.size).toBe(8);
  });

  it('gives each person the same colour everywhere', () => {
    expect(colourOf('u-priya')).toBe(colourOf('u-priya'));
    expect(colourOf('u-priya')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
