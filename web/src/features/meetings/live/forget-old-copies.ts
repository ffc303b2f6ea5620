import { api, ApiError } from '../../../lib/api-client';

/*
 * Each meeting's live notes are kept in this browser's IndexedDB (`cadence.live-notes.<user>.<meeting>`)
 * so offline typing survives. On a shared computer those copies would keep a departed colleague's
 * notes, or notes of an account the person was taken off: they are deleted when the notes start.
 */

export const copyName = (userId: string, meetingId: string) => `cadence.live-notes.${userId}.${meetingId}`;
const NAME = /^cadence\.live-notes\.([^.]+)\.([^.]+)$/;
const OPENED_KEY = 'cadence.live-notes.opened';

/*
 * 30 days: a copy only matters for typing the server has not had yet, and any opening of the
 * meeting online sends it. A month covers someone who typed offline before a long holiday and
 * opens the meeting again when back; a copy nobody opened for a month is past that.
 */
export const KEEP_DAYS = 30;

function openedAt(): Record<string, number> {
  try {
    const map = JSON.parse(localStorage.getItem(OPENED_KEY) ?? '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(map).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

function writeOpenedAt(map: Record<string, number>): void {
  try {
    localStorage.setItem(OPENED_KEY, JSON.stringify(map));
  } catch {
    // Storage full: the copies are then judged by when they were first seen, next time.
  }
}

/** Notes when a copy was last opened; IndexedDB itself keeps no such date. */
export function markOpened(userId: string, meetingId: string, now = Date.now()): void {
  writeOpenedAt({ ...openedAt(), [copyName(userId, meetingId)]: now });
}

function deleteCopy(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

/**
 * Deletes the copies not opened for KEEP_DAYS (anyone's) and this person's copies of meetings the
 * server says they may no longer see (403) or that are gone (404). Another person's recent copy is
 * kept: it may hold their offline typing, and only they can ask the server about it.
 */
export async function forgetOldCopies(me: { id: string }, keep: string | null, now = Date.now()): Promise<string[]> {
  if (typeof indexedDB.databases !== 'function') return [];
  const opened = openedAt();
  const deleted: string[] = [];
  const present = new Set<string>();
  for (const { name } of await indexedDB.databases()) {
    const m = name ? NAME.exec(name) : null;
    if (!name || !m || name === keep) continue;
    present.add(name);
    // A copy seen for the first time (made before this was recorded) starts its count today.
    const at = opened[name] ?? (opened[name] = now);
    let gone = now - at > KEEP_DAYS * 86_400_000;
    if (!gone && m[1] === me.id) {
      try {
        await api('GET', `/api/meetings/${m[2]}`);
      } catch (e) {
        // Only the server's answer counts: offline or a failing server is no reason to drop typing.
        gone = e instanceof ApiError && (e.status === 403 || e.status === 404);
      }
    }
    if (gone) {
      await deleteCopy(name);
      deleted.push(name);
    }
  }
  const mapped = Object.fromEntries(Object.entries(opened).filter(([name]) => name === keep || (present.has(name) && !deleted.includes(name))));
  writeOpenedAt(mapped);
  return deleted;
}
