import { useQuery } from '@tanstack/react-query';
import { RefreshCcw } from 'lucide-react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { api } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import type { CrmSyncStateSchema } from '../../../../src/server/routes/integrations.schema.ts';
import type { z } from 'zod';
import './csm-forms.css';

type CrmSync = z.output<typeof CrmSyncStateSchema>;

const TONE = { synced: 'success', pending: 'warning', failed: 'danger' } as const;

/** Where each held call stands in the CRM: logged, still trying (and when next), or failed with why. */
export function AccountCrmSync({ accountId }: { accountId: string }) {
  const sync = useQuery({ queryKey: ['crm-sync', accountId], queryFn: () => api<CrmSync>('GET', `/api/accounts/${accountId}/crm-sync`) });
  return (
    <Card id="crm-sync" title="CRM sync" icon={RefreshCcw} className="crm-sync-card">
      {sync.isPending ? (
        <Loading what="the CRM sync" />
      ) : sync.isError ? (
        <ErrorState error={sync.error} />
      ) : sync.data.items.length === 0 ? (
        <p className="hint">No call logged in a CRM yet: wrapped-up calls go there once an admin connects one (Settings → Integrations).</p>
      ) : (
        <ul className="crm-sync-list">
          {sync.data.items.slice(0, 8).map((s) => (
            <li key={`${s.meetingId}-${s.integration}`}>
              <Badge tone={TONE[s.status]}>{s.status}</Badge>
              <Link to={`/meetings/${s.meetingId}`}>{s.meetingTitle}</Link>
              <small className="muted">
                {formatInstant(s.meetingStartsAt)} · {s.integration}
                {s.status === 'synced' && s.syncedAt ? ` · logged ${formatInstant(s.syncedAt)}` : ''}
                {s.status === 'pending' && s.nextAttemptAt ? ` · next try ${formatInstant(s.nextAttemptAt)}` : ''}
                {s.attempts > 1 ? ` · ${s.attempts} tries` : ''}
              </small>
              {s.lastError && s.status !== 'synced' && <small className="error-text">{s.lastError}</small>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
