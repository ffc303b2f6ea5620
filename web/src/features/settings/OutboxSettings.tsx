import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { FormError, problemOf, type FieldProblem } from './form-errors';
import type { OutboxEntryView, OutboxStatusView } from '../../../../src/server/routes/outbox.schema.ts';

/** Admins see what waits to go out and the mails the outbox gave up on, with why, and retry them. */
export function OutboxSettings() {
  const client = useQueryClient();
  const status = useQuery({ queryKey: ['settings', 'outbox'], queryFn: () => api<OutboxStatusView>('GET', '/api/settings/outbox') });
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const retry = useMutation({
    mutationFn: (id: string) => api<OutboxEntryView>('POST', `/api/settings/outbox/${encodeURIComponent(id)}/retry`),
    onMutate: () => {
      setProblem(null);
      setDone(null);
    },
    onSuccess: (entry) => {
      setDone(entry.status === 'delivered' ? `Delivered: ${entry.summary}.` : `Not delivered yet: ${entry.lastError ?? 'no reason given'}. It is tried again automatically.`);
      void client.invalidateQueries({ queryKey: ['settings', 'outbox'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  if (status.isPending) return <Loading what="the outbox" />;
  if (status.isError) return <ErrorState error={status.error} />;
  const { pending, delivered, dead, deadLetters } = status.data;
  return (
    <section className="settings-form" aria-labelledby="outbox-h">
      <h2 id="outbox-h">Outbox</h2>
      <p className="hint">
        Every mail Cadence sends (agendas, follow-ups, calendar updates, password resets), Slack post, ticket opened in a tracker and call logged to the CRM is kept here until the other side took it, and retried with growing waits when it
        could not. After {deadLetters[0]?.maxAttempts ?? 8} failed attempts it becomes a dead letter: fix the cause (often SMTP_URL, the mail server or the integration&apos;s settings), then retry it.
      </p>
      <p role="status">
        {pending} waiting to go out · {delivered} delivered · {dead} {dead === 1 ? 'dead letter' : 'dead letters'}
      </p>
      {deadLetters.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Last error</th>
              <th scope="col">Given up</th>
              <th scope="col">
                <span className="visually-hidden">Retry</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deadLetters.map((d) => (
              <tr key={d.id}>
                <td>{d.summary}</td>
                <td className="num">{d.attempts}</td>
                <td>{d.lastError}</td>
                <td>{formatInstant(d.updatedAt)}</td>
                <td>
                  <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(d.id)} aria-label={`Retry ${d.summary}`}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FormError problem={problem} fields={[]} />
      {done && <p role="status">{done}</p>}
    </section>
  );
}
