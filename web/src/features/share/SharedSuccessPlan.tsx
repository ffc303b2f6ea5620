import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import type { CustomerSuccessPlanSchema } from '../../../../src/server/routes/success-plans.schema.ts';
import type { z } from 'zod';

type CustomerSuccessPlan = z.output<typeof CustomerSuccessPlanSchema>;

/**
 * The success plan as the customer sees it: only what the share endpoint returns (objectives
 * marked visible to them, with their owner's name, target date, status and progress); no notes,
 * risks or health ever reach this page.
 */
export function SharedSuccessPlan({ token }: { token: string }) {
  const plan = useQuery({ queryKey: ['share-plan', token], queryFn: () => api<CustomerSuccessPlan>('GET', `/api/share/${encodeURIComponent(token)}/success-plan`), retry: false });
  // The agenda is what the link is for: a plan that cannot load leaves the rest of the page as it is.
  if (plan.isPending || plan.isError) return null;
  const objectives = plan.data.objectives;
  return (
    <section aria-labelledby="share-plan">
      <h2 id="share-plan">Your success plan</h2>
      {objectives.length === 0 ? (
        <p className="empty">No objectives are shared yet; your CSM adds them with you.</p>
      ) : (
        <ul className="share-plan">
          {objectives.map((o, i) => (
            <li key={`${o.title}-${i}`}>
              <strong>{o.title}</strong> <span className="badge">{o.status}</span>
              {o.description && <p>{o.description}</p>}
              <div>
                <progress max={100} value={o.progress} aria-label={`Progress of ${o.title}`} /> {Math.round(o.progress)}%
                <small>
                  {o.targetDate ? ` · target ${formatDate(o.targetDate)}` : ''}
                  {o.owner ? ` · ${o.owner}` : ''}
                </small>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
