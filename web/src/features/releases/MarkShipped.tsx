import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Megaphone, Rocket } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { api } from '../../lib/api-client';
import type { z } from 'zod';
import type { ShippedAnswerSchema } from '../../../../src/server/routes/feature-requests.schema.ts';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import './releases.css';

type ShippedAnswer = z.output<typeof ShippedAnswerSchema>;

/**
 * "Mark shipped in release…" on a feature request: every account's copy of the same request is
 * marked shipped, and an announcement is drafted for each account that asked, for its CSM to send.
 */
export function MarkShipped({ request, accountId }: { request: { id: string; title: string }; accountId: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [release, setRelease] = useState('');
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [answer, setAnswer] = useState<ShippedAnswer | null>(null);
  const prefix = `ship-${request.id}`;
  const ship = useMutation({
    mutationFn: () => api<ShippedAnswer>('POST', `/api/feature-requests/${encodeURIComponent(request.id)}/shipped`, { release: release.trim(), ...(url.trim() ? { url: url.trim() } : {}) }),
    onMutate: () => setProblem(null),
    onSuccess: (a) => setAnswer(a),
    onError: (e) => setProblem(problemOf(e)),
  });
  // The request leaves the open list once shipped: refreshed only when the drafts are put away, so they stay readable.
  const close = () => {
    setOpen(false);
    setAnswer(null);
    void client.invalidateQueries({ queryKey: ['tracker-items'] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    ship.mutate();
  }
  if (!open)
    return (
      <Button size="sm" variant="ghost" icon={Rocket} onClick={() => setOpen(true)} aria-label={`Mark shipped in release… ${request.title}`}>
        Mark shipped in release…
      </Button>
    );
  if (answer)
    return (
      <section className="release-drafts" aria-labelledby={`${prefix}-drafts`}>
        <h4 id={`${prefix}-drafts`}>
          <Megaphone aria-hidden="true" size={16} /> Shipped in {answer.release}: {answer.drafts.length} announcement{answer.drafts.length === 1 ? '' : 's'} drafted
        </h4>
        <p role="status" className="notice">
          {answer.requestIds.length} account{answer.requestIds.length === 1 ? '' : 's'} asked for it; each request is marked shipped.
          {answer.otherAccounts > 0 && ` ${answer.otherAccounts} of them are outside your book: their CSMs draft their own.`}
        </p>
        {answer.drafts.map((d) => (
          <article key={d.accountId} className="release-draft" aria-label={`Announcement for ${d.accountName}`}>
            <h5>
              <Link to={`/accounts/${d.accountId}`}>{d.accountName}</Link>
            </h5>
            <p>
              <strong>Subject:</strong> {d.subject}
            </p>
            <textarea readOnly rows={6} value={d.text} aria-label={`Announcement text for ${d.accountName}`} onFocus={(e) => e.target.select()} />
          </article>
        ))}
        <Button size="sm" onClick={close}>
          Done
        </Button>
      </section>
    );
  return (
    <form className="release-form" onSubmit={submit} noValidate aria-label={`Mark ${request.title} shipped`}>
      <label htmlFor={`${prefix}-release`}>Release</label>
      <input id={`${prefix}-release`} value={release} onChange={(e) => setRelease(e.target.value)} placeholder="e.g. 4.2" {...invalidProps(problem, 'release', `${prefix}-release`)} />
      <FieldError problem={problem} field="release" id={`${prefix}-release`} />
      <label htmlFor={`${prefix}-url`}>Release notes link (optional)</label>
      <input id={`${prefix}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} {...invalidProps(problem, 'url', `${prefix}-url`)} />
      <FieldError problem={problem} field="url" id={`${prefix}-url`} />
      <FormError problem={problem} fields={['release', 'url']} />
      <span className="release-actions">
        <Button type="submit" size="sm" variant="primary" disabled={ship.isPending}>
          Mark shipped and draft announcements
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </span>
    </form>
  );
}
