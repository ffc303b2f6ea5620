import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { authorize } from './authorize.ts';

describe('authorize', () => {
  it('an allowed action goes ahead', () => {
    expect(() => authorize(true, 'never shown')).not.toThrow();
  });

  it('a refused action is a forbidden error with the reason the user reads', () => {
    let thrown: unknown;
    try {
      authorize(false, 'only admins set the fiscal year');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('forbidden');
    expect((thrown as AppError).status).toBe(403);
    expect((thrown as AppError).message).toBe('only admins set the fiscal year');
  });
});
