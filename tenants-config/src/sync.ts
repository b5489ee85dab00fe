import {
  AppError,
  type Database,
  insertUser,
  type Position,
  publishRuleSetBody,
  type Role,
  recordAudit,
  systemActor,
  type Tx,
} from '@crm/core';
import { isRuleKindName } from '@crm/rules';
import type { TenantsConfig } from './load.ts';
import type { ConfiguredUser, StoreFile } from './schema.ts';

export interface SyncCounts {
  created: number;
  updated: number;
  removed: number;
}

/** What one sync changed; all zeros when the database already matched the files. */
export interface SyncSummary {
  tenants: SyncCounts;
  stores: SyncCounts;
  users: SyncCounts;
  roles: SyncCounts;
  /** Rule-set versions published: created = a scope and kind's first, updated = a new version over one. */
  ruleSets: SyncCounts;
}

export interface SyncTenantsConfigOptions {
  /** A database as the application role; tenants are written under `withPlatform`. */
  db: Database;
  config: TenantsConfig;
}

const actorJob = 'tenants-config';

/**
 * Makes the database hold what the files say, and changes nothing when it already does.
 * Tenants are found by code, stores by (tenant, code), people by email. Missing ones are
 * created; names, store details, mobiles and roles are brought in line with the files.
 * Passwords are set only for people created here: existing people keep theirs. Tenants,
 * stores and people the files do not mention are left alone. One transaction per tenant.
 *
 * @example
 * const summary = await syncTenantsConfig({ db, config });
 * console.log(summary.users.created);
 */
export async function syncTenantsConfig({ db, config }: SyncTenantsConfigOptions): Promise<SyncSummary> {
  const summary: SyncSummary = {
    tenants: counts(),
    stores: counts(),
    users: counts(),
    roles: counts(),
    ruleSets: counts(),
  };
  const tenants = [
    ...(config.platform
      ? [{ ...config.platform.tenant, kind: 'platform' as const, stores: [], ruleSets: [] }]
      : []),
    ...config.groups.map((g) => ({
      ...g.group,
      kind: 'group' as const,
      stores: g.stores.map((s) => s.store),
      // The group's defaults (no store) and each store's own versions.
      ruleSets: [
        ...g.ruleSets.map((r) => ({ ...r, storeCode: null as string | null })),
        ...g.stores.flatMap((s) =>
          s.ruleSets.map((r) => ({ ...r, storeCode: s.store.code as string | null })),
        ),
      ],
    })),
  ];
  for (const tenant of tenants) {
    await db.withPlatform(async (tx) => {
      const before = total(summary);
      const tenantId = await upsertTenant(tx, tenant, summary);
      await tx`select set_config('app.tenant_id', ${tenantId}, true)`;
      const storeIds = new Map<string, string>();
      for (const store of tenant.stores)
        storeIds.set(store.code, await upsertStore(tx, tenantId, store, summary));
      const people: { user: ConfiguredUser; storeCode: string | null }[] = [
        ...tenant.users.map((user) => ({ user, storeCode: null })),
        ...tenant.stores.flatMap((s) => s.users.map((user) => ({ user, storeCode: s.code }))),
      ];
      for (const { user, storeCode } of people) {
        const roles = user.roles.map((r) => {
          const code = r.store ?? storeCode;
          const storeId = code ? storeIds.get(code) : null;
          if (storeId === undefined)
            throw new AppError('INVALID_INPUT', `no store "${code}" in ${tenant.code}`);
          return { role: r.role, storeId, position: r.position ?? null };
        });
        await upsertUser(tx, tenantId, user, roles, user.initialPassword ?? tenant.initialPassword, summary);
      }
      for (const ruleSet of tenant.ruleSets) {
        const storeId = ruleSet.storeCode === null ? null : storeIds.get(ruleSet.storeCode);
        if (storeId === undefined || !isRuleKindName(ruleSet.kind))
          throw new AppError(
            'INVALID_INPUT',
            `${ruleSet.file}: no store "${ruleSet.storeCode}" or kind "${ruleSet.kind}"`,
          );
        // Published only when the body differs from the published version: a re-sync adds no version.
        const { version, changed } = await publishRuleSetBody(tx, {
          actor: systemActor(tenantId, actorJob),
          storeId,
          kind: ruleSet.kind,
          body: ruleSet.body,
        });
        if (changed) summary.ruleSets[version.version === 1 ? 'created' : 'updated']++;
      }
      const changes = total(summary) - before;
      if (changes > 0)
        await recordAudit(tx, systemActor(tenantId, actorJob), {
          action: 'tenants_config.sync',
          entity: 'tenant',
          entityId: tenantId,
          details: { changes },
        });
    });
  }
  return summary;
}

async function upsertTenant(
  tx: Tx,
  tenant: { code: string; name: string; kind: 'group' | 'platform' },
  summary: SyncSummary,
): Promise<string> {
  const [created] = await tx<{ id: string }[]>`
    insert into tenants (code, name, kind) values (${tenant.code}, ${tenant.name}, ${tenant.kind})
    on conflict (code) do nothing returning id`;
  if (created) {
    summary.tenants.created++;
    return created.id;
  }
  const [existing] = await tx<{ id: string; name: string; kind: string }[]>`
    select id, name, kind from tenants where code = ${tenant.code}`;
  if (!existing) throw new Error(`tenant ${tenant.code} neither inserted nor found`);
  if (existing.kind !== tenant.kind)
    throw new AppError('CONFLICT', `tenant "${tenant.code}" exists as a ${existing.kind} tenant`);
  if (existing.name !== tenant.name) {
    await tx`update tenants set name = ${tenant.name}, updated_at = now() where id = ${existing.id}`;
    summary.tenants.updated++;
  }
  return existing.id;
}

/** Inserts the store, or updates it only where it differs from the file (so `updated_at` moves only on change). */
async function upsertStore(tx: Tx, tenantId: string, s: StoreFile, summary: SyncSummary): Promise<string> {
  const [changed] = await tx<{ id: string; created: boolean }[]>`
    insert into stores as s (tenant_id, code, name, time_zone, brands, phone, address, sms_signature, active)
    values (${tenantId}, ${s.code}, ${s.name}, ${s.timeZone}, ${s.brands}, ${s.phone}, ${s.address},
      ${s.smsSignature}, ${s.active})
    on conflict (tenant_id, code) do update set
      name = excluded.name, time_zone = excluded.time_zone, brands = excluded.brands, phone = excluded.phone,
      address = excluded.address, sms_signature = excluded.sms_signature, active = excluded.active,
      updated_at = now()
    where (s.name, s.time_zone, s.brands, s.phone, s.address, s.sms_signature, s.active) is distinct from
      (excluded.name, excluded.time_zone, excluded.brands, excluded.phone, excluded.address,
       excluded.sms_signature, excluded.active)
    returning id, (xmax = 0) as created`;
  if (changed) {
    summary.stores[changed.created ? 'created' : 'updated']++;
    return changed.id;
  }
  const [same] = await tx<{ id: string }[]>`select id from stores where code = ${s.code}`;
  if (!same) throw new Error(`store ${s.code} neither written nor found`);
  return same.id;
}

interface WantedRole {
  role: Role;
  storeId: string | null;
  position: Position | null;
}

async function upsertUser(
  tx: Tx,
  tenantId: string,
  user: ConfiguredUser,
  roles: WantedRole[],
  initialPassword: string,
  summary: SyncSummary,
): Promise<void> {
  const [existing] = await tx<
    { id: string; name: string; email: string; mobile: string | null; locale: string }[]
  >`
    select id, name, email, mobile, locale from users where lower(email) = lower(${user.email})`;
  if (!existing) {
    try {
      await insertUser(tx, tenantId, {
        ...user,
        mobile: user.mobile ?? null,
        password: initialPassword,
        roles,
      });
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT')
        throw new AppError('CONFLICT', `${user.email}: ${error.message}`);
      throw error;
    }
    summary.users.created++;
    summary.roles.created += roles.length;
    return;
  }
  const mobile = user.mobile ?? null;
  if (
    existing.name !== user.name ||
    existing.email !== user.email ||
    existing.mobile !== mobile ||
    existing.locale !== user.locale
  ) {
    await tx`update users set name = ${user.name}, email = ${user.email}, mobile = ${mobile},
      locale = ${user.locale}, updated_at = now() where id = ${existing.id}`;
    summary.users.updated++;
  }
  await matchRoles(tx, tenantId, existing.id, roles, summary);
}

/** Makes the person's role assignments exactly the wanted ones: missing added, others removed, positions corrected. */
async function matchRoles(
  tx: Tx,
  tenantId: string,
  userId: string,
  wanted: WantedRole[],
  summary: SyncSummary,
): Promise<void> {
  const held = await tx<(WantedRole & { id: string })[]>`
    select id, role, store_id, position from role_assignments where user_id = ${userId}`;
  const key = (r: { role: string; storeId: string | null }) => `${r.storeId ?? ''}|${r.role}`;
  const wantedByKey = new Map(wanted.map((r) => [key(r), r]));
  const heldByKey = new Map(held.map((r) => [key(r), r]));
  for (const r of held) {
    const want = wantedByKey.get(key(r));
    if (!want) {
      await tx`delete from role_assignments where id = ${r.id}`;
      summary.roles.removed++;
    } else if (want.position !== r.position) {
      await tx`update role_assignments set position = ${want.position} where id = ${r.id}`;
      summary.roles.updated++;
    }
  }
  for (const r of wanted) {
    if (heldByKey.has(key(r))) continue;
    await tx`insert into role_assignments (tenant_id, user_id, store_id, role, position)
      values (${tenantId}, ${userId}, ${r.storeId}, ${r.role}, ${r.position})`;
    summary.roles.created++;
  }
}

const counts = (): SyncCounts => ({ created: 0, updated: 0, removed: 0 });

const total = (s: SyncSummary) =>
  Object.values(s).reduce((n, c: SyncCounts) => n + c.created + c.updated + c.removed, 0);
