import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertCan } from '../identity/actor.ts';
import { insertUser } from '../identity/users.ts';
import type { CreateTenantInput, Tenant, UpdateTenantInput } from './schema.ts';

export interface TenantCommandOptions {
  db: Database;
  actor: Actor;
  requestId?: string;
}

const tenantColumns = (tx: Tx) => tx`id, code, name, active, created_at`;

/** Dealer groups, for the platform operator. The platform's own tenant is not listed. */
export async function listTenants({ db, actor }: TenantCommandOptions): Promise<Tenant[]> {
  assertCan(actor, 'tenants.manage');
  return db.withPlatform(
    (tx) => tx<Tenant[]>`select ${tenantColumns(tx)} from tenants where kind = 'group' order by code`,
  );
}

export async function getTenant({
  db,
  actor,
  tenantId,
}: TenantCommandOptions & { tenantId: string }): Promise<Tenant> {
  assertCan(actor, 'tenants.manage');
  const [tenant] = await db.withPlatform(
    (tx) => tx<Tenant[]>`select ${tenantColumns(tx)} from tenants where id = ${tenantId} and kind = 'group'`,
  );
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

/** Creates a dealer group with its first HQ administrator, in one transaction. */
export async function createTenant({
  db,
  actor,
  input,
  requestId,
}: TenantCommandOptions & { input: CreateTenantInput }): Promise<Tenant> {
  assertCan(actor, 'tenants.manage');
  return db.withPlatform(async (tx) => {
    const [tenant] = await tx<Tenant[]>`
      insert into tenants (code, name) values (${input.code}, ${input.name}) returning ${tenantColumns(tx)}`;
    if (!tenant) throw new Error('tenant insert returned nothing');
    await tx`select set_config('app.tenant_id', ${tenant.id}, true)`;
    await insertUser(tx, tenant.id, { ...input.admin, locale: 'zh-CN', roles: [{ role: 'hq_admin' }] });
    // The platform's own audit log records who created the group.
    await tx`select set_config('app.tenant_id', ${actor.tenantId}, true)`;
    await recordAudit(
      tx,
      actor,
      { action: 'tenant.create', entity: 'tenant', entityId: tenant.id },
      requestId,
    );
    return tenant;
  });
}

export async function updateTenant({
  db,
  actor,
  tenantId,
  input,
  requestId,
}: TenantCommandOptions & { tenantId: string; input: UpdateTenantInput }): Promise<Tenant> {
  assertCan(actor, 'tenants.manage');
  return db.withPlatform(async (tx) => {
    const [tenant] = await tx<Tenant[]>`
      update tenants set name = coalesce(${input.name ?? null}, name),
        active = coalesce(${input.active ?? null}::boolean, active), updated_at = now()
      where id = ${tenantId} and kind = 'group' returning ${tenantColumns(tx)}`;
    if (!tenant) throw notFound('Tenant');
    await tx`select set_config('app.tenant_id', ${actor.tenantId}, true)`;
    await recordAudit(
      tx,
      actor,
      {
        action: 'tenant.update',
        entity: 'tenant',
        entityId: tenantId,
        details: { fields: Object.keys(input) },
      },
      requestId,
    );
    return tenant;
  });
}
