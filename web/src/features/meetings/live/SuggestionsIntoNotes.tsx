import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../../lib/api-client';

/**
 * "Put them into the call notes": the pending transcript suggestions become a marked block at the
 * end of the live free notes ("> Suggested from the transcript — review: …"), which everyone in the
 * notes sees at once and the CSM edits or deletes like any text. Accepting or rejecting each
 * suggestion stays here.
 */
export function SuggestionsIntoNotes({ meetingId }: { meetingId: string }) {
  const [said, setSaid] = useState<string | null>(null);
  const put = useMutation({
    mutationFn: () => api<{ inserted: number; notes: string }>('POST', `/api/meetings/${meetingId}/notes/suggestions/insert`, {}),
    onSuccess: (r) => setSaid(r.inserted === 0 ? 'They are in the call notes already.' : `${r.inserted} put at the end of the call notes, marked “Suggested from the transcript”, to edit or delete there.`),
    onError: (e) => setSaid(e instanceof ApiError ? e.message : 'Cadence could not be reached'),
  });
  return (
    <p className="hint">
      <button type="button" onClick={() => put.mutate()} disabled={put.isPending}>
        Put them into the call notes
      </button>{' '}
      <span role="status">{said}</span>
    </p>
  );
}
