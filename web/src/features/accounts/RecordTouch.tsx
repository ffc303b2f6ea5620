import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api-client';

const KINDS = ['call', 'email', 'slack', 'meeting', 'other'];

/** Records a touch outside a scheduled call (an email, a Slack thread) so cadence counts it. */
export function RecordTouch({ accountId }: { accountId: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('email');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const record = useMutation({
    mutationFn: () => api('POST', '/api/touches', { accountId, kind, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => {
      setOpen(false);
      setNote('');
      setDone(true);
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      void client.invalidateQueries({ queryKey: ['account', accountId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate();
  }
  if (!open)
    return (
      <span>
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setDone(false);
          }}
        >
          Record a touch
        </button>
        {done && <span role="status"> Touch recorded.</span>}
      </span>
    );
  return (
    <form className="touch" onSubmit={submit} aria-label="Record a touch">
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      {/* Inline colours: `.touch button` would otherwise paint this white on white. */}
      <button type="submit" className="primary" style={{ background: 'var(--accent)', color: 'var(--color-on-accent)', borderColor: 'var(--accent)' }} disabled={record.isPending}>
        Record
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {record.isError && (
        <p className="error" role="alert">
          {record.error instanceof ApiError ? record.error.message : 'Could not record the touch'}
        </p>
      )}
    </form>
  );
}
