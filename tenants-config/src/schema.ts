import {
  CreateStoreInput,
  CreateTenantInput,
  Email,
  Locale,
  Mobile,
  Password,
  Position,
  Role,
  RoleAssignmentInput,
} from '@crm/core';
import { z } from 'zod';

/** Stands in for a store's id while checking a role: the file names stores by code. */
const someStoreId = '00000000-0000-4000-8000-000000000000';

const StoreCode = CreateStoreInput.shape.code;

/**
 * Core's own rules for a role (staff need a position, HQ is not tied to a store …),
 * checked by core's schema rather than restated. In a store's file the store is implied;
 * in a group's file a store role names its store by code.
 */
function checkWithCore(storeImplied: boolean) {
  return (r: { role: Role; store?: string; position?: Position }, ctx: z.RefinementCtx) => {
    const checked = RoleAssignmentInput.safeParse({
      role: r.role,
      position: r.position ?? null,
      storeId: storeImplied || r.store !== undefined ? someStoreId : null,
    });
    for (const issue of checked.success ? [] : checked.error.issues) {
      const field = issue.path[0] === 'storeId' ? 'store' : issue.path[0];
      ctx.addIssue({ code: 'custom', path: field === undefined ? [] : [field], message: issue.message });
    }
  };
}

const GroupRole = z
  .object({ role: Role, store: StoreCode.optional(), position: Position.optional() })
  .strict()
  .superRefine(checkWithCore(false));
const StoreRole = z
  .object({ role: Role, position: Position.optional() })
  .strict()
  .superRefine(checkWithCore(true));

function fileUser<R extends typeof GroupRole | typeof StoreRole>(role: R) {
  return z
    .object({
      name: z.string().trim().min(1).max(100),
      /** Sync finds a person by email, so every configured person has one. */
      email: Email,
      mobile: Mobile.optional(),
      locale: Locale.default('zh-CN'),
      /** Overrides the file's `initialPassword` for this person; used only when sync creates them. */
      initialPassword: Password.optional(),
      roles: z.array(role).min(1, 'give the user at least one role').max(20),
    })
    .strict();
}

const GroupRoleUser = fileUser(GroupRole);
const StoreRoleUser = fileUser(StoreRole);
/** A person from any file; a store file's roles simply name no store. */
export type ConfiguredUser = z.output<typeof GroupRoleUser>;

const tenantShape = {
  code: CreateTenantInput.shape.code,
  name: CreateTenantInput.shape.name,
  /** Given to people sync creates; people who already exist keep their password. */
  initialPassword: Password,
};

/** Refuses any role of a tenant's people that `allowed` rejects, with `message` at the role. */
function rolesMust(allowed: (role: Role) => boolean, message: string) {
  return (tenant: { users: ConfiguredUser[] }, ctx: z.RefinementCtx) => {
    for (const [i, user] of tenant.users.entries())
      for (const [j, r] of user.roles.entries())
        if (!allowed(r.role))
          ctx.addIssue({ code: 'custom', path: ['users', i, 'roles', j, 'role'], message });
  };
}

/** `platform.json`: the operator's own tenant and its platform admins. */
export const PlatformFile = z
  .object({ ...tenantShape, users: z.array(GroupRoleUser).default([]) })
  .strict()
  .superRefine(rolesMust((r) => r === 'platform_admin', 'the platform tenant has only platform_admin users'));
export type PlatformFile = z.output<typeof PlatformFile>;

/** `groups/<code>/group.json`: a dealer group and its group-wide people (HQ, people of several stores). */
export const GroupFile = z
  .object({ ...tenantShape, users: z.array(GroupRoleUser).default([]) })
  .strict()
  .superRefine(rolesMust((r) => r !== 'platform_admin', 'platform_admin belongs in platform.json'));
export type GroupFile = z.output<typeof GroupFile>;

/** `groups/<group>/stores/<code>/store.json`: one store and the people who work only there. */
export const StoreFile = CreateStoreInput.extend({
  active: z.boolean().default(true),
  users: z.array(StoreRoleUser).default([]),
}).strict();
export type StoreFile = z.output<typeof StoreFile>;
