import type { Tx } from '../db/database.ts';
import type { CardAnalysis } from './schema.ts';

/** The fields each card is split by, as the seed's A卡/C卡分析表 heads them, in sheet order. */
const dimensions = [
  '性别',
  '年龄',
  '收入(月)',
  '职业',
  '区域',
  '信息来源',
  '来店渠道',
  '是否我店投保',
] as const;

/**
 * Columns of the seed's tables the customer file does not hold (no field for them in the
 * customer, vehicle or delivery records): named in the report instead of being guessed.
 */
const notRecorded = {
  A: ['首购/增购/换购', '精品与改装'],
  C: ['成交类别(新车/二手车)', '首购/增购/换购', '精品与改装', '购买因素', '战败分析'],
} as const;

const unknown = '未填';

/**
 * A卡分析表 / C卡分析表 of one store for the days from–to: the cars that became A cards
 * (bought here: the delivery's date) or C cards (serviced here: the closing date of the order that
 * made them), per
 * model (车系), each split by the owner's recorded fields. A field left empty counts as 未填.
 */
export async function cardAnalysis(
  tx: Tx,
  storeId: string,
  card: 'A' | 'C',
  from: string,
  to: string,
): Promise<CardAnalysis> {
  const rows = await tx<{ model: string; dimension: string; value: string; count: number }[]>`
    with changed as (
      select t.vehicle_id from deliveries d
      join card_transitions t on t.tenant_id = d.tenant_id and t.source_id = d.id and t.source_kind = 'delivery'
      where ${card} = 'A' and d.store_id = ${storeId} and d.delivered_on between ${from}::date and ${to}::date
        and t.to_card = 'A'
      union all
      select t.vehicle_id from repair_orders o
      join card_transitions t on t.tenant_id = o.tenant_id and t.source_id = o.id and t.source_kind = 'repairOrder'
      where ${card} = 'C' and o.store_id = ${storeId} and o.closed_on between ${from}::date and ${to}::date
        and t.to_card = 'C'
    ),
    cards as (
      select coalesce(nullif(v.series, ''), nullif(v.model, ''), ${unknown}) as model, cu.gender, cu.age_band,
        cu.income_band, cu.occupation, cu.district, cu.info_source, cu.visit_channel, v.insured_here
      from changed x
      join vehicles v on v.id = x.vehicle_id
      left join customers cu on cu.id = v.current_owner_id
    )
    select c.model, x.dimension, coalesce(nullif(x.value, ''), ${unknown}) as value, count(*)::int as count
    from cards c, lateral (values
      ('性别', case c.gender when 'male' then '男' when 'female' then '女' end),
      ('年龄', c.age_band), ('收入(月)', c.income_band), ('职业', c.occupation), ('区域', c.district),
      ('信息来源', c.info_source), ('来店渠道', c.visit_channel),
      ('是否我店投保', case c.insured_here when true then '是' when false then '否' end)
    ) x (dimension, value)
    group by c.model, x.dimension, 3`;

  const byModel = new Map<
    string,
    { model: string; total: number; cells: CardAnalysis['rows'][number]['cells'] }
  >();
  for (const r of rows) {
    const line = byModel.get(r.model) ?? { model: r.model, total: 0, cells: [] };
    line.cells.push({ dimension: r.dimension, value: r.value, count: r.count });
    if (r.dimension === dimensions[0]) line.total += r.count;
    byModel.set(r.model, line);
  }
  const models = [...byModel.values()].sort((a, b) => b.total - a.total || a.model.localeCompare(b.model));
  const order = (values: Map<string, number>) =>
    [...values.entries()]
      .sort(([a, na], [b, nb]) =>
        a === unknown
          ? 1
          : b === unknown
            ? -1
            : a === '男'
              ? -1
              : b === '男'
                ? 1
                : nb - na || a.localeCompare(b),
      )
      .map(([value]) => value);
  return {
    card,
    total: models.reduce((n, m) => n + m.total, 0),
    dimensions: dimensions.map((dimension) => {
      const seen = new Map<string, number>();
      for (const r of rows)
        if (r.dimension === dimension) seen.set(r.value, (seen.get(r.value) ?? 0) + r.count);
      return { dimension, values: order(seen) };
    }),
    rows: models,
    notRecorded: [...notRecorded[card]],
  };
}
