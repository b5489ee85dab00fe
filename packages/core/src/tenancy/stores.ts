import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertCan, assertStoreCan, visibleStoreIds } from '../identity/actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import type { CreateStoreInput, Store, UpdateStoreInput } from './schema.ts';

const storeColumns = (tx: Tx) =>
  tx`id, code, name, time_zone, brands, phone, address, sms_signature, active, created_at`;

export interface StoreCommandOptions {
  db: Database;
  actor: Actor;
  requestId?: string;
}

/**
 * Throws NOT_FOUND unless the store exists in the transaction's tenant. Permission checks
 * (assertStoreCan) read only the actor's roles, which for HQ cover "any store"; every
 * store-scoped command also calls this inside its transaction, so an id from another
 * group is not found rather than quietly empty.
 */
export async function requireStore(tx: Tx, storeId: string): Promise<void> {
  const [row] = await tx`select 1 from stores where id = ${storeId}`;
  if (!row) throw notFound('Store');
}

/** The stores the actor may see: every store of the group for HQ, else their own. */
export async function listStores({ db, actor }: StoreCommandOptions): Promise<Store[]> {
  const visible = visibleStoreIds(actor);
  return db.withTenant(actor.tenantId, (tx) =>
    visible === 'all'
      ? tx<Store[]>`select ${storeColumns(tx)} from stores order by code`
      : tx<Store[]>`select ${storeColumns(tx)} from stores where id = any(${visible}::uuid[]) order by code`,
  );
}

export async function getStore({
  db,
  actor,
  storeId,
}: StoreCommandOptions & { storeId: string }): Promise<Store> {
  assertStoreCan(actor, storeId, 'stores.read');
  const [store] = await db.withTenant(
    actor.tenantId,
    (tx) => tx<Store[]>`select ${storeColumns(tx)} from stores where id = ${storeId}`,
  );
  if (!store) throw notFound('Store');
  return store;
}

export async function createStore({
  db,
  actor,
  input,
  requestId,
}: StoreCommandOptions & { input: CreateStoreInput }): Promise<Store> {
  assertCan(actor, 'stores.create');
  return db.withTenant(actor.tenantId, async (tx) => {
    const [store] = await tx<Store[]>`
      insert into stores (tenant_id, code, name, time_zone, brands, phone, address, sms_signature)
      values (${actor.tenantId}, ${input.code}, ${input.name}, ${input.timeZone}, ${input.brands},
        ${input.phone}, ${input.address}, ${input.smsSignature})
      returning ${storeColumns(tx)}`;
    if (!store) throw new Error('store insert returned nothing');
    await enqueue(tx, actor.tenantId, 'nightly.syncStore', { storeId: store.id });
    await recordAudit(
      tx,
      actor,
      { action: 'store.create', entity: 'store', entityId: store.id, storeId: store.id },
      requestId,
    );
    return store;
  });
}

export async function updateStore({
  db,
  actor,
  storeId,
  input,
  requestId,
}: StoreCommandOptions & {
  storeId: string;
  input: UpdateStoreInput & { active?: boolean };
}): Promise<Store> {
  assertStoreCan(actor, storeId, 'stores.update');
  return db.withTenant(actor.tenantId, async (tx) => {
    const [store] = await tx<Store[]>`
      update stores set
        code = coalesce(${input.code ?? null}, code),
        name = coalesce(${input.name ?? null}, name),
        time_zone = coalesce(${input.timeZone ?? null}, time_zone),
        brands = coalesce(${input.brands ?? null}::text[], brands),
        phone = coalesce(${input.phone ?? null}, phone),
        address = coalesce(${input.address ?? null}, address),
        sms_signature = coalesce(${input.smsSignature ?? null}, sms_signature),
        active = coalesce(${input.active ?? null}::boolean, active),
        updated_at = now()
      where id = ${storeId}
      returning ${storeColumns(tx)}`;
    if (!store) throw notFound('Store');
    if (input.timeZone !== undefined || input.active !== undefined)
      await enqueue(tx, actor.tenantId, 'nightly.syncStore', { storeId });
    await recordAudit(
      tx,
      actor,
      {
        action: 'store.update',
        entity: 'store',
        entityId: storeId,
        storeId,
        details: { fields: Object.keys(input) },
      },
      requestId,
    );
    return store;
  });
}

/** Deactivating keeps the store's history; its API tokens stop working and it leaves the store switcher. */
export const deactivateStore = (options: StoreCommandOptions & { storeId: string }) =>
  updateStore({ ...options, input: { active: false } });

/** Reactivating brings the store back into the switcher; API tokens not revoked work again. */
export const reactivateStore = (options: StoreCommandOptions & { storeId: string }) =>
  updateStore({ ...options, input: { active: true } });
