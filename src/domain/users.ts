import { z } from 'zod';
import { ROLES } from './model.ts';
import { TimezoneSchema, shortText } from './validation.ts';

export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

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
