import { breakGlassHolds, mayUsePassword } from '../../domain/identity/sign-in-rules.ts';
import type { Login } from '../../domain/users.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { signIn, signOut, type SessionMeta } from '../users/users.ts';

/**
 * Password sign-in as the workspace allows it: with CADENCE_PASSWORD_LOGIN=off only the
 * break-glass admin (CADENCE_BREAK_GLASS_EMAIL) may use a password; everyone else signs in
 * through single sign-on. The email is checked before any lookup, the admin role after the
 * password, so the refusal tells an outsider nothing about who exists.
 */
export async function signInWithPassword(deps: Deps, input: Login, meta: SessionMeta = {}): ReturnType<typeof signIn> {
  const { passwordLogin, breakGlassEmail } = deps.config.identity;
  const refused = new AppError('forbidden', 'password sign-in is switched off here; sign in with single sign-on');
  if (!mayUsePassword({ passwordLogin, breakGlassEmail, email: input.email })) throw refused;
  const result = await signIn(deps, input, meta);
  if (!breakGlassHolds({ passwordLogin, role: result.user.role })) {
    await signOut(deps, result.sessionToken);
    throw refused;
  }
  return result;
}
