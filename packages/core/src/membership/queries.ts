import type { Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import type { CardStatus, MemberCard } from './schema.ts';

/** The columns of a card as the API shows it: owner, car and points balance beside it. */
export const cardColumns = (tx: Tx) => tx`
  c.id, c.store_id, c.vehicle_id, c.customer_id, c.card_no, c.tier, c.status, c.issued_on, c.valid_until,
  cu.name as customer_name, v.vin, v.plate, coalesce(a.balance, 0)::int as balance`;

export const cardJoins = (tx: Tx) => tx`
  member_cards c
  join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
  join vehicles v on v.tenant_id = c.tenant_id and v.id = c.vehicle_id
  left join points_accounts a on a.tenant_id = c.tenant_id and a.customer_id = c.customer_id`;

/** The card at this store, locked for the rest of the transaction when `lock` is set. */
export async function findCard(
  tx: Tx,
  storeId: string,
  cardId: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<MemberCard> {
  if (lock) await tx`select 1 from member_cards where id = ${cardId} and store_id = ${storeId} for update`;
  const [card] = await tx<MemberCard[]>`
    select ${cardColumns(tx)} from ${cardJoins(tx)} where c.id = ${cardId} and c.store_id = ${storeId}`;
  if (!card) throw notFound('Member card');
  return card;
}

/** The store's code and its calendar date now (its own time zone); NOT_FOUND for a store of another group. */
export async function storeDay(tx: Tx, storeId: string, now: Date): Promise<{ code: string; today: string }> {
  const [store] = await tx<{ code: string; timeZone: string }[]>`
    select code, time_zone from stores where id = ${storeId}`;
  if (!store) throw notFound('Store');
  return { code: store.code, today: localDate(now, store.timeZone) };
}

/** The store's tiers, lowest first, as its discount rules name them. */
export async function storeTiers(
  tx: Tx,
  tenantId: string,
  storeId: string,
): Promise<{ code: string; label: string }[]> {
  const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'discountTier');
  return (rules.compiled.ruleSet as unknown as { tiers: { code: string; label: string }[] }).tiers;
}

export interface CardEventRow {
  cardId: string;
  kind: 'issued' | 'renewed' | 'reportedLost' | 'reissued' | 'cancelled' | 'expired' | 'tierMoved';
  cardNo: string;
  feeFen?: number;
  fromTier?: string | null;
  toTier?: string | null;
  validUntil?: string | null;
  ruleSetId?: string | null;
  ruleSetVersion?: number | null;
  ruleId?: string | null;
  actorUserId?: string | null;
}

/**
 * Appends to the cards' history (insert-only), one statement for any number of rows, at the
 * command's clock: ingestion reads the history to know whether a car's card was active when
 * an order closed, so a command run on a fixed clock must leave its history on that clock.
 */
export async function recordCardEvents(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: CardEventRow[],
  at: Date = new Date(),
): Promise<void> {
  if (rows.length === 0) return;
  const json = rows.map((r) => ({
    card_id: r.cardId,
    kind: r.kind,
    card_no: r.cardNo,
    fee_fen: r.feeFen ?? 0,
    from_tier: r.fromTier ?? null,
    to_tier: r.toTier ?? null,
    valid_until: r.validUntil ?? null,
    rule_set_id: r.ruleSetId ?? null,
    rule_set_version: r.ruleSetVersion ?? null,
    rule_id: r.ruleId ?? null,
    actor_user_id: r.actorUserId ?? null,
  }));
  await tx`
    insert into member_card_events (tenant_id, store_id, card_id, kind, card_no, fee_fen, from_tier, to_tier,
      valid_until, rule_set_id, rule_set_version, rule_id, actor_user_id, at)
    select ${tenantId}, ${storeId}, r.card_id, r.kind, r.card_no, r.fee_fen, r.from_tier, r.to_tier, r.valid_until,
      r.rule_set_id, r.rule_set_version, r.rule_id, r.actor_user_id, ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${tx.json(json)}) as r(card_id uuid, kind text, card_no text, fee_fen bigint,
      from_tier text, to_tier text, valid_until date, rule_set_id uuid, rule_set_version integer, rule_id text,
      actor_user_id uuid)`;
}

export const liveStatuses: CardStatus[] = ['active', 'expired', 'lost'];
