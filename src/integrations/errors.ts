/**
 * Every vendor failure becomes one IntegrationError, so a sync job decides what to retry from
 * `kind` alone and `cadence integrations test NAME` can explain the failure in words.
 */
export const INTEGRATION_ERROR_KINDS = ['temporary', 'auth', 'not_found', 'rate_limited', 'invalid_response', 'config'] as const;
export type IntegrationErrorKind = (typeof INTEGRATION_ERROR_KINDS)[number];

/** What went wrong at the network level, when nothing (or nothing usable) came back. */
export type NetworkProblem = 'timeout' | 'dns' | 'refused' | 'tls' | 'reset' | 'other';

export interface IntegrationErrorOptions {
  vendor: string;
  /** HTTP status, when the vendor answered. */
  status?: number;
  /** Only for `rate_limited`: how long the vendor asked us to wait. */
  retryAfterMs?: number;
  /** The vendor's own words (already stripped of secrets), e.g. Jira's errorMessages. */
  vendorMessage?: string;
  /** "GET /api/v2/tickets.json": never the query string, never a secret URL. */
  target?: string;
  network?: NetworkProblem;
  /** How many attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

export class IntegrationError extends Error {
  readonly kind: IntegrationErrorKind;
  readonly vendor: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly vendorMessage: string | undefined;
  readonly target: string | undefined;
  readonly network: NetworkProblem | undefined;
  readonly attempts: number | undefined;

  constructor(kind: IntegrationErrorKind, message: string, options: IntegrationErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'IntegrationError';
    this.kind = kind;
    this.vendor = options.vendor;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.vendorMessage = options.vendorMessage;
    this.target = options.target;
    this.network = options.network;
    this.attempts = options.attempts;
  }

  /** Jobs retry only what may succeed later without anyone changing a setting. */
  get retryable(): boolean {
    return this.kind === 'temporary' || this.kind === 'rate_limited';
  }

  /** A copy that records how many attempts were spent. */
  withAttempts(attempts: number): IntegrationError {
    return new IntegrationError(this.kind, this.message, {
      vendor: this.vendor,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      vendorMessage: this.vendorMessage,
      target: this.target,
      network: this.network,
      attempts,
      cause: this.cause,
    });
  }
}

export function isIntegrationError(err: unknown): err is IntegrationError {
  return err instanceof IntegrationError;
}

const NAMES: Record<string, string> = {
  zendesk: 'Zendesk',
  jira: 'Jira',
  gitlab: 'GitLab',
  github: 'GitHub',
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  slack: 'Slack',
  gong: 'Gong',
  zoom: 'Zoom',
};

/** The vendor's display name: "zendesk" → "Zendesk". */
export function vendorName(vendor: string): string {
  return NAMES[vendor] ?? vendor;
}

function seconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s === 1 ? '1 second' : `${s} seconds`;
}

/**
 * One or two sentences for a person at a terminal: what failed and what to change. Used by
 * `cadence integrations test NAME` and shown beside a failed sync. Never includes secrets,
 * because IntegrationError never holds them.
 */
export function explain(err: unknown): string {
  if (!isIntegrationError(err)) {
    const message = err instanceof Error ? err.message : String(err);
    return `Unexpected failure: ${message}`;
  }
  const who = vendorName(err.vendor);
  const said = err.vendorMessage ? ` ${who} said: "${err.vendorMessage}".` : '';
  const at = err.target ? ` (${err.target})` : '';
  switch (err.kind) {
    case 'auth':
      if (err.status === 403) {
        return `${who} accepted the credentials but refused access${at}: the token is missing a scope or permission, or the user cannot see this project, group or object.${said} Grant the access or use a token that has it.`;
      }
      return `${who} refused the credentials${at}: the token or key is wrong, expired or revoked (or the email that goes with it is wrong).${said} Create a new token and save it in the integration settings.`;
    case 'not_found':
      return `${who} answered "not found"${at}: check the base URL and the configured ids (organisation, project, group, repository, meeting). Private items also look missing to a token that cannot see them.${said}`;
    case 'rate_limited':
      return `${who} is rate limiting Cadence${err.retryAfterMs !== undefined ? ` and asked to wait ${seconds(err.retryAfterMs)}` : ''}. The next sync will continue where this one stopped; if this happens often, sync less frequently.`;
    case 'invalid_response':
      return `${who} answered with something Cadence cannot read${at}: the base URL probably points at a web page or a proxy rather than the API.${said} Check the URL in the integration settings.`;
    case 'config':
      return `${who} refused the request${at}: a setting does not match what ${who} expects (a project key, field name, issue type or id).${said}`;
    case 'temporary':
      return explainTemporary(err, who, at, said);
  }
}

function explainTemporary(err: IntegrationError, who: string, at: string, said: string): string {
  const tries = err.attempts && err.attempts > 1 ? ` after ${err.attempts} attempts` : '';
  switch (err.network) {
    case 'dns':
      return `The host name of ${who} could not be found${at}: the base URL is probably mistyped.`;
    case 'refused':
      return `Nothing is listening at the ${who} URL${at}: check the host and port in the base URL.`;
    case 'tls':
      return `The secure connection to ${who} failed${at}: the certificate is not trusted or the URL uses the wrong scheme.`;
    case 'timeout':
      return `${who} did not answer in time${at}${tries}. It may be slow or unreachable from this server; try again later or check the proxy and firewall.`;
    case 'reset':
    case 'other':
      return `The connection to ${who} failed${at}${tries}. Check that this server can reach it; Cadence will try again on the next sync.`;
    case undefined:
      return `${who} is having trouble (HTTP ${err.status ?? '?'})${at}${tries}.${said} Cadence will try again on the next sync.`;
  }
}
