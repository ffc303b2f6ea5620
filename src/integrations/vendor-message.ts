/**
 * Pulls the human sentence out of a vendor's error body, whatever its shape: Zendesk
 * `{error, description}`, Jira `{errorMessages, errors}`, GitLab/GitHub/HubSpot/Zoom `{message}`,
 * Salesforce `[{message, errorCode}]`, Gong `{errors: [...]}`, Slack's plain-text `no_service`.
 */
export function vendorMessageFrom(body: string, secrets: readonly string[] = []): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  let found: string | undefined;
  try {
    found = fromJson(JSON.parse(text) as unknown);
  } catch {
    // A short plain-text answer is a message (Slack); an HTML page is not.
    if (text.length <= 200 && !text.startsWith('<')) found = text;
  }
  return found === undefined ? undefined : scrub(found, secrets).slice(0, 300);
}

/** Replaces every secret (and its base64 form, as in Basic auth) with [redacted]. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    out = out.split(s).join('[redacted]');
  }
  return out;
}

function fromJson(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const parts = value.map(fromJson).filter((s): s is string => !!s);
    return parts.length > 0 ? parts.join('; ') : undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Record<string, unknown>;
  const parts: string[] = [];
  const push = (v: unknown) => {
    const s = fromJson(v);
    if (s) parts.push(s);
  };
  if (Array.isArray(o.errorMessages)) push(o.errorMessages);
  if (o.errors && typeof o.errors === 'object') {
    push(Array.isArray(o.errors) ? o.errors : Object.entries(o.errors).map(([k, v]) => `${k}: ${fromJson(v) ?? ''}`));
  }
  if (typeof o.message === 'string') push(o.errorCode ? `${o.errorCode}: ${o.message}` : o.message);
  else if (o.message && typeof o.message === 'object') push(Object.entries(o.message).map(([k, v]) => `${k} ${fromJson(v) ?? ''}`));
  const context = o.context as { requiredGranularScopes?: unknown; requiredScopes?: unknown } | undefined;
  const scopes = context?.requiredGranularScopes ?? context?.requiredScopes;
  if (Array.isArray(scopes)) parts.push(`required scopes: ${scopes.join(', ')}`);
  if (typeof o.description === 'string') push(o.description);
  if (typeof o.error_description === 'string') push(o.error_description);
  if (parts.length === 0 && o.error !== undefined) push(typeof o.error === 'object' ? ((o.error as Record<string, unknown>).message ?? (o.error as Record<string, unknown>).title) : o.error);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
