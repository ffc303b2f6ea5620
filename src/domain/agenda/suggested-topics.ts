/**
 * The suggested-topic library and its rotation. Managers curate topics that are good at any
 * time; each agenda takes a few, preferring the ones this account has gone longest without, so
 * the same topic does not come up every call. Hot-sheet topics are short-lived and shown while
 * live until the account has discussed them.
 */
import { z } from 'zod';
import { DEPLOYMENTS, SEGMENTS, type CalendarDate, type Deployment, type Segment } from '../model.ts';
import type { Agenda, HotSheetTopic, SuggestedTopic } from '../meeting/meeting.ts';
import { CalendarDateSchema, shortText } from '../validation.ts';

/** What every curated topic has: a stable id the rotation remembers, and its text. */
const topicFields = {
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\w-]+$/, 'may hold letters, digits, - and _ only'),
  text: shortText(300),
};

/** The library as managers save it (PUT /api/settings/agenda-topics): its order is the curated order. */
export const TopicLibrarySchema = z
  .array(
    z.strictObject({
      ...topicFields,
      deployments: z.array(z.enum(DEPLOYMENTS)).default([]),
      segments: z.array(z.enum(SEGMENTS)).default([]),
      active: z.boolean().default(true),
    }),
  )
  .max(500);
export type TopicLibrary = z.infer<typeof TopicLibrarySchema>;

/** The hot sheet as managers save it (PUT /api/settings/hot-sheet). */
export const HotSheetSchema = z
  .array(
    z.strictObject({
      ...topicFields,
      startsOn: CalendarDateSchema,
      expiresOn: CalendarDateSchema,
      deployments: z.array(z.enum(DEPLOYMENTS)).default([]),
    }),
  )
  .max(200);
export type HotSheet = z.infer<typeof HotSheetSchema>;

/** A starting library for a new install, from the handbook's general suggestions. */
export const DEFAULT_TOPICS: { text: string; deployments: Deployment[] }[] = [
  { text: 'Any new goals or objectives coming up?', deployments: [] },
  { text: 'Review upcoming features and releases', deployments: [] },
  { text: 'Stage adoption: which areas are you not using yet, and what would they be worth to you?', deployments: [] },
  { text: 'Your usage, best practices and typical workflows', deployments: [] },
  { text: 'Which tools, integrations, IDEs and languages do you mainly use?', deployments: [] },
  { text: 'Any areas for user enablement or training?', deployments: [] },
  { text: 'Upcoming workshops and events in your region', deployments: [] },
  { text: 'How are you using other tools or integrations alongside ours?', deployments: [] },
  { text: 'Our reference architectures and whether yours fits your projected user count', deployments: ['self_managed'] },
];

export interface TopicContext {
  deployment: Deployment;
  segment: Segment;
  today: CalendarDate;
}

function fits(topic: { deployments: Deployment[] }, deployment: Deployment): boolean {
  return topic.deployments.length === 0 || topic.deployments.includes(deployment);
}

/**
 * How many calls ago each topic was last on this account's agenda (0 = the most recent one).
 * `previousAgendas` are newest first.
 */
export function topicRecency(previousAgendas: readonly Agenda[], sourceType: 'topic' | 'hot_topic' = 'topic'): Map<string, number> {
  const recency = new Map<string, number>();
  previousAgendas.forEach((agenda, index) => {
    for (const item of agenda.items) {
      const id = item.source?.type === sourceType ? item.source.id : undefined;
      if (id !== undefined && !recency.has(id)) recency.set(id, index);
    }
  });
  return recency;
}

/**
 * Picks `count` library topics for the next agenda: never-used topics first (in curated order),
 * then the ones used longest ago. Deterministic, so every node picks the same.
 */
export function pickSuggestedTopics(library: readonly SuggestedTopic[], previousAgendas: readonly Agenda[], context: TopicContext, count: number, exclude: ReadonlySet<string> = new Set()): SuggestedTopic[] {
  const recency = topicRecency(previousAgendas);
  const candidates = library.filter((t) => t.active && !exclude.has(t.id) && fits(t, context.deployment) && (t.segments.length === 0 || t.segments.includes(context.segment)));
  const staleness = (t: SuggestedTopic) => recency.get(t.id) ?? Number.POSITIVE_INFINITY;
  return [...candidates].sort((a, b) => staleness(b) - staleness(a) || a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, Math.max(0, count));
}

/** Hot-sheet topics live today that this account has not yet discussed. */
export function liveHotTopics(hotSheet: readonly HotSheetTopic[], previousAgendas: readonly Agenda[], context: TopicContext): HotSheetTopic[] {
  const discussed = new Set<string>();
  for (const agenda of previousAgendas) {
    for (const item of agenda.items) {
      if (item.discussed && item.source?.type === 'hot_topic' && item.source.id) discussed.add(item.source.id);
    }
  }
  return hotSheet.filter((t) => t.startsOn <= context.today && context.today <= t.expiresOn && fits(t, context.deployment) && !discussed.has(t.id));
}

/** Whether a hot topic is still live on `today` (carried-over hot topics expire too). */
export function isHotTopicLive(topic: HotSheetTopic | undefined, today: CalendarDate): boolean {
  return topic !== undefined && topic.startsOn <= today && today <= topic.expiresOn;
}
