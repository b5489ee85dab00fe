import type { Tx } from '../db/database.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import type { Decision } from './schema.ts';

/** Order types that count as a maintenance visit (the A → C transition, loyalty). */
export const maintenanceTypes = ['firstMaintenance', 'maintenance'];

/** A maintenance is due about every six months (domain.md: periodic reminder after 5–6 months). */
const maintenanceIntervalDays = 182;

export interface RefreshedFile {
  vehicleId: string;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  lastVisitOn: string | null;
  decisions: Decision[];
}

interface AggregateRow {
  vehicleId: string;
  oldCard: 'A' | 'C' | null;
  cardType: 'A' | 'C' | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  firstMaintenanceOrderId: string | null;
  firstOrderId: string | null;
  lastVisitOn: string | null;
  maintenanceVisits: number;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  loyaltyCategory: string | null;
  abcGrade: string | null;
  lost: boolean;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Recomputes the dynamic part of each file from all its repair orders (visits in the last
 * 6/12/36 months, spend, first/second/last visit, service types), moves the card (a car
 * with no card yet was bought elsewhere: C at once; an A card's first maintenance makes it
 * C), then classifies it with the store's classification rules. The vehicles are already
 * locked by this transaction's upsert.
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
  const sorted = [...vehicleIds].sort();
  const oldCards = new Map(
    (
      await tx<{ id: string; cardType: 'A' | 'C' | null }[]>`
        select id, card_type from vehicles where tenant_id = ${tenantId} and id = any(${sorted}::uuid[])`
    ).map((v) => [v.id, v.cardType]),
  );
  const rows = await tx<AggregateRow[]>`
    with agg as (
      select o.vehicle_id,
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
        max(o.mileage_km) as mileage_km
      from repair_orders o
      where o.tenant_id = ${tenantId} and o.vehicle_id = any(${sorted}::uuid[])
      group by o.vehicle_id
    )
    update vehicles v set
      visits_6m = agg.visits_6m,
      visits_12m = agg.visits_12m,
      visits_36m = agg.visits_36m,
      cumulative_spend_fen = agg.spend,
      spend_12m_fen = agg.spend_12m,
      first_visit_on = agg.visits[1],
      second_visit_on = agg.visits[2],
      last_visit_on = agg.visits[cardinality(agg.visits)],
      first_maintenance_on = agg.first_maintenance_on,
      last_maintenance_on = agg.last_maintenance_on,
      mileage_km = greatest(v.mileage_km, agg.mileage_km),
      service_types = (select array_agg(distinct t order by t) from repair_orders r, unnest(r.order_types) t
        where r.tenant_id = v.tenant_id and r.vehicle_id = v.id),
      card_type = case when v.card_type is null or agg.first_maintenance_on is not null then 'C' else v.card_type end,
      card_changed_at = case when v.card_type is distinct from
        (case when v.card_type is null or agg.first_maintenance_on is not null then 'C' else v.card_type end)
        then now() else v.card_changed_at end,
      updated_at = now()
    from agg
    where v.tenant_id = ${tenantId} and v.id = agg.vehicle_id
    returning v.id as vehicle_id, null as old_card, v.card_type, v.first_maintenance_on,
      v.last_maintenance_on, agg.first_maintenance_order_id, agg.first_order_id, v.last_visit_on,
      agg.maintenance_visits::int, v.visits_6m, v.visits_12m, v.visits_36m,
      v.cumulative_spend_fen::float8 as cumulative_spend_fen, v.spend_12m_fen::float8 as spend_12m_fen,
      v.loyalty_category, v.abc_grade, v.lost`;
  for (const row of rows) row.oldCard = oldCards.get(row.vehicleId) ?? null;
  // Vehicles with a delivery but no order yet keep their card; they are still classified.
  const withoutOrders = sorted.filter((id) => !rows.some((r) => r.vehicleId === id));
  if (withoutOrders.length > 0) {
    rows.push(
      ...(await tx<AggregateRow[]>`
        select id as vehicle_id, card_type as old_card, card_type, first_maintenance_on, last_maintenance_on,
          null as first_maintenance_order_id, null as first_order_id, last_visit_on, 0 as maintenance_visits,
          visits_6m, visits_12m, visits_36m, cumulative_spend_fen::float8 as cumulative_spend_fen,
          spend_12m_fen::float8 as spend_12m_fen, loyalty_category, abc_grade, lost
        from vehicles where tenant_id = ${tenantId} and id = any(${withoutOrders}::uuid[])`),
    );
  }

  const transitions: { vehicleId: string; from: string | null; reason: string; sourceId: string | null }[] =
    [];
  for (const row of rows) {
    const decisions: Decision[] = [];
    if (row.cardType === 'C' && row.oldCard !== 'C') {
      const reason = row.oldCard === 'A' ? 'firstMaintenance' : 'boughtElsewhere';
      transitions.push({
        vehicleId: row.vehicleId,
        from: row.oldCard,
        reason,
        sourceId: reason === 'firstMaintenance' ? row.firstMaintenanceOrderId : row.firstOrderId,
      });
      decisions.push({ kind: 'card', from: row.oldCard, to: 'C', reason });
    }
    refreshed.set(row.vehicleId, {
      vehicleId: row.vehicleId,
      firstMaintenanceOn: row.firstMaintenanceOn,
      lastMaintenanceOn: row.lastMaintenanceOn,
      lastVisitOn: row.lastVisitOn,
      decisions,
    });
  }
  if (transitions.length > 0) {
    await tx`
      insert into card_transitions (tenant_id, store_id, vehicle_id, from_card, to_card, reason, source_kind, source_id)
      select ${tenantId}, ${storeId}, u.vehicle_id, u.from_card, 'C', u.reason, 'repairOrder', u.source_id
      from unnest(${transitions.map((t) => t.vehicleId)}::uuid[], ${transitions.map((t) => t.from)}::text[],
        ${transitions.map((t) => t.reason)}::text[], ${transitions.map((t) => t.sourceId)}::uuid[])
        as u(vehicle_id, from_card, reason, source_id)
      on conflict (tenant_id, vehicle_id, to_card) do nothing`;
  }

  await classify(tx, tenantId, storeId, rows, today, now, refreshed);
  return refreshed;
}

/** Loyalty category, ABC grade and lost, by the store's classification rules; written only when they change. */
async function classify(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: AggregateRow[],
  today: string,
  now: string,
  refreshed: Map<string, RefreshedFile>,
): Promise<void> {
  const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'classification');
  const updates: Record<string, unknown>[] = [];
  for (const row of rows) {
    const firstMaintenanceDone = row.firstMaintenanceOn !== null;
    let maintenanceAttendancePercent: number | undefined;
    if (row.firstMaintenanceOn) {
      const due = Math.floor(daysBetween(row.firstMaintenanceOn, today) / maintenanceIntervalDays);
      if (due > 0)
        maintenanceAttendancePercent = Math.min(100, Math.round(((row.maintenanceVisits - 1) / due) * 100));
    }
    const decision = rules.compiled.decide(
      {
        firstMaintenanceDone,
        ...(maintenanceAttendancePercent === undefined ? {} : { maintenanceAttendancePercent }),
        ...(row.lastVisitOn ? { lastVisitDate: row.lastVisitOn } : {}),
        visits: { last6Months: row.visits6m, last12Months: row.visits12m, last36Months: row.visits36m },
        spend: { cumulativeFen: row.cumulativeSpendFen, last12MonthsFen: row.spend12mFen },
      },
      now,
    );
    const loyaltyCategory = decision.loyalty?.category ?? row.loyaltyCategory;
    const abcGrade = decision.grade?.grade ?? row.abcGrade;
    const lost = decision.lost !== null;
    const ruleIds: Record<string, string> = {};
    if (decision.loyalty) ruleIds.loyalty = decision.loyalty.decidedBy.ruleId;
    if (decision.grade) ruleIds.grade = decision.grade.decidedBy.ruleId;
    if (decision.lost) ruleIds.lost = decision.lost.decidedBy.ruleId;
    if (loyaltyCategory === row.loyaltyCategory && abcGrade === row.abcGrade && lost === row.lost) continue;
    updates.push({
      vehicle_id: row.vehicleId,
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
  }
  if (updates.length === 0) return;
  await tx`
    update vehicles v set
      loyalty_category = r.loyalty_category,
      abc_grade = r.abc_grade,
      ask_for_referral = r.ask_for_referral,
      lost = r.lost,
      classified_at = now(),
      classification_rule_set_id = ${rules.ruleSetId},
      classification_version = ${rules.version},
      classification_rules = r.rules
    from jsonb_to_recordset(${tx.json(updates as Parameters<typeof tx.json>[0])}) as r(vehicle_id uuid,
      loyalty_category text, abc_grade text, ask_for_referral boolean, lost boolean, rules jsonb)
    where v.tenant_id = ${tenantId} and v.id = r.vehicle_id`;
}
