import { z } from 'zod';
import { ROLES } from '../../domain/model.ts';
import { InstantSchema, pageOf } from './responses.ts';

// The bodies are the domain's: addUser, signIn and createApiToken take exactly these.
export { LoginSchema, PasswordChangeSchema, PasswordResetCompleteSchema, TokenCreateSchema, UserCreateSchema, UserUpdateSchema, type UserCreate } from '../../domain/users.ts';

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
/** GET /api/session: the session and what the web app draws with (the logo URL pattern). */
export const CurrentSessionSchema = SessionSchema.extend({
  logoUrlPattern: z.string().nullable().describe('CADENCE_LOGO_URL: where company logos come from ({domain}, {name}); null: initials only'),
}).meta({ id: 'CurrentSession' });

export const ApiTokenSchema = z.object({ id: z.string(), name: z.string(), createdAt: InstantSchema, lastUsedAt: InstantSchema.nullable(), revokedAt: InstantSchema.nullable() }).meta({ id: 'ApiToken' });
export const ApiTokenListSchema = pageOf(ApiTokenSchema).meta({ id: 'ApiTokenList' });
export const CreatedTokenSchema = z.object({ id: z.string(), token: z.string().describe('The token itself, shown this once') }).meta({ id: 'CreatedApiToken' });

export const SessionItemSchema = z
  .object({
    id: z.string(),
    createdAt: InstantSchema.describe('When the user signed in'),
    lastSeenAt: InstantSchema.describe('The last request; the session ends after 12 hours without one'),
    expiresAt: InstantSchema.describe('14 days after sign-in at the latest'),
    userAgent: z.string().nullable().describe('The browser that signed in, to tell sessions apart'),
    current: z.boolean().describe('The session this request came with'),
  })
  .meta({ id: 'SessionItem' });
export const SessionListSchema = pageOf(SessionItemSchema).meta({ id: 'SessionList' });
export const SessionsEndedSchema = z.object({ sessionsEnded: z.number().int() }).meta({ id: 'SessionsEnded' });

export const AccountNeedingOwnerSchema = z
  .object({
    accountId: z.string(),
    accountName: z.string(),
    owner: z.object({ id: z.string(), email: z.string(), name: z.string() }).describe('The deactivated owner'),
  })
  .meta({ id: 'AccountNeedingOwner' });
export const AccountsNeedingOwnerSchema = pageOf(AccountNeedingOwnerSchema).meta({ id: 'AccountsNeedingOwner' });

export const ResetLinkSchema = z
  .object({
    link: z.string().nullable().describe('The one-time set-password link to pass on; null when it was mailed to the user'),
    mailed: z.boolean(),
    expiresAt: InstantSchema,
  })
  .meta({ id: 'PasswordResetLink' });

// The answers' types, for the web app (type-only imports) and typed clients.
export type User = z.output<typeof UserSchema>;
export type Session = z.output<typeof SessionSchema>;
export type ApiToken = z.output<typeof ApiTokenSchema>;
export type SessionItem = z.output<typeof SessionItemSchema>;
export type AccountNeedingOwner = z.output<typeof AccountNeedingOwnerSchema>;
export type ResetLink = z.output<typeof ResetLinkSchema>;
