import { z } from 'zod';
import { ROLES } from '../../domain/model.ts';
import { InstantSchema, pageOf } from './responses.ts';

// The bodies are the domain's: addUser, signIn and createApiToken take exactly these.
export { LoginSchema, TokenCreateSchema, UserCreateSchema, type UserCreate } from '../../domain/users.ts';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    timezone: z.string().describe('IANA time zone, e.g. Europe/Berlin'),
    managerId: z.string().nullable(),
    active: z.boolean(),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'User' });
export const UserListSchema = pageOf(UserSchema).meta({ id: 'UserList' });

export const SessionSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string().nullable().describe('Send it as `x-csrf-token` on every cookie write; null when signed in by Bearer token'),
  })
  .meta({ id: 'Session' });
export const SignedInSchema = SessionSchema.extend({ csrfToken: z.string() }).meta({ id: 'SignedIn' });

export const ApiTokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: InstantSchema, lastUsedAt: InstantSchema.nullable(), revokedAt: InstantSchema.nullable() }).meta({ id: 'ApiToken' });
export const ApiTokenListSchema = pageOf(ApiTokenSchema).meta({ id: 'ApiTokenList' });
export const CreatedTokenSchema = z.object({ id: z.string(), token: z.string().describe('The token itself, shown this once') }).meta({ id: 'CreatedApiToken' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type User = z.output<typeof UserSchema>;
export type Session = z.output<typeof SessionSchema>;
export type ApiToken = z.output<typeof ApiTokenSchema>;
