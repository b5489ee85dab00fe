import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { lockAccount, postEntries } from './ledger.ts';
import { findCard, storeDay } from './queries.ts';
import type { RedeemInput, Redemption, RedemptionItem, SaveRedemptionItemInput } from './schema.ts';

export interface CatalogueOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  requestId?: string;
}

const itemColumns = (tx: Tx) => tx`id, code, name, category, points_cost, stock, active`;

/** The store's redemption catalogue (积分兑换: trips, drinks, accessories, car washes), by code. */
export async function listRedemptionItems({
  db,
  actor,
  storeId,
}: CatalogueOptions): Promise<RedemptionItem[]> {
  assertStoreCan(actor, storeId, 'membership.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    return tx<RedemptionItem[]>`
      select ${itemColumns(tx)} from redemption_items where store_id = ${storeId} order by active desc, code`;
  });
}

/** Creates the catalogue item with this code, or replaces its details and the stock counted on the shelf. */
export async function saveRedemptionItem({
  db,
  actor,
  storeId,
  input,
  requestId,
}: CatalogueOptions & { input: SaveRedemptionItemInput }): Promise<RedemptionItem> {
  assertStoreCan(actor, storeId, 'membership.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    const [item] = await tx<RedemptionItem[]>`
      insert into redemption_items (tenant_id, store_id, code, name, category, points_cost, stock, active)
      values (${actor.tenantId}, ${storeId}, ${input.code}, ${input.name}, ${input.category}, ${input.pointsCost},
        ${input.stock}, ${input.active})
      on conflict (tenant_id, store_id, code) do update set name = excluded.name, category = excluded.category,
        points_cost = excluded.points_cost, stock = excluded.stock, active = excluded.active, updated_at = now()
      returning ${itemColumns(tx)}`;
    if (!item) throw new Error('catalogue upsert returned nothing');
    await recordAudit(
      tx,
      actor,
      {
        action: 'redemptionItem.save',
        entity: 'redemptionItem',
        entityId: item.id,
        storeId,
        details: { code: input.code, stock: input.stock },
      },
      requestId,
    );
    return item;
  });
}

const refused = (path: string, message: string) => new AppError('CONFLICT', message, [{ path, message }]);

/**
 * 积分兑换: spends the member's points on a catalogue item, once they have confirmed. In one
 * transaction: the account is locked (concurrent redemptions queue on it), the balance
 * checked, the stock taken only if enough is left, and the redemption and its ledger entry
 * written. A retry with the same `redemptionId` returns the first redemption.
 *
 * @example
 * await redeemPoints({ db, actor, storeId, input: { cardId, itemId, quantity: 1, confirmed: true } });
 */
export async function redeemPoints({
  db,
  actor,
  storeId,
  input,
  requestId,
}: CatalogueOptions & { input: RedeemInput }): Promise<Redemption> {
  assertStoreCan(actor, storeId, 'membership.serve');
  return db.withTenant(actor.tenantId, async (tx) => {
    await storeDay(tx, storeId, new Date());
    const card = await findCard(tx, storeId, input.cardId);
    const balance = await lockAccount(tx, actor.tenantId, storeId, card.customerId);
    const redemptionId = input.redemptionId ?? crypto.randomUUID();
    const earlier = await redemptionById(tx, redemptionId);
    if (earlier) {
      if (earlier.cardId !== card.id || earlier.itemId !== input.itemId)
        throw refused('redemptionId', 'This redemption id was used for another redemption');
      return earlier;
    }
    if (card.status !== 'active') throw refused('cardId', `A ${card.status} card cannot redeem points`);
    const [item] = await tx<RedemptionItem[]>`
      select ${itemColumns(tx)} from redemption_items where id = ${input.itemId} and store_id = ${storeId}`;
    if (!item) throw notFound('Catalogue item');
    if (!item.active) throw refused('itemId', 'This item is no longer offered');
    const points = item.pointsCost * input.quantity;
    if (balance < points) throw refused('quantity', `Needs ${points} points; the balance is ${balance}`);
    const [stock] = await tx<{ stock: number }[]>`
      update redemption_items set stock = stock - ${input.quantity}, updated_at = now()
      where id = ${item.id} and stock >= ${input.quantity} returning stock`;
    if (!stock) throw refused('quantity', `Only ${item.stock} left in stock`);
    await tx`
      insert into redemptions (tenant_id, id, store_id, card_id, customer_id, item_id, quantity, points, actor_user_id)
      values (${actor.tenantId}, ${redemptionId}, ${storeId}, ${card.id}, ${card.customerId}, ${item.id},
        ${input.quantity}, ${points}, ${actor.kind === 'user' ? actor.userId : null})`;
    await postEntries(tx, actor.tenantId, storeId, [
      {
        customerId: card.customerId,
        vehicleId: card.vehicleId,
        points: -points,
        reason: 'redeemed',
        sourceKind: 'redemption',
        sourceId: redemptionId,
        actorUserId: actor.kind === 'user' ? actor.userId : null,
        note: `${item.name} × ${input.quantity}`,
      },
    ]);
    await recordAudit(
      tx,
      actor,
      {
        action: 'points.redeem',
        entity: 'memberCard',
        entityId: card.id,
        storeId,
        details: { item: item.code, quantity: input.quantity, points },
      },
      requestId,
    );
    const done = await redemptionById(tx, redemptionId);
    if (!done) throw new Error('redemption vanished');
    return done;
  });
}

async function redemptionById(tx: Tx, id: string): Promise<Redemption | undefined> {
  const [row] = await tx<Redemption[]>`
    select r.id, r.card_id, r.item_id, i.name as item_name, r.quantity, r.points, coalesce(a.balance, 0)::int as balance,
      i.stock as stock_left, r.at
    from redemptions r
    join redemption_items i on i.tenant_id = r.tenant_id and i.id = r.item_id
    left join points_accounts a on a.tenant_id = r.tenant_id and a.customer_id = r.customer_id
    where r.id = ${id}`;
  return row;
}
