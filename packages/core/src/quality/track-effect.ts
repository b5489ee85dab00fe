import { type CompiledRuleSet, improvementVerdict } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { figureOf, type PeriodTables, periodTables, thresholdOf } from './figures.ts';
import { addMonths, cumulativePeriod, type MonthCloseDay } from './periods.ts';
import type { QualitySubject } from './schema.ts';

interface OpenItem {
  id: string;
  month: string;
  subject: QualitySubject;
  figures: { offset: number; figure: number | null }[];
}

/**
 * 整改效果评价: writes each improvement item's figure for the month raised and months +1, +2,
 * +3 that have closed by `closedMonth` and are not written yet — on the latest three closed
 * months' cumulative statistics, with the store rule's verdict against the raised month. A
 * month that has not closed is never written; a written one is never rewritten (the key is
 * (item, offset)), so a night run twice writes once. Returns the figures written.
 */
export async function trackEffect(
  tx: Tx,
  {
    tenantId,
    storeId,
    closedMonth,
    closeDay,
    rules,
    now,
    itemId,
  }: {
    tenantId: string;
    storeId: string;
    closedMonth: string;
    closeDay: MonthCloseDay;
    rules: CompiledRuleSet<'quality'>;
    now: string;
    /** Only this item (just raised). */
    itemId?: string;
  },
): Promise<number> {
  const items = await tx<OpenItem[]>`
    select i.id, i.month, i.subject,
      coalesce(json_agg(json_build_object('offset', f.month_offset, 'figure', f.figure))
        filter (where f.item_id is not null), '[]') as figures
    from quality_items i left join quality_item_figures f on f.item_id = i.id
    where i.store_id = ${storeId} and i.month <= ${closedMonth}
      ${itemId ? tx`and i.id = ${itemId}` : tx``}
    group by i.tenant_id, i.id
    having count(f.item_id) < 4
    order by i.month, i.id`;
  const tables = new Map<string, PeriodTables>();
  const tablesFor = async (month: string) => {
    let found = tables.get(month);
    if (!found) {
      found = await periodTables(tx, tenantId, storeId, cumulativePeriod(month, closeDay));
      tables.set(month, found);
    }
    return found;
  };
  let written = 0;
  for (const item of items) {
    const known = new Map(item.figures.map((f) => [f.offset, f.figure]));
    const threshold = thresholdOf(rules, item.subject, now);
    for (let offset = 0; offset <= 3; offset++) {
      const month = addMonths(item.month, offset);
      if (month > closedMonth) break;
      if (known.has(offset)) continue;
      const { figure, answered } = figureOf(item.subject, await tablesFor(month));
      const raised = known.get(0) ?? null;
      const verdict =
        offset === 0 ? null : threshold ? improvementVerdict(raised, figure, threshold) : ('noData' as const);
      const period = cumulativePeriod(month, closeDay);
      const inserted = await tx`
        insert into quality_item_figures (tenant_id, item_id, month_offset, month, period_from, period_to, figure,
          answered, verdict, decided_by)
        values (${tenantId}, ${item.id}, ${offset}, ${month}, ${period.from}, ${period.to}, ${figure}, ${answered},
          ${verdict}, ${offset === 0 || !threshold ? null : tx.json({ ...threshold.decidedBy })})
        on conflict do nothing
        returning item_id`;
      known.set(offset, figure);
      written += inserted.length;
    }
  }
  return written;
}
