import { z } from 'zod';
import { DEPLOYMENTS, SEGMENTS } from '../../domain/model.ts';
import { CalendarDateOutSchema } from './responses.ts';

// The bodies are the topic library's: saveTopicLibrary and saveHotSheet take exactly these.
export { HotSheetSchema, TopicLibrarySchema, type HotSheet, type TopicLibrary } from '../../domain/agenda/suggested-topics.ts';

export const SuggestedTopicSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    deployments: z.array(z.enum(DEPLOYMENTS)).describe('Only for these deployments; empty: all'),
    segments: z.array(z.enum(SEGMENTS)).describe('Only for these segments; empty: all'),
    active: z.boolean(),
    position: z.number().int(),
  })
  .meta({ id: 'SuggestedTopic' });

export const HotSheetTopicSchema = z.object({ id: z.string(), text: z.string(), startsOn: CalendarDateOutSchema, expiresOn: CalendarDateOutSchema, deployments: z.array(z.enum(DEPLOYMENTS)) }).meta({ id: 'HotSheetTopic' });

export const TopicLibraryAnswerSchema = z.object({ topics: z.array(SuggestedTopicSchema), hotSheet: z.array(HotSheetTopicSchema) }).meta({ id: 'TopicLibrary' });
export const TopicsSavedSchema = z.object({ topics: z.array(SuggestedTopicSchema) }).meta({ id: 'TopicsSaved' });
export const HotSheetSavedSchema = z.object({ hotSheet: z.array(HotSheetTopicSchema) }).meta({ id: 'HotSheetSaved' });
