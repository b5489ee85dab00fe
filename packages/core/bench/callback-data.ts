/**
 * The data set of the callback-statistics and reports benchmarks, at the ingest benchmark's
 * scale: a group of `scale.stores` stores, its staff, `scale.vehicles` cars with their owners
 * and deliveries, `scale.orders` repair orders over three years ending yesterday, and one
 * callback task per event — 85 % reached with a score and answers, 10 % unsuccessful, 5 %
 * never called. Written in bulk by SQL as the owner (the windows of an ingestion today would
 * be long closed for events three years old). Returns the tenant id; the caller adds its
 * own data and runs ANALYZE.
 */
import type postgres from 'postgres';

export interface BenchScale {
  stores: number;
  vehicles: number;
  orders: number;
}

/** Three years ending yesterday. */
export const benchDays = 3 * 365;

export async function seedCallbackData(owner: postgres.Sql, scale: BenchScale): Promise<string> {
  const [tenant] = await owner<
    { id: string }[]
  >`insert into tenants (code, name) values ('bench', '基准集团') returning id`;
  if (!tenant) throw new Error('no tenant');
  const t = tenant.id;
  await owner`insert into stores (tenant_id, code, name)
    select ${t}, 'S' || lpad(s::text, 3, '0'), '门店' || s from generate_series(1, ${scale.stores}) s`;
  await owner`insert into staff_members (tenant_id, store_id, kind, name)
    select ${t}, st.id, k.kind, k.prefix || n
    from stores st, (values ('salesConsultant', '顾问', 8), ('serviceAdvisor', '服务', 6), ('repairTeam', '班组', 4)) k(kind, prefix, count),
      lateral generate_series(1, k.count) n`;
  // Each store's people of a kind in name order, so an event picks one by position without a scan per row.
  await owner`
    create temporary table bench_staff as
    select store_id, kind, array_agg(id order by name) as ids from staff_members group by store_id, kind`;
  await owner`create index on bench_staff (store_id, kind)`;
  await owner`
    create temporary table bench_cars as
    select v, (select array_agg(id order by code) from stores)[1 + v % ${scale.stores}] as store_id,
      current_date - 1 - (v % ${benchDays}) as delivered_on
    from generate_series(1, ${scale.vehicles}) v`;
  await owner`insert into customers (tenant_id, id, store_id, dms_id, name, mobile, gender, district, info_source, visit_channel)
    select ${t}, md5('c' || v)::uuid, store_id, 'C' || v, '客户' || v, '138' || lpad((v % 100000000)::text, 8, '0'),
      (array['male', 'female'])[1 + v % 2], (array['金安区', '裕安区', '城区', '其他'])[1 + v % 4],
      (array['朋友介绍', '网络', '户外广告', '报纸'])[1 + v % 4 ], (array['展厅', '外展', '转介绍'])[1 + v % 3]
    from bench_cars`;
  await owner`insert into vehicles (tenant_id, id, store_id, vin, current_owner_id, delivery_date, card_type, series, insured_here)
    select ${t}, md5('v' || v)::uuid, store_id, 'LSVBE' || lpad(v::text, 12, '0'), md5('c' || v)::uuid, delivered_on, 'A',
      (array['皇冠', '锐志', '卡罗拉', '花冠', '威驰', '普锐斯', 'RAV4'])[1 + v % 7], v % 3 <> 0
    from bench_cars`;
  await owner`insert into deliveries (tenant_id, id, store_id, dms_id, vehicle_id, customer_id, sales_consultant_id,
      delivered_at, delivered_on, content_hash)
    select ${t}, md5('d' || c.v)::uuid, c.store_id, 'D' || c.v, md5('v' || c.v)::uuid, md5('c' || c.v)::uuid,
      (select ids[1 + c.v % 8] from bench_staff s where s.store_id = c.store_id and s.kind = 'salesConsultant'),
      c.delivered_on + time '10:00', c.delivered_on, 'h'
    from bench_cars c`;
  await owner`insert into repair_orders (tenant_id, id, store_id, dms_id, vehicle_id, customer_id, order_types, payer,
      labour_fen, parts_fen, self_paid_fen, service_advisor_id, repair_team_id, opened_at, opened_on, closed_at, closed_on,
      content_hash)
    select ${t}, md5('o' || o)::uuid, c.store_id, 'O' || o, md5('v' || c.v)::uuid, md5('c' || c.v)::uuid,
      array['maintenance'], 'self', 30000, 20000, 50000,
      (select ids[1 + o % 6] from bench_staff s where s.store_id = c.store_id and s.kind = 'serviceAdvisor'),
      (select ids[1 + o % 4] from bench_staff s where s.store_id = c.store_id and s.kind = 'repairTeam'),
      d.on + time '09:00', d.on, d.on + time '17:00', d.on, 'h'
    from generate_series(1, ${scale.orders}) o
    join bench_cars c on c.v = 1 + o % ${scale.vehicles}
    cross join lateral (select current_date - 1 - (o * 7 % ${benchDays}) as on) d`;
  // One task per event; 85 % reached with a score, 10 % unsuccessful, 5 % never called.
  await owner`insert into callback_tasks (tenant_id, id, store_id, customer_id, vehicle_id, callback_type, source_kind,
      source_id, opens_on, closes_on, sms_fallback_after_attempts, status, rule_set_version, rule_id, attempts,
      reached_by, overall_score, band, last_unsuccessful_bucket, last_attempt_at, completed_at)
    select ${t}, md5('t' || e.id)::uuid, e.store_id, e.customer_id, e.vehicle_id, e.type, e.kind, e.id, e.on + 7, e.on + 10, 4,
      case when r < 85 then 'done' else 'failed' end, 0, 'bench',
      case when r < 95 then 1 else 0 end,
      case when r < 85 then 'call' end,
      case when r < 85 then 3 + r % 8 end,
      case when r >= 85 then null when 3 + r % 8 >= 8 then 'fullySatisfied' when 3 + r % 8 >= 6 then 'basicallySatisfied'
        else 'dissatisfied' end,
      case when r >= 85 and r < 95 then (array['refusedOrNoAnswer', 'cannotConnect', 'other'])[1 + r % 3] end,
      case when r < 95 then e.on + 8 + time '10:00' end, case when r < 85 then e.on + 8 + time '10:05' end
    from (
      select d.id, d.store_id, d.customer_id, d.vehicle_id, 'sales' as type, 'delivery' as kind, d.delivered_on as on,
        abs(hashtext(d.id::text)) % 100 as r from deliveries d
      union all
      select o.id, o.store_id, o.customer_id, o.vehicle_id, 'afterSales', 'repairOrder', o.closed_on,
        abs(hashtext(o.id::text)) % 100 from repair_orders o) e`;
  await owner`insert into callback_attempts (tenant_id, id, store_id, task_id, attempt_no, outcome, reason,
      unsuccessful_bucket, called_at)
    select ${t}, md5('a' || id)::uuid, store_id, id, 1,
      case when reached_by is not null then 'satisfied' else 'unsuccessful' end,
      case when reached_by is null then 'noAnswer' end, last_unsuccessful_bucket, last_attempt_at
    from callback_tasks where attempts > 0`;
  await owner`insert into callback_answers (tenant_id, task_id, item_id, store_id, attempt_id, position, item_type,
      item_label, score, yes, questionnaire_key, rule_set_version)
    select ${t}, k.id, i.item, k.store_id, md5('a' || k.id)::uuid, i.pos, i.type, i.item,
      case when i.type = 'score' then k.overall_score end, case when i.type = 'yesNo' then k.overall_score >= 6 end,
      k.callback_type, 0
    from callback_tasks k
    cross join lateral (values ('overall', 0, 'score'), ('greetedPromptly', 1, 'yesNo'), ('diagnosis', 8, 'score'),
      ('workQuality', 9, 'score')) i(item, pos, type)
    where k.reached_by is not null`;
  return t;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
