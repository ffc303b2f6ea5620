import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { api, type Account, type Page } from '../../lib/api-client';
import type { ImportPreview, ImportReport } from './import-api';

/**
 * The accounts an import created or updated, as links. The import's report counts them but names
 * none, so the rows of the dry run (its first 20) are found again by their external id.
 */
function useTouchedAccounts(preview: ImportPreview) {
  const keys = preview.kind === 'accounts' ? preview.sample.filter((r) => r.action === 'create' || r.action === 'update').map((r) => ({ externalId: r.values.external_id ?? '', action: r.action })) : [];
  return useQuery({
    queryKey: ['import-result', keys.map((k) => k.externalId).join('\n')],
    enabled: keys.length > 0,
    queryFn: () =>
      Promise.all(
        keys.map(async (k) => {
          const page = await api<Page<Account>>('GET', `/api/accounts?${new URLSearchParams({ q: k.externalId, limit: '10' }).toString()}`);
          return { ...k, account: page.items.find((a) => a.externalId === k.externalId) ?? null };
        }),
      ),
  });
}

/** What the import did: counts, links to the accounts created and updated, or every line that stopped it. */
export function ImportResult({ report, preview, onAgain }: { report: ImportReport; preview: ImportPreview; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const touched = useTouchedAccounts(preview);
  useEffect(() => heading.current?.focus(), []);
  const what = preview.kind;

  if (report.errors.length) {
    return (
      <div role="alert" className="import-problems">
        <h2 ref={heading} tabIndex={-1}>
          Nothing was imported: {report.errors.length} problem{report.errors.length === 1 ? '' : 's'}
        </h2>
        <ul>
          {report.errors.map((e, i) => (
            <li key={`${e.line}-${i}`}>
              line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const shown = touched.data?.filter((t) => t.account) ?? [];
  const more = report.created + report.updated - shown.length;
  return (
    <section className="import-result" aria-labelledby="import-result-title">
      <h2 id="import-result-title" ref={heading} tabIndex={-1}>
        Imported {report.rows} {what === 'accounts' ? 'account' : 'contact'}
        {report.rows === 1 ? '' : 's'}
      </h2>
      <p role="status">
        {report.created} created, {report.updated} updated, {report.unchanged} unchanged.
      </p>
      {touched.isPending && touched.fetchStatus !== 'idle' && <p className="muted">Finding the accounts…</p>}
      {shown.length > 0 && (
        <ul className="import-links" aria-label="Accounts created and updated">
          {shown.map((t) => (
            <li key={t.externalId}>
              <Link to={`/accounts/${t.account!.id}`}>{t.account!.name}</Link> <small>{t.action === 'create' ? 'new' : 'updated'}</small>
            </li>
          ))}
        </ul>
      )}
      <p>
        {more > 0 ? `${shown.length ? `And ${more} more` : `${more} ${what === 'accounts' ? 'accounts' : 'contacts'}`} in ` : 'See them in '}
        <Link to="/accounts">the book of business</Link>.{' '}
        <button type="button" className="link" onClick={onAgain}>
          Import another file
        </button>
      </p>
    </section>
  );
}
