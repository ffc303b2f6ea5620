import { z } from 'zod';
import { HEALTH_COLOURS } from '../../domain/model.ts';

// The bodies are the domain's: saveUseCaseTemplates and scoreAccountUseCase take exactly these.
export { UseCaseScoreSchema, UseCaseTemplatesSaveSchema } from '../../domain/use-cases/use-cases.ts';

export const UseCaseTemplateSchema = z
  .object({
    id: z.string(),
    product: z.string(),
    name: z.string(),
    customerWording: z.string().describe('How the customer would say it: the agenda shows this'),
    enablementOffer: z.string().describe('What we offer to get them there: the agenda offers this'),
    findingMatch: z.string().nullable().describe('A finding whose title contains this phrase speaks for the use case'),
    position: z.number().int(),
  })
  .meta({ id: 'UseCaseTemplate' });

export const UseCaseTemplatesSchema = z.object({ templates: z.array(UseCaseTemplateSchema) }).meta({ id: 'UseCaseTemplates' });

export const AccountUseCaseSchema = z
  .object({
    templateId: z.string(),
    product: z.string(),
    name: z.string(),
    customerWording: z.string(),
    enablementOffer: z.string(),
    score: z.enum(HEALTH_COLOURS).nullable().describe('In force: by hand, or from the newest matching product finding when that is newer; null: not scored'),
    source: z.enum(['hand', 'findings']).nullable(),
    because: z.string().nullable().describe('In words: "scored yellow by hand on 2026-11-20: pilot team only"'),
    hand: z.object({ score: z.enum(HEALTH_COLOURS).nullable(), note: z.string().nullable(), scoredBy: z.string().nullable(), scoredAt: z.string().nullable() }),
  })
  .meta({ id: 'AccountUseCase' });

export const AccountUseCaseListSchema = z.object({ items: z.array(AccountUseCaseSchema), nextCursor: z.null() }).meta({ id: 'AccountUseCaseList' });

export const UseCaseParams = z.strictObject({ id: z.string().min(1).max(64), templateId: z.string().min(1).max(64) });
