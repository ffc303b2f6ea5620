import { describe, expect, it } from 'vitest';
import { taskPhrase } from './action-phrase.ts';

describe('the task in a commitment', () => {
  it('is written in the base form, so it reads as "<owner> will …"', () => {
    expect(taskPhrase('working on the onboarding plan for the new admins')).toBe('Work on the onboarding plan for the new admins');
    expect(taskPhrase('open a support ticket for the import timeout today')).toBe('Open a support ticket for the import timeout today');
  });

  it('stops where the speaker runs on into another thought', () => {
    expect(taskPhrase('send the SSO guide and I think we should also look at roles')).toBe('Send the SSO guide');
  });

  it('"do that", "get this going" and "go home" are not tasks anyone can follow up', () => {
    expect(taskPhrase('do that next time')).toBeNull();
    expect(taskPhrase('get this going first')).toBeNull();
    expect(taskPhrase('go home and rest')).toBeNull();
  });
});

describe('light verbs and run-on speech', () => {
  it('"do", "get" and "make" need a direct object to be a task', () => {
    expect(taskPhrase('get to that at the end of the call')).toBeNull();
    expect(taskPhrase('do for the next meeting')).toBeNull();
    expect(taskPhrase('get the renewal quote to procurement')).toBe('Get the renewal quote to procurement');
  });

  it('a reason given after the task, or a phrase left hanging, is not part of it', () => {
    expect(taskPhrase("take the export offline 'cause it's too slow")).toBe('Take the export offline');
    expect(taskPhrase('make a presentation on')).toBe('Make a presentation');
  });

  it('holding the meeting itself is not a follow-up', () => {
    expect(taskPhrase('have the next call in two weeks')).toBeNull();
    expect(taskPhrase('close the meeting')).toBeNull();
  });
});
