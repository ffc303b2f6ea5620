import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, type Account } from '../../lib/api-client';

/** Archive an account (it leaves the book; its history stays), asking first; or restore an archived one. */
export function ArchiveAccount({ account }: { account: Account }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const archived = account.archivedAt !== null;
  const change = useMutation({
    mutationFn: () => (archived ? api<Account>('POST', `/api/accounts/${account.id}/restore`) : api<Account>('POST', `/api/accounts/${account.id}/archive`)),
    onSuccess: (next) => {
      client.setQueryData(['account', account.id], next);
      void client.invalidateQueries({ queryKey: ['accounts'] });
      setAsking(false);
    },
  });
  if (archived) {
    return (
      <button type="button" onClick={() => change.mutate()} disabled={change.isPending}>
        Restore account
      </button>
    );
  }
  return (
    <span className="archive-account">
      {asking ? (
        <>
          <span role="alert">Archive {account.name}? It leaves the book of business; its history stays and it can be restored.</span>{' '}
          <button type="button" onClick={() => change.mutate()} disabled={change.isPending}>
            Yes, archive it
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Archive account
        </button>
      )}
      {change.isError && (
        <span className="error" role="alert">
          {change.error instanceof ApiError ? change.error.message : 'Archiving failed'}
        </span>
      )}
    </span>
  );
}
