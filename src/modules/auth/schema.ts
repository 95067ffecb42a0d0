import { z } from 'zod';
import { nonEmptyText, sensitivitySchema } from '../records/fields.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { ROLES } from './policy.js';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address'))
  .describe('sign-in name');

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1000, 'must be at most 1000 characters');

export const loginSchema = z
  .object({ email: z.string().max(320), password: z.string().max(1000) })
  .strict()
  .meta({ id: 'Login' });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    clearance: sensitivitySchema,
    mustChangePassword: z.boolean(),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.output<typeof userSchema>;

export const userCreateSchema = z
  .object({
    email: emailSchema,
    displayName: nonEmptyText(200),
    role: z.enum(ROLES),
    clearance: sensitivitySchema,
    password: passwordSchema.optional().describe('omit to generate a one-time password'),
  })
  .strict()
  .meta({ id: 'UserCreate' });

export const userPatchSchema = z
  .object({
    displayName: nonEmptyText(200).optional(),
    role: z.enum(ROLES).optional(),
    clearance: sensitivitySchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UserPatch' });

export const passwordChangeSchema = z
  .object({ currentPassword: z.string().max(1000), newPassword: passwordSchema })
  .strict()
  .meta({ id: 'PasswordChange' });

export const TOKEN_SCOPES = ['read', 'write'] as const;
export const tokenCreateSchema = z
  .object({
    name: nonEmptyText(200),
    scope: z.enum(TOKEN_SCOPES),
    expiresInDays: z.number().int().min(1).max(366).optional().describe('default 90'),
  })
  .strict()
  .meta({ id: 'TokenCreate' });

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(TOKEN_SCOPES),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revoked: z.boolean(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.output<typeof tokenSchema>;
