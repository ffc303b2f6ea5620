import { forbidden } from '../errors.ts';

/**
 * Turns a policy's answer into the app's 403: `authorize(canEditAccount(actor, account), '…')`.
 * The `can*` functions stay pure booleans (easy to test, usable to hide a button); services call
 * this one function, so every "no" reads the same on the API, the CLI and in jobs.
 */
export function authorize(allowed: boolean, message?: string): asserts allowed {
  if (!allowed) throw forbidden(message);
}
