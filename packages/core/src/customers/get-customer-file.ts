import type { Database, Tx } from '../db/database.ts';
import { forbidden, notFound } from '../errors.ts';
import { type Actor, assertStoreCan, canAtStore } from '../identity/actor.ts';
import { confidentialFields, maskConfidential } from './masking.ts';
import type { Customer, CustomerFile, Vehicle } from './schema.ts';

export interface GetCustomerFileOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  vehicleId: string;
  /** Show phones, ID number and addresses in clear: needs `customers.unmask`, and is logged. */
  unmask?: boolean;
  requestId?: string;
}

export const customerColumns = (tx: Tx) => tx`
  c.id, c.store_id, c.dms_id, c.name, c.gender, c.title, c.birthday, c.id_number, c.mobile, c.landline, c.email,
  c.wechat, c.qq, c.city, c.district, c.home_address, c.mailing_address, c.postcode, c.preferred_channel,
  c.convenient_time, c.occupation, c.industry, c.job_title, c.interests, c.personality_notes, c.marital_status,
  c.wedding_anniversary, c.education, c.income_band, c.age_band, c.info_source, c.visit_channel, c.vip,
  c.refuses_calls, c.sms_opted_out, c.uncertain, c.created_at, c.updated_at`;

/** Records who saw which personal fields of which customer in clear (insert-only table). */
export async function logPersonalDataAccess(
  tx: Tx,
  actor: Actor,
  entry: { storeId: string; customerId: string | null; action: 'view' | 'export'; fields: readonly string[] },
  requestId?: string,
): Promise<void> {
  await tx`
    insert into personal_data_access_log (tenant_id, actor_user_id, actor_token_id, store_id, customer_id, action,
      fields, request_id)
    values (${actor.tenantId}, ${actor.kind === 'user' ? actor.userId : null},
      ${actor.kind === 'token' ? actor.tokenId : null}, ${entry.storeId}, ${entry.customerId}, ${entry.action},
      ${[...entry.fields]}::text[], ${requestId ?? null})`;
}

/**
 * The one-car-one-file (一车一档): the vehicle, its current owner, past owners, and a
 * timeline of deliveries, orders, callback tasks, points, reminders and card changes.
 * Personal fields are masked unless `unmask` is asked for by a role that may, and then the
 * view is written to the personal-data access log in the same transaction.
 */
export async function getCustomerFile({
  db,
  actor,
  storeId,
  vehicleId,
  unmask = false,
  requestId,
}: GetCustomerFileOptions): Promise<CustomerFile> {
  assertStoreCan(actor, storeId, 'customers.read');
  if (unmask && !canAtStore(actor, storeId, 'customers.unmask'))
    throw forbidden('Your role sees personal data masked only');
  return db.withTenant(actor.tenantId, async (tx) => {
    const [vehicle] = await tx<Vehicle[]>`
      select v.id, v.store_id, v.vin, v.vin_check_digit_ok, v.plate, v.brand, v.series, v.model, v.trim_options,
        v.exterior_colour, v.interior_colour, v.certificate_no, v.invoice_no, v.purchase_date, v.delivery_date,
        s.name as selling_consultant, v.insurer, v.insured_here, v.insurance_expiry_date, v.inspection_due_date,
        v.mileage_km, v.next_maintenance_date, v.next_maintenance_km, v.current_owner_id, v.card_type,
        v.card_changed_at, v.first_visit_on, v.second_visit_on, v.last_visit_on, v.first_maintenance_on,
        v.last_maintenance_on, v.visits_6m, v.visits_12m, v.visits_36m,
        v.cumulative_spend_fen::float8 as cumulative_spend_fen, v.spend_12m_fen::float8 as spend_12m_fen,
        v.service_types, v.loyalty_category, v.abc_grade, v.ask_for_referral, v.lost, v.classified_at,
        v.classification_version
      from vehicles v
      left join staff_members s on s.tenant_id = v.tenant_id and s.id = v.selling_consultant_id
      where v.tenant_id = ${actor.tenantId} and v.store_id = ${storeId} and v.id = ${vehicleId}`;
    if (!vehicle) throw notFound('Customer file');
    const [customer] = vehicle.currentOwnerId
      ? await tx<
          Customer[]
        >`select ${customerColumns(tx)} from customers c where c.id = ${vehicle.currentOwnerId}`
      : [];
    const owners = await tx<CustomerFile['owners']>`
      select o.customer_id, c.name, o.from_at, o.to_at from vehicle_ownerships o
      join customers c on c.tenant_id = o.tenant_id and c.id = o.customer_id
      where o.tenant_id = ${actor.tenantId} and o.vehicle_id = ${vehicleId}
      order by o.from_at desc`;
    const timeline = await tx<CustomerFile['timeline']>`
      select * from (
        select 'delivery' as kind, d.id, d.delivered_on::text as on,
          jsonb_build_object('dmsId', d.dms_id, 'contractNo', d.contract_no, 'salesConsultant', s.name) as summary,
          null::uuid as rule_set_id, null::int as rule_set_version, null as rule_id
        from deliveries d left join staff_members s on s.tenant_id = d.tenant_id and s.id = d.sales_consultant_id
        where d.tenant_id = ${actor.tenantId} and d.vehicle_id = ${vehicleId}
        union all
        select 'repairOrder', o.id, o.opened_on::text,
          jsonb_build_object('dmsId', o.dms_id, 'orderTypes', o.order_types, 'payer', o.payer,
            'labourFen', o.labour_fen, 'partsFen', o.parts_fen, 'mileageKm', o.mileage_km,
            'closedOn', o.closed_on, 'serviceAdvisor', a.name, 'repairTeam', t.name),
          null, null, null
        from repair_orders o
        left join staff_members a on a.tenant_id = o.tenant_id and a.id = o.service_advisor_id
        left join staff_members t on t.tenant_id = o.tenant_id and t.id = o.repair_team_id
        where o.tenant_id = ${actor.tenantId} and o.vehicle_id = ${vehicleId}
        union all
        select 'callbackTask', k.id, k.opens_on::text,
          jsonb_build_object('callbackType', k.callback_type, 'opensOn', k.opens_on, 'closesOn', k.closes_on,
            'status', k.status),
          k.rule_set_id, k.rule_set_version, k.rule_id
        from callback_tasks k where k.tenant_id = ${actor.tenantId} and k.vehicle_id = ${vehicleId}
        union all
        select 'pointsEntry', p.id, (p.created_at at time zone 'Asia/Shanghai')::date::text,
          jsonb_build_object('points', p.points, 'reason', p.reason), p.rule_set_id, p.rule_set_version, p.rule_id
        from points_entries p where p.tenant_id = ${actor.tenantId} and p.vehicle_id = ${vehicleId}
        union all
        select 'reminder', r.id, r.due_on::text,
          jsonb_build_object('reminder', r.reminder, 'status', r.status), r.rule_set_id, r.rule_set_version, r.rule_id
        from reminder_schedule r where r.tenant_id = ${actor.tenantId} and r.vehicle_id = ${vehicleId}
        union all
        select 'cardChange', x.id, (x.at at time zone 'Asia/Shanghai')::date::text,
          jsonb_build_object('from', x.from_card, 'to', x.to_card, 'reason', x.reason), null, null, null
        from card_transitions x where x.tenant_id = ${actor.tenantId} and x.vehicle_id = ${vehicleId}
      ) t order by t.on desc, t.kind`;
    const [balance] = customer
      ? await tx<{ total: number }[]>`
          select coalesce(sum(points), 0)::int as total from points_entries
          where tenant_id = ${actor.tenantId} and customer_id = ${customer.id}`
      : [];
    const [uncertain] = customer
      ? await tx<NonNullable<CustomerFile['openUncertainRecord']>[]>`
          select id, reason, opened_at from uncertain_customer_records
          where tenant_id = ${actor.tenantId} and customer_id = ${customer.id} and resolved_at is null`
      : [];
    if (unmask && customer) {
      await logPersonalDataAccess(
        tx,
        actor,
        { storeId, customerId: customer.id, action: 'view', fields: confidentialFields },
        requestId,
      );
    }
    return {
      vehicle,
      customer: customer ? (unmask ? customer : maskConfidential(customer)) : null,
      unmasked: unmask && Boolean(customer),
      owners,
      timeline,
      pointsBalance: balance?.total ?? 0,
      openUncertainRecord: uncertain ?? null,
    };
  });
}
