import type { Payer, ServiceType } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { DecidableEvent } from '../events/apply-decisions.ts';
import { callbackWindowFacts, pointsFacts } from '../events/facts.ts';
import { membersAt } from '../membership/members-at.ts';

/** The kinds whose facts come from one recorded delivery or repair order. */
const factsOf: Partial<
  Record<string, (event: DecidableEvent & { occurredOn: string }) => Record<string, unknown> | null>
> = {
  callbackWindow: callbackWindowFacts,
  points: pointsFacts,
};
export const kindsWithRecordedEvents = Object.keys(factsOf);

interface EventRow {
  kind: 'delivery' | 'repairOrder';
  sourceId: string;
  dmsId: string;
  storeCode: string;
  occurredOn: string;
  occurredAt: string;
  vehicleId: string;
  customerId: string;
  orderTypes: ServiceType[] | null;
  payer: Payer | null;
  selfPaidFen: string | null;
  vip: boolean;
  refusesCalls: boolean;
  smsOptedOut: boolean;
  birthday: string | null;
  cardType: 'A' | 'C' | null;
  plate: string | null;
  series: string | null;
  model: string | null;
  vin: string;
  mileageKm: number | null;
  purchaseDate: string | null;
  inspectionDueDate: string | null;
  insuranceExpiryDate: string | null;
}

/**
 * The last `limit` deliveries and closed repair orders of a store (or of the whole group
 * for a group default), newest first, as simulation samples of `kind`: each decided at
 * the moment it happened, with the facts ingestion gave the rules.
 */
export async function recordedEventSamples(
  tx: Tx,
  tenantId: string,
  storeId: string | null,
  kind: string,
  limit: number,
): Promise<{ label: string; facts: Record<string, unknown>; now: string }[]> {
  const toFacts = factsOf[kind];
  if (!toFacts)
    throw new AppError('INVALID_INPUT', `Recorded events decide only ${kindsWithRecordedEvents.join(', ')}`, [
      { path: 'recentEvents', message: `not available for ${kind}` },
    ]);
  const onlyOrders = kind === 'points';
  const rows = await tx<EventRow[]>`
    select e.*, s.code as store_code, c.vip, c.refuses_calls, c.sms_opted_out, c.birthday,
      v.card_type, v.plate, v.series, v.model, v.vin, v.mileage_km, v.purchase_date,
      v.inspection_due_date, v.insurance_expiry_date
    from (
      select 'delivery' as kind, d.id as source_id, d.dms_id, d.store_id, d.delivered_on as occurred_on,
        d.delivered_at as occurred_at, d.vehicle_id, d.customer_id,
        null::text[] as order_types, null::text as payer, null::bigint as self_paid_fen
      from deliveries d
      where not ${onlyOrders} and (${storeId}::uuid is null or d.store_id = ${storeId}::uuid)
      union all
      select 'repairOrder', r.id, r.dms_id, r.store_id, r.closed_on, r.closed_at, r.vehicle_id, r.customer_id,
        r.order_types, r.payer, r.self_paid_fen
      from repair_orders r
      where r.closed_on is not null and r.customer_id is not null
        and (${storeId}::uuid is null or r.store_id = ${storeId}::uuid)
      order by occurred_at desc
      limit ${limit}
    ) e
    join stores s on s.id = e.store_id
    join customers c on c.id = e.customer_id
    join vehicles v on v.id = e.vehicle_id
    order by e.occurred_at desc`;
  // Points are for members only: ingestion posts none for an order whose car held no active
  // card when it closed, whatever the rules say; the sample says so beside the rules' decision.
  const members = onlyOrders
    ? await membersAt(
        tx,
        tenantId,
        rows.map((r) => ({
          sourceId: r.sourceId,
          vehicleId: r.vehicleId,
          closedAt: r.occurredAt,
          closedOn: r.occurredOn,
        })),
      )
    : null;
  const samples: { label: string; facts: Record<string, unknown>; now: string }[] = [];
  for (const row of rows) {
    const event: DecidableEvent & { occurredOn: string } = {
      kind: row.kind,
      sourceId: row.sourceId,
      updated: false,
      vehicleId: row.vehicleId,
      customerId: row.customerId,
      occurredOn: row.occurredOn,
      ...(row.orderTypes && row.payer
        ? { orderTypes: row.orderTypes, payer: row.payer, selfPaidFen: Number(row.selfPaidFen ?? 0) }
        : {}),
      customer: {
        vip: row.vip,
        refusesCalls: row.refusesCalls,
        smsOptedOut: row.smsOptedOut,
        birthday: row.birthday,
      },
      vehicle: {
        cardType: row.cardType,
        plate: row.plate,
        series: row.series,
        model: row.model,
        vin: row.vin,
        mileageKm: row.mileageKm,
        purchaseDate: row.purchaseDate,
        inspectionDueDate: row.inspectionDueDate,
        insuranceExpiryDate: row.insuranceExpiryDate,
      },
    };
    const facts = toFacts(event);
    if (!facts) continue;
    const what = row.kind === 'delivery' ? '交车' : '工单';
    samples.push({
      label: `${what} ${row.dmsId} · ${row.plate ?? row.vin} · ${row.occurredOn}${storeId ? '' : ` · ${row.storeCode}`}${
        members && !members.has(row.sourceId) ? ' · 非会员（入账时不积分）' : ''
      }`,
      facts,
      now: row.occurredAt,
    });
  }
  return samples;
}
