import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatDate, formatDay, label } from '../../lib/format';
import type { SuccessPlanView } from '../../../../src/server/routes/success-plans.schema.ts';

import type { Task } from '../../../../src/server/routes/my-day.schema.ts';

const STATUSES = ['not_started', 'on_track', 'at_risk', 'achieved', 'abandoned'];

/** The success plan's objectives, with their status and progress. */
export function AccountObjectives({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const plan = useQuery({ queryKey: ['objectives', accountId], queryFn: () => api<SuccessPlanView>('GET', `/api/accounts/${accountId}/objectives`) });
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['objectives', accountId] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
  };
  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : 'Cadence could not be reached');
  const add = useMutation({
    mutationFn: () => api('POST', `/api/accounts/${accountId}/objectives`, { title: title.trim() }),
    onSuccess: () => {
      setTitle('');
      setError(null);
      refresh();
    },
    onError: fail,
  });
  const change = useMutation({ mutationFn: ({ id, status }: { id: string; status: string }) => api('PATCH', `/api/accounts/${accountId}/objectives/${id}`, { status }), onSuccess: refresh, onError: fail });
  const template = useMutation({ mutationFn: () => api('POST', `/api/accounts/${accountId}/objectives/template`, {}), onSuccess: refresh, onError: fail });
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/accounts/${accountId}/objectives/${id}`),
    onSuccess: () => {
      setRemoving(null);
      setError(null);
      refresh();
    },
    onError: fail,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return setError('Name the objective.');
    add.mutate();
  }
  return (
    <section aria-labelledby="plan-h">
      <h2 id="plan-h">Success plan</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {plan.isPending ? (
        <Loading what="the success plan" />
      ) : plan.isError ? (
        <ErrorState error={plan.error} />
      ) : plan.data.items.length === 0 ? (
        <Empty>
          No objectives yet.{' '}
          {canEdit && (
            <button type="button" className="link" onClick={() => template.mutate()} disabled={template.isPending}>
              Start from the segment's template
            </button>
          )}
        </Empty>
      ) : (
        <ul className="objectives">
          {plan.data.items.map((o) => {
            const overdue = plan.data.summary.overdueIds.includes(o.id);
            return (
              <li key={o.id}>
                <div>
                  <strong>{o.title}</strong> <small className="muted">{o.kind}</small>
                  {!o.customerVisible && <span className="badge">internal</span>}
                </div>
                <div className="objective-meta">
                  <progress max={100} value={o.progress} aria-label={`Progress of ${o.title}`} /> {o.progress}%
                  <span className={overdue ? 'overdue' : 'muted'}> · {o.targetDate ? `target ${formatDate(o.targetDate)}` : 'no target date'}</span>
                  {o.owner && <span className="muted"> · {o.owner.name}</span>}
                  {canEdit ? (
                    <select value={o.status} onChange={(e) => change.mutate({ id: o.id, status: e.target.value })} aria-label={`Status of ${o.title}`}>
                      {STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="badge">{label(o.status)}</span>
                  )}
                  {canEdit && removing !== o.id && (
                    <button type="button" className="link" onClick={() => setRemoving(o.id)} aria-label={`Delete objective: ${o.title}`}>
                      Delete
                    </button>
                  )}
                </div>
                {removing === o.id && (
                  <p role="group" aria-label={`Confirm deleting ${o.title}`} className="confirm">
                    Delete “{o.title}” from the success plan? The customer&apos;s plan and the next agendas no longer show it.{' '}
                    <button type="button" className="danger" onClick={() => remove.mutate(o.id)} disabled={remove.isPending}>
                      {remove.isPending ? 'Deleting…' : 'Yes, delete it'}
                    </button>{' '}
                    <button type="button" onClick={() => setRemoving(null)}>
                      Keep it
                    </button>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <form className="form-row" onSubmit={submit} aria-label="Add an objective">
          <label htmlFor="objective-title" className="visually-hidden">
            New objective
          </label>
          <input id="objective-title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New objective, e.g. Cut onboarding time to 2 days" maxLength={300} />
          <button type="submit" disabled={add.isPending}>
            Add objective
          </button>
        </form>
      )}
    </section>
  );
}

/** Open playbook tasks on this account (send the agenda, renewal check-in, licence low…). */
export function AccountTasks({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const tasks = useQuery({ queryKey: ['tasks', accountId], queryFn: () => api<{ items: Task[] }>('GET', `/api/tasks?accountId=${accountId}`) });
  const change = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'dismissed' }) => api('PATCH', `/api/tasks/${id}`, { status }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tasks', accountId] });
      void client.invalidateQueries({ queryKey: ['my-day'] });
    },
  });
  const now = Date.now();
  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">Tasks</h2>
      {change.isError && (
        <p className="error" role="alert">
          {change.error instanceof ApiError ? change.error.message : 'Could not update the task'}
        </p>
      )}
      {tasks.isPending ? (
        <Loading what="tasks" />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} />
      ) : tasks.data.items.length === 0 ? (
        <Empty>No open tasks.</Empty>
      ) : (
        <ul className="action-items">
          {tasks.data.items.map((t) => (
            <li key={t.id}>
              <span>{t.title}</span>
              <small className={Date.parse(t.dueAt) < now ? 'overdue' : undefined}>due {formatDay(t.dueAt)}</small>
              {canEdit && (
                <span className="row-actions">
                  <button type="button" onClick={() => change.mutate({ id: t.id, status: 'done' })} aria-label={`Done: ${t.title}`}>
                    Done
                  </button>
                  <button type="button" onClick={() => change.mutate({ id: t.id, status: 'dismissed' })} aria-label={`Dismiss: ${t.title}`}>
                    Dismiss
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
