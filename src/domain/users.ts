import { z } from 'zod';
import { ROLES } from './model.ts';
import { TimezoneSchema, shortText } from './validation.ts';

/**
 * A password of at least 12 characters that are not all spaces. The service also refuses the most
 * common passwords (the list is a file, and the domain reads none).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'must be at most 200 characters')
  .refine((p) => p.trim().length > 0, 'must not be only spaces');

/** Changing one's own password: the current one proves it is the user at the keyboard. */
export const PasswordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword: PasswordSchema,
});
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

/** Setting a password from a one-time reset link. */
export const PasswordResetCompleteSchema = z.strictObject({
  token: z.string().min(1, 'is required').max(200),
  password: PasswordSchema,
});
export type PasswordResetComplete = z.infer<typeof PasswordResetCompleteSchema>;

export const UserCreateSchema = z.strictObject({
  email: z
    .email('is not an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: shortText(200),
  role: z.enum(ROLES),
  timezone: TimezoneSchema.default('UTC'),
  managerId: z.string().max(64).nullable().optional(),
  password: PasswordSchema.optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

/** An admin corrects a user's name or changes their role; the email is their sign-in and stays. */
export const UserUpdateSchema = z.strictObject({
  name: shortText(200).optional().describe('The name colleagues see'),
  role: z.enum(ROLES).optional().describe('What the user may do: admin, manager, csm or viewer'),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

export const LoginSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(1, 'is required').max(200),
});

export const TokenCreateSchema = z.strictObject({
  name: shortText(100).default('api'),
});
export type Login = z.infer<typeof LoginSchema>;
export type TokenCreate = z.infer<typeof TokenCreateSchema>;
