import { useQuery } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatDay, label } from '../../lib/format';
import { useSession } from '../../app/session';
import { MarkShipped } from '../releases/MarkShipped';

import type { TrackerItems } from '../../../../src/server/routes/accounts.schema.ts';

export type { TrackerItems };

/** The tracker's side of the account: what the customer is waiting on, and what the product saw. */
export function AccountTrackerItems({ accountId }: { accountId: string }) {
  const items = useQuery({ queryKey: ['tracker-items', accountId], queryFn: () => api<TrackerItems>('GET', `/api/accounts/${accountId}/tracker-items`) });
  const mayShip = useSession().user.role !== 'viewer';
  return (
    <section aria-labelledby="tracker-h" className="tracker-items">
      <h2 id="tracker-h">Tickets, requests and findings</h2>
      {items.isPending ? (
        <Loading what="tickets, requests and findings" />
      ) : items.isError ? (
        <ErrorState error={items.error} />
      ) : (
        <>
          <h3>Open support tickets</h3>
          {items.data.tickets.length === 0 ? (
            <Empty>No open support ticket.</Empty>
          ) : (
            <ul aria-label="Open support tickets">
              {items.data.tickets.map((t) => (
                <li key={t.id}>
                  <ItemTitle title={t.title} externalId={t.externalId} url={t.url} /> <span className={`badge sev-${t.priority === 'urgent' ? 'critical' : t.priority}`}>{label(t.priority)}</span>{' '}
                  <small>
                    {label(t.status)}, opened {formatDay(t.openedAt)}
                  </small>
                </li>
              ))}
            </ul>
          )}
          <h3>Open feature requests</h3>
          {items.data.requests.length === 0 ? (
            <Empty>No open feature request.</Empty>
          ) : (
            <ul aria-label="Open feature requests">
              {items.data.requests.map((r) => (
                <li key={r.id}>
                  <ItemTitle title={r.title} externalId={r.externalId} url={r.url} />{' '}
                  <small>
                    {label(r.status)}, since {formatDay(r.createdAt)}
                  </small>
                  {mayShip && <MarkShipped request={r} accountId={accountId} />}
                </li>
              ))}
            </ul>
          )}
          <h3>Product findings (last 90 days)</h3>
          {items.data.findings.length === 0 ? (
            <Empty>No product finding in the last 90 days.</Empty>
          ) : (
            <ul aria-label="Product findings">
              {items.data.findings.map((f) => (
                <li key={f.id}>
                  {f.title} <span className={`badge sev-${f.severity}`}>{f.severity}</span>{' '}
                  <small>
                    {label(f.kind)}, {formatDay(f.foundAt)}
                  </small>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function ItemTitle({ title, externalId, url }: { title: string; externalId: string | null; url: string | null }) {
  const text = externalId ? `${externalId}: ${title}` : title;
  return url && /^https?:\/\//.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  ) : (
    <span>{text}</span>
  );
}
