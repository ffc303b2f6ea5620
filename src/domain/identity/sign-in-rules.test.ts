import { describe, expect, it } from 'vitest';
import { breakGlassHolds, isAllowedDomain, mayUsePassword } from './sign-in-rules.ts';

describe('who may sign in', () => {
  it('an empty allowed-domains list lets every domain in', () => {
    expect(isAllowedDomain('ana@anything.io', [])).toBe(true);
  });

  it('only the listed domains come in, exactly and in any case', () => {
    expect(isAllowedDomain('Ana@Acme.COM', ['acme.com'])).toBe(true);
    expect(isAllowedDomain('ana@evil-acme.com', ['acme.com'])).toBe(false);
    expect(isAllowedDomain('ana@acme.com.evil.io', ['acme.com'])).toBe(false);
    expect(isAllowedDomain('no-at-sign', ['acme.com'])).toBe(false);
  });

  it('with passwords off only the break-glass email may use a password', () => {
    expect(mayUsePassword({ passwordLogin: true, breakGlassEmail: null, email: 'a@x.io' })).toBe(true);
    expect(mayUsePassword({ passwordLogin: false, breakGlassEmail: null, email: 'a@x.io' })).toBe(false);
    expect(mayUsePassword({ passwordLogin: false, breakGlassEmail: 'root@x.io', email: 'a@x.io' })).toBe(false);
    expect(mayUsePassword({ passwordLogin: false, breakGlassEmail: 'root@x.io', email: ' Root@X.io' })).toBe(true);
  });

  it('the break-glass account must be an admin', () => {
    expect(breakGlassHolds({ passwordLogin: false, role: 'csm' })).toBe(false);
    expect(breakGlassHolds({ passwordLogin: false, role: 'admin' })).toBe(true);
    expect(breakGlassHolds({ passwordLogin: true, role: 'csm' })).toBe(true);
  });
});
