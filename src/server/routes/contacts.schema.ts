import { z } from 'zod';
import { CONTACT_ROLES, CONTACT_STATUSES } from '../../domain/model.ts';
import { cursorParam, limitParam, listParam } from './query.ts';
import { InstantSchema, pageOf } from './responses.ts';

// The bodies are the domain's: createContact and updateContact take exactly these.
export { ContactCreateSchema, ContactUpdateSchema, type ContactCreate, type ContactUpdate } from '../../domain/account/accounts.ts';

export const ContactListQuerySchema = z.strictObject({
  accountId: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  role: listParam(CONTACT_ROLES),
  status: listParam(CONTACT_STATUSES),
  includeArchived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  cursor: cursorParam,
  limit: limitParam,
});

export const ContactSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    title: z.string().nullable(),
    role: z.enum(CONTACT_ROLES),
    status: z.enum(CONTACT_STATUSES),
    phone: z.string().nullable(),
    externalId: z.string().nullable(),
    archivedAt: InstantSchema.nullable(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Contact' });
export const ContactListSchema = pageOf(ContactSchema).meta({ id: 'ContactList' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type Contact = z.output<typeof ContactSchema>;
