/**
 * Company logos from a URL pattern the operator sets (CADENCE_LOGO_URL), e.g.
 * `https://logos.example.com/{domain}.png` or `/logos/{name}.svg`. `{domain}` is the account's
 * main e-mail domain (the one most of its contacts use), `{name}` its name; both URL-encoded.
 * No pattern (the default): no logo is fetched, the initials are drawn instead.
 */
let logoPattern: string | null = null;

/** Set once the server has said which pattern it uses (null: none). */
export function setLogoPattern(pattern: string | null | undefined): void {
  logoPattern = pattern ?? null;
}

export function getLogoPattern(): string | null {
  return logoPattern;
}

export function logoUrlFor(pattern: string | null | undefined, account: { name: string; domain: string | null }): string | null {
  if (!pattern) return null;
  if (pattern.includes('{domain}') && !account.domain) return null;
  return pattern.replaceAll('{domain}', encodeURIComponent(account.domain ?? '')).replaceAll('{name}', encodeURIComponent(account.name));
}

/** The e-mail domain most of the account's active contacts use, or null. */
export function mainDomain(contacts: { email: string | null; status?: string }[]): string | null {
  const counts = new Map<string, number>();
  for (const c of contacts) {
    const domain = c.email?.split('@')[1]?.trim().toLowerCase();
    if (!domain || c.status === 'left') continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [domain, n] of counts) if (best === null || n > counts.get(best)!) best = domain;
  return best;
}
