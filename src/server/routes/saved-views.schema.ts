import { z } from 'zod';
import { BOOK_COLUMNS } from '../../domain/account/book-columns.ts';
import { DEPLOYMENTS, HEALTH_COLOURS, SEGMENTS, STAGES } from '../../domain/model.ts';
import { CalendarDateSchema } from '../../domain/validation.ts';
import { InstantSchema } from './responses.ts';

const words = (max: number) => z.array(z.string().trim().min(1).max(max)).max(50);

/** The book's filters a view keeps: the same names as GET /api/accounts takes, as JSON. */
export const SavedViewFiltersSchema = z
  .strictObject({
    q: z.string().max(200).optional(),
    owner: words(64).optional().describe('user ids, or "me" (whoever opens the view)'),
    segment: z.array(z.enum(SEGMENTS)).optional(),
    stage: z.array(z.enum(STAGES)).optional(),
    deployment: z.array(z.enum(DEPLOYMENTS)).optional(),
    tag: words(100).optional(),
    health: z.array(z.enum([...HEALTH_COLOURS, 'unknown'])).optional(),
    overdueMin: z.number().int().min(1).max(3650).optional(),
    risks: z.enum(['open', 'none']).optional(),
    renewalWithinDays: z.number().int().min(0).max(3650).optional(),
    renewalFrom: CalendarDateSchema.optional(),
    renewalTo: CalendarDateSchema.optional(),
    lastCallFrom: CalendarDateSchema.optional(),
    lastCallTo: CalendarDateSchema.optional(),
    nextCallFrom: CalendarDateSchema.optional(),
    nextCallTo: CalendarDateSchema.optional(),
    arrMin: z.number().min(0).max(1e13).optional(),
    arrMax: z.number().min(0).max(1e13).optional(),
    archived: z.enum(['exclude', 'include', 'only']).optional(),
  })
  .meta({ id: 'SavedViewFilters' });

const name = z.string().trim().min(1, 'must not be empty').max(80);
const columns = z
  .array(z.enum(BOOK_COLUMNS))
  .min(1, 'name at least one column')
  .max(BOOK_COLUMNS.length * 2);
const sort = z.string().max(20).nullable().describe('as GET /api/accounts takes it, e.g. -arr');
const shared = z.enum(['private', 'team']).describe('private: only you; team: your team sees it (only you and your manager change it)');

export const SavedViewCreateSchema = z.strictObject({ name, columns, filters: SavedViewFiltersSchema.default({}), sort: sort.optional(), shared: shared.default('private') });
export const SavedViewUpdateSchema = z.strictObject({ name: name.optional(), columns: columns.optional(), filters: SavedViewFiltersSchema.optional(), sort: sort.optional(), shared: shared.optional() });

export const SavedViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    columns: z.array(z.string()),
    filters: z.record(z.string(), z.unknown()),
    sort: z.string().nullable(),
    shared: z.enum(['private', 'team']),
    ownerId: z.string(),
    canEdit: z.boolean().describe('you may change or delete it'),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'SavedView' });
export const SavedViewListSchema = z.object({ items: z.array(SavedViewSchema) }).meta({ id: 'SavedViewList' });
