import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BriefcaseBusiness, Megaphone } from 'lucide-react';
import { Fragment, useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { Card } from '../../components/Card';
import { api, ApiError } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { FieldError, FormError, invalidProps, type FieldProblem } from '../settings/form-errors';

interface SalesContext {
  accountId: string;
  purchaseReasons: string;
  useCases: string;
  stakeholders: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

interface InternalUpdates {
  accountId: string;
  channel: 'slack' | 'mail' | 'off';
  slackIntegration: string | null;
  updatedAt: string | null;
}

const FIELDS = [
  { key: 'purchaseReasons', label: 'Why they bought' },
  { key: 'useCases', label: 'Use cases' },
  { key: 'stakeholders', label: 'Stakeholders' },
] as const;

const problem = (e: unknown): FieldProblem => (e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cadence could not be reached' });

/** What sales learnt before the customer signed (the post-sales handoff), read and recorded here. */
export function AccountSalesContext({ accountId, canEdit, names }: { accountId: string; canEdit: boolean; names: (id: string) => string }) {
  const client = useQueryClient();
  const context = useQuery({ queryKey: ['sales-context', accountId], queryFn: () => api<SalesContext>('GET', `/api/accounts/${accountId}/sales-context`) });
  const [draft, setDraft] = useState<Record<(typeof FIELDS)[number]['key'], string> | null>(null);
  const [error, setError] = useState<FieldProblem | null>(null);
  const save = useMutation({
    mutationFn: (body: NonNullable<typeof draft>) => api<SalesContext>('PUT', `/api/accounts/${accountId}/sales-context`, body),
    onMutate: () => setError(null),
    onSuccess: (data) => {
      client.setQueryData(['sales-context', accountId], data);
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      setDraft(null);
    },
    onError: (e) => setError(problem(e)),
  });

  if (context.isPending) return <Loading what="the sales context" />;
  if (context.isError) return <ErrorState error={context.error} />;
  const c = context.data;
  const empty = FIELDS.every((f) => c[f.key].trim() === '');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft) save.mutate(draft);
  }

  return (
    <Card
      id="sales-context"
      title="Sales context"
      icon={BriefcaseBusiness}
      actions={
        canEdit && !draft ? (
          <button type="button" className="link" onClick={() => setDraft({ purchaseReasons: c.purchaseReasons, useCases: c.useCases, stakeholders: c.stakeholders })}>
            {empty ? 'Record it' : 'Edit'}
          </button>
        ) : undefined
      }
    >
      {draft ? (
        <form onSubmit={submit} className="inline-form labelled-fields" aria-label="Sales context">
          {FIELDS.map((f) => (
            <label key={f.key} htmlFor={`sales-${f.key}`}>
              {f.label}
              <textarea id={`sales-${f.key}`} rows={3} maxLength={4000} value={draft[f.key]} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} {...invalidProps(error, f.key, `sales-${f.key}`)} />
              <FieldError problem={error} field={f.key} id={`sales-${f.key}`} />
            </label>
          ))}
          <FormError problem={error} fields={FIELDS.map((f) => f.key)} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save sales context
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : empty ? (
        <p className="muted">Nothing recorded yet. Get it from the AE: why they bought, use cases, stakeholders.</p>
      ) : (
        <>
          <dl className="facts">
            {FIELDS.map((f) => (
              <Fragment key={f.key}>
                <dt>{f.label}</dt>
                <dd className="pre-line">{c[f.key] || '—'}</dd>
              </Fragment>
            ))}
          </dl>
          {c.updatedAt && (
            <p className="hint">
              Recorded {formatInstant(c.updatedAt)}
              {c.updatedBy ? ` by ${names(c.updatedBy)}` : ''}
            </p>
          )}
        </>
      )}
    </Card>
  );
}

const CHANNEL_TEXT: Record<InternalUpdates['channel'], string> = { slack: 'Slack (integration)', mail: 'Mail to the owner and account team', off: 'Off' };

/** Where the account team's internal updates go (after a wrap-up, a risk raised or closed). */
export function AccountInternalUpdates({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const updates = useQuery({ queryKey: ['internal-updates', accountId], queryFn: () => api<InternalUpdates>('GET', `/api/accounts/${accountId}/internal-updates`) });
  const [draft, setDraft] = useState<{ channel: InternalUpdates['channel']; slackIntegration: string } | null>(null);
  const [error, setError] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: { channel: InternalUpdates['channel']; slackIntegration: string | null }) => api<InternalUpdates>('PUT', `/api/accounts/${accountId}/internal-updates`, body),
    onMutate: () => {
      setError(null);
      setSaved(false);
    },
    onSuccess: (data) => {
      client.setQueryData(['internal-updates', accountId], data);
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      setDraft(null);
      setSaved(true);
    },
    onError: (e) => setError(problem(e)),
  });

  if (updates.isPending) return <Loading what="the internal updates" />;
  if (updates.isError) return <ErrorState error={updates.error} />;
  const u = updates.data;
  const current = draft ?? { channel: u.channel, slackIntegration: u.slackIntegration ?? '' };

  function submit(event: FormEvent) {
    event.preventDefault();
    const integration = current.slackIntegration.trim();
    save.mutate({ channel: current.channel, slackIntegration: current.channel === 'slack' && integration ? integration : null });
  }

  return (
    <Card id="internal-updates" title="Internal updates" icon={Megaphone}>
      <p className="hint">After a wrap-up, and when a risk is raised or closed, the recap, open risks and our open action items go to the account team.</p>
      {canEdit ? (
        <form onSubmit={submit} className="inline-form labelled-fields" aria-label="Internal updates">
          <label htmlFor="internal-updates-channel">
            Send them
            <select id="internal-updates-channel" value={current.channel} onChange={(e) => setDraft({ ...current, channel: e.target.value as InternalUpdates['channel'] })} {...invalidProps(error, 'channel', 'internal-updates-channel')}>
              {(Object.keys(CHANNEL_TEXT) as InternalUpdates['channel'][]).map((ch) => (
                <option key={ch} value={ch}>
                  {CHANNEL_TEXT[ch]}
                </option>
              ))}
            </select>
            <FieldError problem={error} field="channel" id="internal-updates-channel" />
          </label>
          {current.channel === 'slack' && (
            <label htmlFor="internal-updates-slack">
              Slack integration (name or id; empty: every enabled one)
              <input
                id="internal-updates-slack"
                value={current.slackIntegration}
                maxLength={200}
                onChange={(e) => setDraft({ ...current, slackIntegration: e.target.value })}
                {...invalidProps(error, 'slackIntegration', 'internal-updates-slack')}
              />
              <FieldError problem={error} field="slackIntegration" id="internal-updates-slack" />
            </label>
          )}
          <FormError problem={error} fields={['channel', 'slackIntegration']} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save internal updates
            </button>
            {saved && !draft && (
              <span role="status" className="muted">
                Saved
              </span>
            )}
          </div>
        </form>
      ) : (
        <p>
          <strong>{CHANNEL_TEXT[u.channel]}</strong>
          {u.channel === 'slack' && u.slackIntegration ? <span className="muted"> ({u.slackIntegration})</span> : null}
        </p>
      )}
    </Card>
  );
}
