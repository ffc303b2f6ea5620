import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pencil, Plug, PlugZap, RefreshCw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import type { z } from 'zod';
import type { IntegrationDetailSchema, IntegrationListView } from '../../../../src/server/routes/integrations.schema.ts';
import { CrmPullSettings } from './CrmPullSettings';
import { CrmMappingEditor } from './CrmMappingEditor';
import { IntegrationForm } from './IntegrationForm';
import { kindInfo } from './integration-fields';
import { FormError, problemOf, type FieldProblem } from './form-errors';
import './admin-settings.css';

type Integration = IntegrationListView['items'][number];
type IntegrationDetail = z.output<typeof IntegrationDetailSchema>;
type Outcome = { ok: true; detail: string } | { ok: false; kind: string; problem: string };
type SyncAnswer = { runs: { integration: string; status: 'ok' | 'failed'; error: string | null; fetched: number; created: number; updated: number; unchanged: number; unmatched: number }[] };

/** The connected trackers, CRMs, chat and recording tools: connect, edit, test, sync and remove them (managers and admins). */
export function IntegrationsSettings() {
  const list = useQuery({ queryKey: ['settings', 'integrations'], queryFn: () => api<IntegrationListView>('GET', '/api/integrations') });
  const [editing, setEditing] = useState<string | null>(null);
  const [mapping, setMapping] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);
  if (list.isPending) return <Loading what="integrations" />;
  if (list.isError) return <ErrorState error={list.error} />;
  const items = list.data.items;
  const edited = items.find((i) => i.id === editing);
  const mapped = items.find((i) => i.id === mapping);
  return (
    <>
      <section className="settings-form" aria-labelledby="integrations-h">
        <h2 id="integrations-h">Integrations</h2>
        <p className="hint">Trackers bring tickets and feature requests to each account, CRMs receive call logs and send accounts, Slack gets recaps. Secrets are kept encrypted and never shown again.</p>
        {items.length === 0 ? (
          <Empty>No integration connected yet. Connect one with the button below.</Empty>
        ) : (
          <ul className="integration-list" aria-label="Connected integrations">
            {items.map((i) => (
              <IntegrationRow key={i.id} i={i} onEdit={() => setEditing(editing === i.id ? null : i.id)} onMapping={() => setMapping(mapping === i.id ? null : i.id)} />
            ))}
          </ul>
        )}
        {!connecting && !edited && (
          <div className="form-actions">
            <Button variant="primary" icon={Plug} onClick={() => setConnecting(true)}>
              Connect an integration
            </Button>
          </div>
        )}
      </section>
      {connecting && <IntegrationForm onDone={() => setConnecting(false)} />}
      {edited && <IntegrationForm key={edited.id} editing={edited} onDone={() => setEditing(null)} />}
      {mapped && <CrmMappingEditor key={mapped.id} integration={mapped} onDone={() => setMapping(null)} />}
      <CrmPullSettings />
    </>
  );
}

function IntegrationRow({ i, onEdit, onMapping }: { i: Integration; onEdit: () => void; onMapping: () => void }) {
  const client = useQueryClient();
  const info = kindInfo(i.kind);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ['settings'] });
  const test = useMutation({
    mutationFn: () => api<Outcome>('POST', `/api/integrations/${encodeURIComponent(i.id)}/test`),
    onMutate: () => {
      setSaid(null);
      setProblem(null);
    },
    onSuccess: (o) => setSaid(o.ok ? { ok: true, text: `Connection works: ${o.detail}.` } : { ok: false, text: `Connection fails: ${o.problem}` }),
    onError: (e) => setProblem(problemOf(e)),
  });
  const sync = useMutation({
    mutationFn: () => api<SyncAnswer>('POST', `/api/integrations/${encodeURIComponent(i.id)}/sync`, {}),
    onMutate: () => {
      setSaid(null);
      setProblem(null);
    },
    onSuccess: (a) => {
      const run = a.runs[0];
      setSaid(
        !run
          ? { ok: false, text: 'Nothing was synced.' }
          : run.status === 'ok'
            ? { ok: true, text: `Synced: ${run.fetched} read, ${run.created} new, ${run.updated} updated, ${run.unchanged} unchanged, ${run.unmatched} matched no account.` }
            : { ok: false, text: `The sync failed: ${run.error ?? 'no reason given'}` },
      );
      refresh();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/api/integrations/${encodeURIComponent(i.id)}`),
    onSuccess: refresh,
    onError: (e) => setProblem(problemOf(e)),
  });
  const toggle = useMutation({
    mutationFn: () => api('PATCH', `/api/integrations/${encodeURIComponent(i.id)}`, { enabled: !i.enabled }),
    onSuccess: refresh,
    onError: (e) => setProblem(problemOf(e)),
  });
  const busy = test.isPending || sync.isPending || remove.isPending || toggle.isPending;
  return (
    <li className="integration" aria-label={`${i.name} (${info?.label ?? label(i.kind)})`}>
      <div className="integration-head">
        <strong>{i.name}</strong> <span className="muted">{info ? `${info.label}: ${info.what}` : label(i.kind)}</span> {i.enabled ? <Badge tone="success">on</Badge> : <Badge>off</Badge>}
      </div>
      <p className="muted">
        Last sync:{' '}
        {i.lastRun ? (
          <>
            {formatInstant(i.lastRun.finishedAt ?? i.lastRun.startedAt)} <Badge tone={i.lastRun.status === 'failed' || i.lastRun.error ? 'warning' : i.lastRun.status === 'ok' ? 'success' : 'neutral'}>{label(i.lastRun.status)}</Badge>
            {i.lastRun.error && <span> {i.lastRun.error}</span>}
          </>
        ) : (
          'never'
        )}
      </p>
      <div className="form-actions">
        <Button size="sm" icon={PlugZap} onClick={() => test.mutate()} disabled={busy} aria-label={`Test ${i.name}`}>
          {test.isPending ? 'Testing…' : 'Test'}
        </Button>
        {info?.syncs && (
          <Button size="sm" icon={RefreshCw} onClick={() => sync.mutate()} disabled={busy || !i.enabled} aria-label={`Sync now: ${i.name}`}>
            {sync.isPending ? 'Syncing…' : 'Sync now'}
          </Button>
        )}
        <Button size="sm" icon={Pencil} onClick={onEdit} disabled={busy} aria-label={`Edit ${i.name}`}>
          Edit
        </Button>
        {info?.crm && (
          <Button size="sm" onClick={onMapping} disabled={busy} aria-label={`Map fields of ${i.name}`}>
            Map fields
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => toggle.mutate()} disabled={busy} aria-label={i.enabled ? `Turn off ${i.name}` : `Turn on ${i.name}`}>
          {i.enabled ? 'Turn off' : 'Turn on'}
        </Button>
        {confirming ? (
          <span role="group" aria-label={`Remove ${i.name}?`} className="confirm">
            Remove {i.name} with its sync history?{' '}
            <Button size="sm" variant="danger" onClick={() => remove.mutate()} disabled={busy} aria-label={`Yes, remove ${i.name}`}>
              Yes, remove
            </Button>{' '}
            <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
              No, keep it
            </Button>
          </span>
        ) : (
          <Button size="sm" variant="danger" icon={Trash2} onClick={() => setConfirming(true)} disabled={busy} aria-label={`Remove ${i.name}`}>
            Remove
          </Button>
        )}
      </div>
      {said && (
        <p role="status" className={said.ok ? 'notice' : 'error'}>
          {said.text}
        </p>
      )}
      <FormError problem={problem} fields={[]} />
      <SyncHistory i={i} />
    </li>
  );
}

/** The latest sync runs, read when opened: what each read and made, and why one failed. */
function SyncHistory({ i }: { i: Integration }) {
  const [open, setOpen] = useState(false);
  const detail = useQuery({ queryKey: ['settings', 'integrations', i.id], queryFn: () => api<IntegrationDetail>('GET', `/api/integrations/${encodeURIComponent(i.id)}`), enabled: open });
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Sync history of {i.name}</summary>
      {!open ? null : detail.isPending ? (
        <Loading what="the sync history" />
      ) : detail.isError ? (
        <ErrorState error={detail.error} />
      ) : detail.data.runs.length === 0 ? (
        <p className="hint">Never synced.</p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Sync runs of {i.name}</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Result</th>
              <th scope="col" className="num">
                Read
              </th>
              <th scope="col" className="num">
                New
              </th>
              <th scope="col" className="num">
                Updated
              </th>
              <th scope="col" className="num">
                No account
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.data.runs.map((r) => (
              <tr key={r.id}>
                <td>{formatInstant(r.startedAt)}</td>
                <td>
                  {label(r.status)}
                  {r.error && <small> {r.error}</small>}
                </td>
                <td className="num">{r.fetched}</td>
                <td className="num">{r.created}</td>
                <td className="num">{r.updated}</td>
                <td className="num">{r.unmatched}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
