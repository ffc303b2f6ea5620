/** The shadowing answers, typed from the API's own schemas (type-only: nothing of the server is bundled). */
import type { z } from 'zod';
import type { DebriefSchema, ShadowingListSchema, ShadowingPairingSchema, ShadowingProgressSchema } from '../../../../src/server/routes/shadowing.schema.ts';
import type { ShadowingActivity } from '../../../../src/domain/reviews/shadowing.ts';

export type Pairing = z.output<typeof ShadowingPairingSchema>;
export type PairingWithProgress = z.output<typeof ShadowingProgressSchema>;
export type PairingList = z.output<typeof ShadowingListSchema>;
export type ShadowSession = PairingWithProgress['sessions'][number];
export type DebriefAnswer = z.output<typeof DebriefSchema>;
export type { ShadowingActivity };

/** The activities in the order a new CSM meets them, with the words the checklist uses. */
export const ACTIVITIES: { value: ShadowingActivity; label: string }[] = [
  { value: 'pre_call_prep', label: 'Pre-call preparation' },
  { value: 'cadence_call', label: 'Cadence call' },
  { value: 'kickoff', label: 'Kickoff call' },
  { value: 'account_team_sync', label: 'Account-team sync' },
  { value: 'post_call_work', label: 'Post-call work' },
];

export const activityLabel = (a: string) => ACTIVITIES.find((x) => x.value === a)?.label ?? a.replace(/_/g, ' ');
