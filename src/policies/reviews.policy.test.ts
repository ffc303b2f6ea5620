import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import { admin, csm, manager, otherCsm, viewer } from './actors.test-support.ts';
import { canPrepareMbr } from './reviews.policy.ts';

describe("who may prepare a CSM's MBR", () => {
  it.each<[string, Actor, string, boolean]>([
    ['a CSM prepares their own MBR', csm, 'sam', true],
    ["a CSM does not prepare a colleague's MBR", otherCsm, 'sam', false],
    ["a manager prepares her CSM's MBR", manager, 'sam', true],
    ['a manager prepares her own MBR', manager, 'maria', true],
    ["a manager does not prepare the MBR of another team's CSM", manager, 'olga', false],
    ["an admin prepares anyone's MBR", admin, 'olga', true],
    ["a viewer prepares anyone's MBR", viewer, 'olga', true],
  ])('%s', (_name, actor, csmId, expected) => {
    expect(canPrepareMbr(actor, csmId)).toBe(expected);
  });
});
