/** Who may come in through single sign-on, and who may still use a password. */

/** The domain of an email address, lower-cased ("" when it has none). */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** An empty list allows every domain; otherwise the email's domain must be on it exactly. */
export function isAllowedDomain(email: string, allowedDomains: readonly string[]): boolean {
  if (allowedDomains.length === 0) return true;
  const domain = emailDomain(email);
  return domain !== '' && allowedDomains.some((d) => d.toLowerCase() === domain);
}

/**
 * With password sign-in switched off, only the break-glass admin may still use a password: the one
 * way in when the IdP is down or misconfigured. The email alone decides here (no lookup, so the
 * answer takes the same time for every email); the role is checked once the password is verified.
 */
export function mayUsePassword(input: { passwordLogin: boolean; breakGlassEmail: string | null; email: string }): boolean {
  if (input.passwordLogin) return true;
  return input.breakGlassEmail !== null && input.breakGlassEmail.toLowerCase() === input.email.trim().toLowerCase();
}

/** The break-glass account must be an admin: a break-glass CSM would be a back door, not a way in. */
export function breakGlassHolds(input: { passwordLogin: boolean; role: string }): boolean {
  return input.passwordLogin || input.role === 'admin';
}
