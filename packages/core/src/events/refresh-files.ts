import type { Tx } from '../db/database.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { classificationFacts, maintenanceIntervalReader } from './facts.ts';
import type { Decision } from './schema.ts';

/** Order types that count as a maintenance visit (the A → C transition, loyalty). */
export const maintenanceTypes = ['firstMaintenance', 'maintenance'];

/** A maintenance is due about every six months (domain.md: periodic reminder after 5–6 months). */

export interface RefreshedFile {
  vehicleId: string;
  cardType: 'A' | 'C' | null;
  mileageKm: number | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  lastVisitOn: string | null;
  decisions: Decision[];
}

interface AggregateRow {
  vehicleId: string;
  oldCard: 'A' | 'C' | null;
  orders: number;
  visits: string[] | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  firstMaintenanceOrderId: string | null;
  firstOrderId: string | null;
  maintenanceVisits: number;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  mileageKm: number | null;
  typeLists: string[] | null;
  loyaltyCategory: string | null;
  abcGrade: string | null;
  askForReferral: boolean;
  lost: boolean;
  brand: string | null;
  model: string | null;
}

/** What the file becomes: written back in one update per batch. */
interface FileWrite {
  vehicle_id: string;
  aggregates: boolean;
  visits_6m: number;
  visits_12m: number;
  visits_36m: number;
  cumulative_spend_fen: number;
  spend_12m_fen: number;
  first_visit_on: string | null;
  second_visit_on: string | null;
  last_visit_on: string | null;
  first_maintenance_on: string | null;
  last_maintenance_on: string | null;
  mileage_km: number | null;
  service_types: string[];
  card_type: 'A' | 'C' | null;
  classified: boolean;
  loyalty_category: string | null;
  abc_grade: string | null;
  ask_for_referral: boolean;
  lost: boolean;
  rules: Record<string, string>;
}

/**
 * Recomputes the dynamic part of each file from all its repair orders (visits in the last
 * 6/12/36 months, spend, first/second/last visit, service types), moves the card (a car
 * with no card yet was bought elsewhere: C at once; an A card's first maintenance makes it
 * C), then classifies it with the store's classification rules. One read and one write per
 * batch: the orders are aggregated per vehicle by a lateral probe of the (tenant, vehicle)
 * index, the rules run here, and each file is written once. The vehicles are already locked
 * by this transaction's upsert.
 */
export async function refreshFiles({
  tx,
  tenantId,
  storeId,
  vehicleIds,
  today,
  now,
}: {
  tx: Tx;
  tenantId: string;
  storeId: string;
  vehicleIds: string[];
  /** Store-local date the "last N months" count back from. */
  today: string;
  now: string;
}): Promise<Map<string, RefreshedFile>> {
  const refreshed = new Map<string, RefreshedFile>();
  if (vehicleIds.length === 0) return refreshed;
  const sorted = [...new Set(vehicleIds)].sort();
  // Aggregates in a lateral subquery are never flattened into a join: each vehicle is one
  // probe of repair_orders_vehicle, whatever the statistics say.
  const rows = await tx<AggregateRow[]>`
    select v.id as vehicle_id, v.card_type as old_card, v.loyalty_category, v.abc_grade, v.ask_for_referral,
      v.lost, v.brand, v.model, greatest(v.mileage_km, agg.mileage_km) as mileage_km, agg.orders::int, agg.visits,
      agg.first_maintenance_on, agg.last_maintenance_on, agg.first_maintenance_order_id, agg.first_order_id,
      agg.maintenance_visits::int, agg.visits_6m::int, agg.visits_12m::int, agg.visits_36m::int,
      coalesce(agg.spend, 0)::float8 as cumulative_spend_fen, agg.spend_12m::float8 as spend_12m_fen,
      agg.type_lists
    from unnest(${sorted}::uuid[]) as u(id)
    join vehicles v on v.tenant_id = ${tenantId} and v.id = u.id
    cross join lateral (
      select count(*) as orders,
        count(distinct o.opened_on) filter (where o.opened_on > ${today}::date - interval '6 months') as visits_6m,
        count(distinct o.opened_on) filter (where o.opened_on > ${today}::date - interval '12 months') as visits_12m,
        count(distinct o.opened_on) filter (where o.opened_on > ${today}::date - interval '36 months') as visits_36m,
        sum(o.labour_fen + o.parts_fen) as spend,
        coalesce(sum(o.labour_fen + o.parts_fen)
          filter (where o.opened_on > ${today}::date - interval '12 months'), 0) as spend_12m,
        array_agg(distinct o.opened_on order by o.opened_on) as visits,
        min(o.opened_on) filter (where o.order_types && ${maintenanceTypes}::text[]) as first_maintenance_on,
        max(o.opened_on) filter (where o.order_types && ${maintenanceTypes}::text[]) as last_maintenance_on,
        (array_agg(o.id order by o.opened_on, o.dms_id)
          filter (where o.order_types && ${maintenanceTypes}::text[]))[1] as first_maintenance_order_id,
        (array_agg(o.id order by o.opened_on, o.dms_id))[1] as first_order_id,
        count(distinct o.opened_on) filter (where o.order_types && ${maintenanceTypes}::text[]) as maintenance_visits,
        max(o.mileage_km) as mileage_km,
        -- Each order's types as one string (the names hold no comma): the set is made below, in one pass.
        array_agg(distinct array_to_string(o.order_types, ',')) as type_lists
      from repair_orders o
      where o.tenant_id = ${tenantId} and o.vehicle_id = v.id
    ) agg
    order by v.id`;

  const transitions: { vehicleId: string; from: string | null; reason: string; sourceId: string | null }[] =
    [];
  const writes: FileWrite[] = [];
  for (const row of rows) {
    const decisions: Decision[] = [];
    // Vehicles with a delivery but no order yet keep their card; they are still classified.
    const hasOrders = row.orders > 0;
    const cardType =
      hasOrders && (row.oldCard === null || row.firstMaintenanceOn !== null) ? 'C' : row.oldCard;
    if (cardType === 'C' && row.oldCard !== 'C') {
      const reason = row.oldCard === 'A' ? 'firstMaintenance' : 'boughtElsewhere';
      transitions.push({
        vehicleId: row.vehicleId,
        from: row.oldCard,
        reason,
        sourceId: reason === 'firstMaintenance' ? row.firstMaintenanceOrderId : row.firstOrderId,
      });
      decisions.push({ kind: 'card', from: row.oldCard, to: 'C', reason });
    }
    const visits = row.visits ?? [];
    refreshed.set(row.vehicleId, {
      vehicleId: row.vehicleId,
      cardType,
      mileageKm: row.mileageKm,
      firstMaintenanceOn: row.firstMaintenanceOn,
      lastMaintenanceOn: row.lastMaintenanceOn,
      lastVisitOn: visits.at(-1) ?? null,
      decisions,
    });
    writes.push({
      vehicle_id: row.vehicleId,
      aggregates: hasOrders,
      visits_6m: row.visits6m,
      visits_12m: row.visits12m,
      visits_36m: row.visits36m,
      cumulative_spend_fen: row.cumulativeSpendFen,
      spend_12m_fen: row.spend12mFen,
      first_visit_on: visits[0] ?? null,
      second_visit_on: visits[1] ?? null,
      last_visit_on: visits.at(-1) ?? null,
      first_maintenance_on: row.firstMaintenanceOn,
      last_maintenance_on: row.lastMaintenanceOn,
      mileage_km: row.mileageKm,
      service_types: [...new Set((row.typeLists ?? []).flatMap((list) => list.split(',')))].sort(),
      card_type: cardType,
      classified: false,
      loyalty_category: row.loyaltyCategory,
      abc_grade: row.abcGrade,
      ask_for_referral: row.askForReferral,
      lost: row.lost,
      rules: {},
    });
  }
  const rules = await classify(tx, tenantId, storeId, rows, writes, today, now, refreshed);

  await tx`
    update vehicles v set
      visits_6m = case when r.aggregates then r.visits_6m else v.visits_6m end,
      visits_12m = case when r.aggregates then r.visits_12m else v.visits_12m end,
      visits_36m = case when r.aggregates then r.visits_36m else v.visits_36m end,
      cumulative_spend_fen = case when r.aggregates then r.cumulative_spend_fen else v.cumulative_spend_fen end,
      spend_12m_fen = case when r.aggregates then r.spend_12m_fen else v.spend_12m_fen end,
      first_visit_on = case when r.aggregates then r.first_visit_on else v.first_visit_on end,
      second_visit_on = case when r.aggregates then r.second_visit_on else v.second_visit_on end,
      last_visit_on = case when r.aggregates then r.last_visit_on else v.last_visit_on end,
      first_maintenance_on = case when r.aggregates then r.first_maintenance_on else v.first_maintenance_on end,
      last_maintenance_on = case when r.aggregates then r.last_maintenance_on else v.last_maintenance_on end,
      service_types = case when r.aggregates then r.service_types else v.service_types end,
      mileage_km = r.mileage_km,
      card_type = r.card_type,
      card_changed_at = case when v.card_type is distinct from r.card_type then now() else v.card_changed_at end,
      loyalty_category = r.loyalty_category,
      abc_grade = r.abc_grade,
      ask_for_referral = r.ask_for_referral,
      lost = r.lost,
      classified_at = case when r.classified then now() else v.classified_at end,
      classification_rule_set_id = case when r.classified then ${rules.ruleSetId}::uuid
        else v.classification_rule_set_id end,
      classification_version = case when r.classified then ${rules.version}::int else v.classification_version end,
      classification_rules = case when r.classified then r.rules else v.classification_rules end,
      updated_at = now()
    from jsonb_to_recordset(${tx.json(writes as unknown as Parameters<typeof tx.json>[0])}) as r(vehicle_id uuid,
      aggregates boolean, visits_6m integer, visits_12m integer, visits_36m integer, cumulative_spend_fen bigint,
      spend_12m_fen bigint, first_visit_on date, second_visit_on date, last_visit_on date,
      first_maintenance_on date, last_maintenance_on date, mileage_km integer, service_types text[],
      card_type text, classified boolean, loyalty_category text, abc_grade text, ask_for_referral boolean,
      lost boolean, rules jsonb)
    where v.tenant_id = ${tenantId} and v.id = r.vehicle_id and v.id = any(${sorted}::uuid[])
      and (r.aggregates or r.classified)`;

  if (transitions.length > 0) {
    await tx`
      insert into card_transitions (tenant_id, store_id, vehicle_id, from_card, to_card, reason, source_kind, source_id)
      select ${tenantId}, ${storeId}, u.vehicle_id, u.from_card, 'C', u.reason, 'repairOrder', u.source_id
      from unnest(${transitions.map((t) => t.vehicleId)}::uuid[], ${transitions.map((t) => t.from)}::text[],
        ${transitions.map((t) => t.reason)}::text[], ${transitions.map((t) => t.sourceId)}::uuid[])
        as u(vehicle_id, from_card, reason, source_id)
      on conflict (tenant_id, vehicle_id, to_card) do nothing`;
  }
  return refreshed;
}

/**
 * Loyalty category, ABC grade and lost, by the store's classification rules: marks the
 * files whose classification changes (and reports it); returns the rule set that decided.
 */
async function classify(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: AggregateRow[],
  writes: FileWrite[],
  today: string,
  now: string,
  refreshed: Map<string, RefreshedFile>,
): Promise<{ ruleSetId: string | null; version: number }> {
  const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'classification');
  const intervalOf = await maintenanceIntervalReader(tx, storeId, rules.compiled);
  rows.forEach((row, i) => {
    const write = writes[i];
    if (!write) return;
    const decision = rules.compiled.decide(
      classificationFacts({ ...row, lastVisitOn: write.last_visit_on ?? null }, today, intervalOf(row)),
      now,
    );
    const loyaltyCategory = decision.loyalty?.category ?? row.loyaltyCategory;
    const abcGrade = decision.grade?.grade ?? row.abcGrade;
    const lost = decision.lost !== null;
    const ruleIds: Record<string, string> = {};
    if (decision.loyalty) ruleIds.loyalty = decision.loyalty.decidedBy.ruleId;
    if (decision.grade) ruleIds.grade = decision.grade.decidedBy.ruleId;
    if (decision.lost) ruleIds.lost = decision.lost.decidedBy.ruleId;
    if (loyaltyCategory === row.loyaltyCategory && abcGrade === row.abcGrade && lost === row.lost) return;
    Object.assign(write, {
      classified: true,
      loyalty_category: loyaltyCategory,
      abc_grade: abcGrade,
      ask_for_referral: decision.grade?.askForReferral ?? false,
      lost,
      rules: ruleIds,
    });
    refreshed.get(row.vehicleId)?.decisions.push({
      kind: 'classification',
      loyaltyCategory,
      abcGrade,
      lost,
      ruleSetId: rules.ruleSetId,
      ruleSetVersion: rules.version,
      ruleIds,
    });
  });
  return rules;
}
