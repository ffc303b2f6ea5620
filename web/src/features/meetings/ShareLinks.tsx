import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';

import type { ShareLink } from '../../../../src/server/routes/share.schema.ts';

/** The customer links handed out for this meeting, to revoke one sent to the wrong person. */
export function ShareLinks({ meetingId }: { meetingId: string }) {
  const client = useQueryClient();
  const links = useQuery({ queryKey: ['share-links', meetingId], queryFn: () => api<Page<ShareLink>>('GET', `/api/meetings/${meetingId}/share-links`) });
  const revoke = useMutation({
    mutationFn: (linkId: string) => api('DELETE', `/api/meetings/${meetingId}/share-links/${linkId}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['share-links', meetingId] }),
  });
  return (
    <section aria-labelledby="links-h">
      <h2 id="links-h">Share links</h2>
      {revoke.isError && (
        <p className="error" role="alert">
          {revoke.error instanceof ApiError ? revoke.error.message : 'Could not revoke the link'}
        </p>
      )}
      {links.isPending ? (
        <Loading what="share links" />
      ) : links.isError ? (
        <ErrorState error={links.error} />
      ) : links.data.items.length === 0 ? (
        <Empty>No customer link yet. “Copy share link” or “Send agenda” makes one.</Empty>
      ) : (
        <ul className="share-links">
          {links.data.items.map((l) => (
            <li key={l.id}>
              <span>
                Made {formatInstant(l.createdAt)} ·{' '}
                {l.revokedAt ? <span className="badge">revoked {formatInstant(l.revokedAt)}</span> : l.state === 'works' ? `works until ${formatInstant(l.expiresAt)}` : <span className="badge">expired</span>}
              </span>
              {l.state === 'works' && (
                <button type="button" onClick={() => revoke.mutate(l.id)} disabled={revoke.isPending} aria-label={`Revoke the link made ${formatInstant(l.createdAt)}`}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
