import { z } from 'zod';
import { Email, Mobile, Password } from '../identity/schema.ts';

const timeZones = new Set(Intl.supportedValuesOf('timeZone'));
export const TimeZone = z
  .string()
  .refine((tz) => timeZones.has(tz), 'must be an IANA time zone such as Asia/Shanghai');

export const Store = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    timeZone: z.string(),
    brands: z.array(z.string()),
    phone: z.string(),
    address: z.string(),
    smsSignature: z.string(),
    active: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Store' });
export type Store = z.infer<typeof Store>;

// The fields of a store, without defaults: an edit must not reset what it does not name.
const storeFields = {
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, - and _ only, at most 40'),
  name: z.string().trim().min(1).max(100),
  timeZone: TimeZone,
  brands: z.array(z.string().trim().min(1).max(40)).max(20),
  phone: z.string().trim().max(40),
  address: z.string().trim().max(200),
  /** The 【…】 signature carriers require on every SMS; stored without the brackets. */
  smsSignature: z
    .string()
    .trim()
    .max(20)
    .transform((s) => s.replace(/^【|】$/g, '')),
};

export const CreateStoreInput = z.object({
  ...storeFields,
  timeZone: storeFields.timeZone.default('Asia/Shanghai'),
  brands: storeFields.brands.default([]),
  phone: storeFields.phone.default(''),
  address: storeFields.address.default(''),
  smsSignature: storeFields.smsSignature.default(''),
});
export type CreateStoreInput = z.infer<typeof CreateStoreInput>;

export const UpdateStoreInput = z.object(storeFields).partial().strict();
export type UpdateStoreInput = z.infer<typeof UpdateStoreInput>;

export const Tenant = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    active: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Tenant' });
export type Tenant = z.infer<typeof Tenant>;

export const CreateTenantInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lowercase letters, digits and -, 2 to 40'),
  name: z.string().trim().min(1).max(100),
  /** The group's first HQ administrator. */
  admin: z
    .object({
      name: z.string().trim().min(1).max(100),
      email: Email.nullish(),
      mobile: Mobile.nullish(),
      password: Password,
    })
    .refine((a) => a.email || a.mobile, { path: ['email'], message: 'email or mobile is required' }),
});
export type CreateTenantInput = z.infer<typeof CreateTenantInput>;

export const UpdateTenantInput = z
  .object({ name: z.string().trim().min(1).max(100), active: z.boolean() })
  .partial()
  .strict();
export type UpdateTenantInput = z.infer<typeof UpdateTenantInput>;
