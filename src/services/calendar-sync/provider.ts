import type { Deps } from '../../deps.ts';
import { createCalDavClient } from '../../integrations/caldav/client.ts';
import type { CalendarProvider } from '../../integrations/calendar/port.ts';
import { explain, isIntegrationError } from '../../integrations/errors.ts';
import { decryptSecret } from '../../integrations/secrets.ts';
import type { CalendarConnection } from '../../store/calendar-sync.repo.ts';
import { connectionKeeper, isOAuthCalendarProvider, oauthCalendarClient, PROVIDER_NAMES } from './oauth-clients.ts';

/** The context a connection's password is encrypted under: a copy in another row does not decrypt. */
export function secretContext(connectionId: string): string {
  return `calendar_connection.${connectionId}.password`;
}

/** The client for one connection: CalDAV with its password decrypted only now, Google or Microsoft with its tokens (refreshed when they expire). */
export function providerFor(deps: Deps, connection: CalendarConnection, options: { timeoutMs?: number } = {}): CalendarProvider {
  if (isOAuthCalendarProvider(connection.provider)) {
    return oauthCalendarClient(deps, connection.provider, connectionKeeper(deps, connection.provider, connection.id), { timeoutMs: options.timeoutMs, now: () => deps.now().getTime() });
  }
  if (connection.provider !== 'caldav') throw new Error(`calendar provider ${connection.provider} is not supported`);
  const password = decryptSecret(connection.secret, deps.config.secret, secretContext(connection.id));
  return createCalDavClient({ url: connection.url, username: connection.username, password, timeoutMs: options.timeoutMs });
}

/** True for the answer that means the password or grant no longer works: the connection waits for the user. */
export function isReauthNeeded(err: unknown): boolean {
  return isIntegrationError(err) && err.kind === 'auth' && err.status === 401;
}

/** The last error in words for the status line: what failed, what to do. Never a secret. */
export function describeFailure(err: unknown, doing: string): string {
  if (isReauthNeeded(err) && isIntegrationError(err) && isOAuthCalendarProvider(err.vendor)) {
    const name = PROVIDER_NAMES[err.vendor];
    return `${name} no longer accepts Cadence's sign-in (${err.vendorMessage ?? `HTTP ${err.status}`}) while ${doing}: the access was revoked, the password changed or the grant expired. Connect ${name} again in Settings → Calendar & mail; until then Cadence does not try this connection again.`;
  }
  if (isReauthNeeded(err)) {
    return `The calendar server refused the user name or password (HTTP 401) while ${doing}: the password was changed or revoked. Connect again (cadence calendar connect … or POST /api/calendar/connections); until then Cadence does not try this connection again.`;
  }
  return `While ${doing}: ${explain(err)}`;
}
