import { useQuery } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import type { IntegrationListView } from '../../../../src/server/routes/integrations.schema.ts';
import { CrmPullSettings } from './CrmPullSettings';

/** The connected trackers, CRMs, chat and recording tools, read-only (they are set up through the API or CLI). */
export function IntegrationsSettings() {
  const list = useQuery({ queryKey: ['settings', 'integrations'], queryFn: () => api<IntegrationListView>('GET', '/api/integrations') });
  if (list.isPending) return <Loading what="integrations" />;
  if (list.isError) return <ErrorState error={list.error} />;
  if (list.data.items.length === 0) return <Empty>No integration connected. Connect one with POST /api/integrations.</Empty>;
  return (
    <>
      <table className="data">
        <caption className="visually-hidden">Integrations</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Enabled</th>
            <th scope="col">Last sync</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.name}</th>
              <td>{label(i.kind)}</td>
              <td>{i.enabled ? 'yes' : <span className="badge">disabled</span>}</td>
              <td>
                {i.lastRun ? (
                  <>
                    {formatInstant(i.lastRun.finishedAt ?? i.lastRun.startedAt)} <span className={`badge ${i.lastRun.status === 'failed' || i.lastRun.error ? 'warn' : i.lastRun.status === 'ok' ? 'ok' : ''}`}>{label(i.lastRun.status)}</span>
                    {i.lastRun.error && <small> {i.lastRun.error}</small>}
                  </>
                ) : (
                  'never'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CrmPullSettings />
    </>
  );
}
