import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { markdownToSafeHtml } from '../../lib/markdown';
import { useUsers } from '../accounts/use-users';
import { useAccountNames } from './use-account-names';
import type { ReviewPackView } from '../../../../src/server/routes/reviews.schema.ts';

type Kind = 'mbr' | 'qbr' | 'cbr';
/** What this page reads of any pack: the Markdown to download and the sanitised HTML to show. */
type Pack = Pick<ReviewPackView, 'markdown' | 'html'>;

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** MBR (per CSM and month), internal QBR (per AE and quarter) and customer CBR packs, read here or downloaded as Markdown. */
export function ReviewPacks() {
  const users = useUsers();
  const names = useAccountNames();
  const [kind, setKind] = useState<Kind>('mbr');
  const [person, setPerson] = useState('');
  const [month, setMonth] = useState(thisMonth());
  const [accountId, setAccountId] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const people = (users.data?.items ?? []).filter((u) => u.role === 'csm' || u.role === 'manager');
  const accounts = useMemo(() => [...names.entries()].sort((a, b) => a[1].name.localeCompare(b[1].name)), [names]);

  const pack = useQuery({ queryKey: ['review', asked], queryFn: () => api<Pack>('GET', asked!), enabled: asked !== null, retry: false });
  const html = useMemo(() => (pack.data ? markdownToSafeHtml(pack.data.markdown) : ''), [pack.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (kind === 'cbr') {
      if (accountId) setAsked(`/api/reviews/cbr?accountId=${encodeURIComponent(accountId)}`);
      return;
    }
    const who = person || people[0]?.id;
    if (!who) return;
    setAsked(kind === 'mbr' ? `/api/reviews/mbr?csm=${encodeURIComponent(who)}&month=${month}` : `/api/reviews/qbr?ae=${encodeURIComponent(who)}&quarter=${month}`);
  }

  function download() {
    if (!pack.data) return;
    const url = URL.createObjectURL(new Blob([pack.data.markdown], { type: 'text/markdown' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${kind}-${month}.md`;
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="reviews">
      <form className="toolbar" onSubmit={submit} aria-label="Choose a review pack">
        <label>
          Pack{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="mbr">MBR (CSM, month)</option>
            <option value="qbr">Internal QBR (AE, quarter)</option>
            <option value="cbr">Customer business review (account)</option>
          </select>
        </label>
        {kind === 'cbr' ? (
          <label>
            Account{' '}
            <select value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">choose…</option>
              {accounts.map(([id, a]) => (
                <option key={id} value={id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <>
            <label>
              {kind === 'mbr' ? 'CSM' : 'AE'}{' '}
              <select value={person} onChange={(e) => setPerson(e.target.value)}>
                {people.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {kind === 'mbr' ? 'Month' : 'A month of the quarter'} <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
            </label>
          </>
        )}
        <button type="submit" className="primary">
          Prepare
        </button>
        {pack.data && (
          <button type="button" onClick={download}>
            Download Markdown
          </button>
        )}
      </form>
      {asked === null ? (
        <Empty>Choose a pack to prepare it from the latest data.</Empty>
      ) : pack.isPending ? (
        <Loading what="the pack" />
      ) : pack.isError ? (
        <ErrorState error={pack.error} />
      ) : (
        <article className="pack md-preview" aria-label="Review pack" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </div>
  );
}
