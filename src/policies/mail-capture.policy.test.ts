import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { canReadCapturedMailBody } from './mail-capture.policy.ts';

const account = { ownerId: 'csm-1', team: [{ userId: 'csm-2' }] };
const actor = (id: string, role: Actor['role'], reportIds: string[] = []): Actor => ({ id, role, reportIds, label: id });

describe('who reads the body of a captured mail', () => {
  it('the owner, the account team and their manager read it, as they read the notes', () => {
    expect(canReadCapturedMailBody(actor('csm-1', 'csm'), account)).toBe(true);
    expect(canReadCapturedMailBody(actor('csm-2', 'csm'), account)).toBe(true);
    expect(canReadCapturedMailBody(actor('mgr', 'manager', ['csm-1']), account)).toBe(true);
  });
  it('a CSM outside the account and the other team’s manager do not', () => {
    expect(canReadCapturedMailBody(actor('csm-9', 'csm'), account)).toBe(false);
    expect(canReadCapturedMailBody(actor('mgr-2', 'manager', ['csm-9']), account)).toBe(false);
  });
  it('a viewer reads it, as viewers read every account’s notes', () => {
    expect(canReadCapturedMailBody(actor('v', 'viewer'), account)).toBe(true);
  });
});
