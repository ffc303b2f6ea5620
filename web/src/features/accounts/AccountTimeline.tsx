import { History } from 'lucide-react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Card } from '../../components/Card';
import type { Page, TimelineEntry } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';

/** Everything that happened to the account, newest first. */
export function AccountTimeline({ timeline, error, names }: { timeline: Page<TimelineEntry> | undefined; error: unknown; names: (id: string) => string }) {
  return (
    <Card id="timeline" title="Timeline" icon={History}>
      {error ? (
        <ErrorState error={error} />
      ) : timeline === undefined ? (
        <Loading what="the timeline" />
      ) : timeline.items.length === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <ol className="timeline">
          {timeline.items.map((t) => (
            <li key={t.id}>
              <time dateTime={t.occurredAt}>{formatInstant(t.occurredAt)}</time>
              <span>{t.summary}</span>
              <small>{t.actorId ? names(t.actorId) : 'system'}</small>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
