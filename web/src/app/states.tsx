import { Link } from 'react-router';
import { ApiError } from '../lib/api-client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorState({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.status === 404) return <NotFound />;
  if (error instanceof ApiError && error.status === 403) return <Forbidden what={error.message ? `Cadence says: ${error.message}.` : undefined} />;
  return (
    <div className="state" role="alert">
      <h1>Something went wrong</h1>
      <p>{error instanceof Error ? error.message : 'Unknown error'}</p>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="state" role="alert">
      <h1>Not found</h1>
      <p>
        There is nothing here, or you may not see it. <Link to="/">Back to my day</Link>
      </p>
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** The 403 page: a signed-in user reached something their role does not open. */
export function Forbidden({ what }: { what?: string }) {
  return (
    <div className="state" role="alert">
      <h1>Not yours to see</h1>
      <p>You do not have access to this. {what} Ask your manager or an admin if you need it.</p>
      <p>
        <Link to="/">Back to my day</Link>
      </p>
    </div>
  );
}
