import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/model.ts';
import type { AccountPeople } from './access.ts';
import { accountSamWorksOn, admin, csm, manager, olgasAccount, samsAccount, viewer } from './actors.test-support.ts';
import { canUpdateTask } from './tasks.policy.ts';

const forOlga = { assigneeId: 'olga' };

describe('who may close, dismiss or reopen a playbook task', () => {
  it.each<[string, Actor, { assigneeId: string | null }, AccountPeople | null, boolean]>([
    ['the assignee closes their task', csm, { assigneeId: 'sam' }, olgasAccount, true],
    ['the assignee closes a task that has no account', csm, { assigneeId: 'sam' }, null, true],
    ['nobody else closes a task that has no account, not even an admin', admin, forOlga, null, false],
    ["a CSM closes a colleague's task on their own account", csm, forOlga, samsAccount, true],
    ['a CSM closes a task on an account they sit on the team of', csm, forOlga, accountSamWorksOn, true],
    ["a CSM does not close a task on another CSM's account", csm, forOlga, olgasAccount, false],
    ["a manager closes a task on her CSM's account", manager, forOlga, samsAccount, true],
    ['a manager does not close a task on an account of another team', manager, forOlga, olgasAccount, false],
    ['an admin closes a task on any account', admin, forOlga, olgasAccount, true],
    ['a viewer closes no task but their own', viewer, forOlga, samsAccount, false],
  ])('%s', (_name, actor, task, account, expected) => {
    expect(canUpdateTask(actor, task, account)).toBe(expected);
  });
});
