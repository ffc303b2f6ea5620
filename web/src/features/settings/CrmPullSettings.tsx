import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import { FormError, problemOf, type FieldProblem } from './form-errors';
import type { CrmPullAnswerView, CrmStatusView } from '../../../../src/server/routes/crm-pull.schema.ts';

type Connection = CrmStatusView['connections'][number];

/**
 * Accounts from the CRM: for each HubSpot or Salesforce connection, when it last pulled, what it
 * created, updated and skipped (with each record's reason), what Cadence kept, and the last error,
 * with a pull (or a dry run) now. The mapping is edited beside each connection (CrmMappingEditor).
 */
export function CrmPullSettings() {
  const client = useQueryClient();
  const status = useQuery({ queryKey: ['settings', 'crm-pull'], queryFn: () => api<CrmStatusView>('GET', '/api/crm/status') });
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const pull = useMutation({
    mutationFn: (v: { integration: string; dryRun: boolean }) => api<CrmPullAnswerView>('POST', `/api/integrations/${encodeURIComponent(v.integration)}/crm-pull`, { dryRun: v.dryRun }),
    onMutate: () => {
      setProblem(null);
      setDone(null);
    },
    onSuccess: (answer) => {
      setDone(answer.pulls.map((p) => `${p.integration}: ${p.summary}`).join(' '));
      void client.invalidateQueries({ queryKey: ['settings', 'crm-pull'] });
      void client.invalidateQueries({ queryKey: ['settings', 'integrations'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  if (status.isPending) return <Loading what="the CRM pull" />;
  if (status.isError) return <ErrorState error={status.error} />;
  if (status.data.connections.length === 0) return null;
  return (
    <section className="settings-form" aria-labelledby="crm-pull-h">
      <h2 id="crm-pull-h">Accounts from your CRM</h2>
      <p className="hint">Companies (HubSpot) and Accounts (Salesforce) changed since the last pull become accounts here, through the connection&apos;s mapping. A field edited both here and in the CRM follows its rule.</p>
      {status.data.connections.map((c) => (
        <CrmConnection key={c.integration} c={c} busy={pull.isPending} onPull={(dryRun) => pull.mutate({ integration: c.integration, dryRun })} />
      ))}
      <FormError problem={problem} fields={[]} />
      {done && <p role="status">{done}</p>}
    </section>
  );
}

function CrmConnection({ c, busy, onPull }: { c: Connection; busy: boolean; onPull: (dryRun: boolean) => void }) {
  const last = c.lastPull;
  const skipped = last?.report?.skipped ?? [];
  const kept = last?.report?.kept ?? [];
  return (
    <article aria-label={`${c.integration} pull`}>
      <h3>
        {c.integration} <small>({label(c.vendor)})</small>
      </h3>
      <p>
        {c.scheduled ? `Pulled every ${c.everyMinutes} minutes${c.nextPullAt ? `, next ${formatInstant(c.nextPullAt)}` : ''}.` : 'Pulled only when asked; saving a mapping schedules it.'}{' '}
        {c.watermark ? `Records changed after ${formatInstant(c.watermark)} are read next.` : 'The next pull reads every record.'}
      </p>
      <p>
        Last pull:{' '}
        {last ? (
          <>
            {formatInstant(last.finishedAt ?? last.startedAt)} <span className={`badge ${last.status === 'failed' ? 'warn' : last.status === 'ok' ? 'ok' : ''}`}>{label(last.status)}</span> {last.created} created, {last.updated} updated,{' '}
            {last.unchanged} unchanged, {last.skipped} skipped
            {last.report && last.report.conflicts.cadenceKept > 0 && <>, {last.report.conflicts.cadenceKept} kept Cadence&apos;s value</>}
          </>
        ) : (
          'never'
        )}
      </p>
      {last?.error && <p className="hint">Last error: {last.error}</p>}
      {skipped.length > 0 && (
        <details>
          <summary>Skipped records ({last?.skipped ?? skipped.length})</summary>
          <ul>
            {skipped.map((s) => (
              <li key={s.crmId}>
                {s.name || s.crmId} ({s.crmId}): {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {kept.length > 0 && (
        <details>
          <summary>Cadence&apos;s values kept ({kept.length})</summary>
          <ul>
            {kept.map((k) => (
              <li key={`${k.accountId}-${k.field}`}>
                {k.account}: {k.label} edited in Cadence ({JSON.stringify(k.cadenceValue)}), the CRM says {JSON.stringify(k.crmValue)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => onPull(false)}>
          Pull {c.integration} now
        </button>{' '}
        <button type="button" disabled={busy} onClick={() => onPull(true)}>
          Dry run of {c.integration}
        </button>
      </p>
    </article>
  );
}
