import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOK } from './playbook-defaults.ts';
import { PlaybookSettingsSchema } from './playbook.ts';

describe('the default playbook', () => {
  it('is what the settings schema makes of a team that set nothing', () => {
    expect(DEFAULT_PLAYBOOK).toStrictEqual(PlaybookSettingsSchema.parse({}));
  });
});
