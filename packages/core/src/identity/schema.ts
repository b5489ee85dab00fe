import { z } from 'zod';
import { isCommonPassword } from './common-passwords.ts';

export const roles = [
  'platform_admin',
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
  'staff',
] as const;
export const positions = [
  'sales_consultant',
  'service_advisor',
  'repair_team_lead',
  'department_manager',
  'general_manager',
] as const;

export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
export const Position = z.enum(positions);
export type Position = z.infer<typeof Position>;

/** Mainland mobile numbers: 11 digits starting 13–19. */
export const Mobile = z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number');
export const Email = z.email().max(200);
/**
 * A password a person chooses: at least 10 characters, not only spaces, and not on the
 * common-password list (what a guesser tries first). Reasons in Chinese: the person reads them.
 */
export const Password = z
  .string()
  .min(10, '密码至少 10 个字符')
  .max(200, '密码最多 200 个字符')
  .refine((p) => p.trim() !== '', '密码不能只有空格')
  .refine((p) => !isCommonPassword(p), '这是常见密码，容易被猜中，请换一个');
export const Locale = z.enum(['zh-CN', 'en']);
const Id = z.uuid();

export const RoleAssignmentInput = z
  .object({
    role: Role,
    storeId: Id.nullish(),
    position: Position.nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.role === 'staff' && !a.position)
      ctx.addIssue({ code: 'custom', path: ['position'], message: 'staff need a position' });
    if (a.role !== 'staff' && a.position)
      ctx.addIssue({ code: 'custom', path: ['position'], message: 'only staff have a position' });
    const groupWide = a.role === 'hq_admin' || a.role === 'platform_admin';
    if (groupWide && a.storeId)
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: `${a.role} is not tied to a store` });
    if (!groupWide && !a.storeId)
      ctx.addIssue({ code: 'custom', path: ['storeId'], message: `${a.role} needs a store` });
  });
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInput>;

export const RoleAssignment = z
  .object({ id: Id, role: Role, storeId: Id.nullable(), position: Position.nullable() })
  .meta({ id: 'RoleAssignment' });
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const User = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string().nullable(),
    mobile: z.string().nullable(),
    locale: Locale,
    active: z.boolean(),
    roles: z.array(RoleAssignment),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const CreateUserInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: Email.nullish(),
    mobile: Mobile.nullish(),
    password: Password,
    locale: Locale.default('zh-CN'),
    roles: z.array(RoleAssignmentInput).min(1, 'give the user at least one role').max(20),
  })
  .refine((u) => u.email || u.mobile, { path: ['email'], message: 'email or mobile is required' });
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    email: Email.nullable(),
    mobile: Mobile.nullable(),
    locale: Locale,
    active: z.boolean(),
    password: Password,
  })
  .partial()
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const LoginInput = z.object({
  login: z.string().trim().min(1, 'enter your email or mobile').max(200),
  password: z.string().min(1, 'enter your password').max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const ApiToken = z
  .object({
    id: Id,
    storeId: Id,
    name: z.string(),
    prefix: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
    revokedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiTokenInput = z.object({ name: z.string().trim().min(1).max(100) });
