import type { Database, Tx } from '../db/database.ts';
import { classificationFacts, maintenanceIntervalReader } from '../events/facts.ts';
import { maintenanceTypes } from '../events/refresh-files.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { derivedSourceId, postEntries } from './ledger.ts';
import { recordCardEvents, storeDay } from './queries.ts';

export interface MembershipNightlyResult {
  /** The store-local day the scan ran for. */
  day: string;
  cardsExpired: number;
  tierMoves: { cardId: string; from: string; to: string; ruleId: string }[];
  pointsExpired: { accounts: number; points: number };
}

/** A maintenance is due about every six months; the same interval the customer file's loyalty uses. */

/**
 * The club's nightly scan of one store, for the store-local day of `now`: cards past their
 * three years expire, active members move tier by the store's `classification` rules, and
 * points past their expiry date are written off. Every part is idempotent (a card expires
 * once; a tier moves only when the rules name another; an account's expiry is keyed on the
 * day), so running the scan twice has the effect of once.
 */
export async function runMembershipNightly({
  db,
  tenantId,
  storeId,
  now,
}: {
  db: Database;
  tenantId: string;
  storeId: string;
  now: Date;
}): Promise<MembershipNightlyResult> {
  return db.withTenant(tenantId, async (tx) => {
    const { today } = await storeDay(tx, storeId, now);
    const cardsExpired = await expireCards(tx, tenantId, storeId, today, now);
    const tierMoves = await moveTiers(tx, tenantId, storeId, today, now);
    const pointsExpired = await expirePoints(tx, tenantId, storeId, today);
    return { day: today, cardsExpired, tierMoves, pointsExpired };
  });
}

async function expireCards(
  tx: Tx,
  tenantId: string,
  storeId: string,
  today: string,
  now: Date,
): Promise<number> {
  const expired = await tx<{ id: string; cardNo: string; validUntil: string }[]>`
    update member_cards set status = 'expired', updated_at = now()
    where store_id = ${storeId} and status = 'active' and valid_until < ${today}
    returning id, card_no, valid_until`;
  await recordCardEvents(
    tx,
    tenantId,
    storeId,
    expired.map((c) => ({ cardId: c.id, kind: 'expired', cardNo: c.cardNo, validUntil: c.validUntil })),
    now,
  );
  return expired.length;
}

export interface TierFacts {
  id: string;
  cardNo: string;
  tier: string;
  firstMaintenanceOn: string | null;
  lastVisitOn: string | null;
  maintenanceVisits: number;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  /** The car's brand and model: its expected maintenance interval follows them. */
  brand: string | null;
  model: string | null;
  /** That interval, from the store's classification rules. */
  maintenanceIntervalDays: number;
}

/**
 * What the classification rules read about each active card of the store (or one card):
 * the car's figures, its maintenance days and its expected interval between them (so the
 * nightly move and the card page judge loyalty alike); `lock` holds the cards for a tier move.
 */
export async function tierFactsOf(
  tx: Tx,
  storeId: string,
  { cardId = null, lock = false }: { cardId?: string | null; lock?: boolean } = {},
): Promise<TierFacts[]> {
  const cards = await tx<Omit<TierFacts, 'maintenanceIntervalDays'>[]>`
    select c.id, c.card_no, c.tier, v.first_maintenance_on, v.last_visit_on, v.visits_6m, v.visits_12m, v.visits_36m,
      v.cumulative_spend_fen::float8 as cumulative_spend_fen, v.spend_12m_fen::float8 as spend_12m_fen,
      v.brand, v.model,
      (select count(distinct o.opened_on) from repair_orders o
        where o.tenant_id = c.tenant_id and o.vehicle_id = c.vehicle_id
          and o.order_types && ${maintenanceTypes}::text[])::int as maintenance_visits
    from member_cards c join vehicles v on v.tenant_id = c.tenant_id and v.id = c.vehicle_id
    where c.store_id = ${storeId} and c.status = 'active' and (${cardId}::uuid is null or c.id = ${cardId}::uuid)
    order by c.id
    ${lock ? tx`for update of c` : tx``}`;
  const [store] = await tx<{ tenantId: string }[]>`select tenant_id from stores where id = ${storeId}`;
  if (!store || cards.length === 0) return [];
  const rules = await effectiveRuleSetOf(tx, store.tenantId, storeId, 'classification');
  const intervalOf = await maintenanceIntervalReader(tx, storeId, rules.compiled);
  return cards.map((card) => ({ ...card, maintenanceIntervalDays: intervalOf(card) }));
}

/** 会员级别更新: each active card's tier as the classification rules decide from loyalty and spend. */
async function moveTiers(
  tx: Tx,
  tenantId: string,
  storeId: string,
  today: string,
  now: Date,
): Promise<MembershipNightlyResult['tierMoves']> {
  const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'classification');
  const cards = await tierFactsOf(tx, storeId, { lock: true });
  const moves: MembershipNightlyResult['tierMoves'] = [];
  const updates: { id: string; tier: string; ruleId: string; cardNo: string; from: string }[] = [];
  for (const card of cards) {
    const decision = rules.compiled.decide(
      {
        ...classificationFacts(card, today),
        member: { tier: card.tier },
      },
      now.toISOString(),
    );
    if (!decision.tier || decision.tier.tier === card.tier) continue;
    moves.push({
      cardId: card.id,
      from: card.tier,
      to: decision.tier.tier,
      ruleId: decision.tier.decidedBy.ruleId,
    });
    updates.push({
      id: card.id,
      tier: decision.tier.tier,
      ruleId: decision.tier.decidedBy.ruleId,
      cardNo: card.cardNo,
      from: card.tier,
    });
  }
  if (updates.length === 0) return moves;
  await tx`
    update member_cards c set tier = u.tier, tier_rule_set_id = ${rules.ruleSetId},
      tier_rule_set_version = ${rules.version}, tier_rule_id = u.rule_id, updated_at = now()
    from unnest(${updates.map((u) => u.id)}::uuid[], ${updates.map((u) => u.tier)}::text[],
      ${updates.map((u) => u.ruleId)}::text[]) as u(id, tier, rule_id)
    where c.id = u.id`;
  await recordCardEvents(
    tx,
    tenantId,
    storeId,
    updates.map((u) => ({
      cardId: u.id,
      kind: 'tierMoved',
      cardNo: u.cardNo,
      fromTier: u.from,
      toTier: u.tier,
      ruleSetId: rules.ruleSetId,
      ruleSetVersion: rules.version,
      ruleId: u.ruleId,
    })),
    now,
  );
  return moves;
}

/**
 * Writes off the points whose expiry date has come and that were not spent. Spending is
 * taken from the points that expire first (the member's best case), so what expires by
 * today is what earned-and-expiring points exceed everything spent and everything already
 * written off — never more than the balance. Accounts are locked in one order, as every
 * debit locks them, and the entry is keyed on (account, day).
 */
async function expirePoints(
  tx: Tx,
  tenantId: string,
  storeId: string,
  today: string,
): Promise<MembershipNightlyResult['pointsExpired']> {
  const due = await tx<{ customerId: string; points: number }[]>`
    with locked as (
      select a.customer_id, a.balance from points_accounts a
      where a.store_id = ${storeId} and a.balance > 0
        and exists (select 1 from points_entries e where e.tenant_id = a.tenant_id and e.customer_id = a.customer_id
          and e.points > 0 and e.expires_on <= ${today})
      order by a.customer_id
      for update of a
    ),
    sums as (
      select e.customer_id,
        coalesce(sum(e.points) filter (where e.points > 0 and e.expires_on <= ${today}), 0) as expiring,
        coalesce(sum(-e.points) filter (where e.points < 0 and e.reason <> 'expired'), 0) as spent,
        coalesce(sum(-e.points) filter (where e.reason = 'expired'), 0) as written_off
      from points_entries e join locked l on l.customer_id = e.customer_id
      group by e.customer_id
    )
    select s.customer_id, least(l.balance, s.expiring - s.spent - s.written_off)::int as points
    from sums s join locked l on l.customer_id = s.customer_id
    where s.expiring - s.spent - s.written_off > 0
    order by s.customer_id`;
  const posted = await postEntries(
    tx,
    tenantId,
    storeId,
    due.map((d) => ({
      customerId: d.customerId,
      vehicleId: null,
      points: -d.points,
      reason: 'expired',
      sourceKind: 'expiry',
      sourceId: derivedSourceId('expiry', d.customerId, today),
    })),
  );
  return { accounts: posted.length, points: posted.reduce((sum, e) => sum - e.points, 0) };
}
