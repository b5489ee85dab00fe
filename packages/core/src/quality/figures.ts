import type { CompiledRuleSet, QualityThreshold } from '@crm/rules';
import type { StatisticsDimension, StatisticsTable } from '../callbacks/schema.ts';
import { storeCallbackStatistics } from '../callbacks/statistics.ts';
import type { Tx } from '../db/database.ts';
import type { QualitySubject, QualitySubjectKind } from './schema.ts';

/** The three satisfaction tables of one period (满意率统计表 per consultant, advisor and team). */
export type PeriodTables = Record<StatisticsDimension, StatisticsTable>;

const dimensions: StatisticsDimension[] = ['salesConsultant', 'serviceAdvisor', 'repairTeam'];

/** The callbacks statistics of a period, read through the callbacks area (never recounted here). */
export async function periodTables(
  tx: Tx,
  tenantId: string,
  storeId: string,
  period: { from: string; to: string },
): Promise<PeriodTables> {
  const tables = {} as PeriodTables;
  for (const by of dimensions)
    tables[by] = await storeCallbackStatistics(tx, tenantId, {
      storeId,
      by,
      from: period.from,
      to: period.to,
    });
  return tables;
}

/** Which table a questionnaire side's items come from: sales from deliveries, after-sales from orders. */
const itemTable = (callbackType: 'sales' | 'afterSales'): StatisticsDimension =>
  callbackType === 'sales' ? 'salesConsultant' : 'serviceAdvisor';

export interface Figure {
  figure: number | null;
  answered: number;
}

/** A subject's figure in a period's tables: an item's average, or a line's fully-satisfied rate. */
export function figureOf(subject: Omit<QualitySubject, 'label'>, tables: PeriodTables): Figure {
  if (subject.kind === 'questionnaireItem') {
    const item = tables[itemTable(subject.callbackType)].total.items.find((i) => i.itemId === subject.itemId);
    return { figure: item?.average ?? null, answered: item?.answered ?? 0 };
  }
  const row = tables[subject.kind].rows.find((r) => r.key === subject.personId);
  return { figure: row?.fullySatisfiedRate ?? null, answered: row?.reached ?? 0 };
}

/** Every subject the tables name: the questionnaire items of both sides, then each person or team. */
export function subjectsOf(tables: PeriodTables): Omit<QualitySubject, 'measure'>[] {
  const subjects: Omit<QualitySubject, 'measure'>[] = [];
  for (const callbackType of ['sales', 'afterSales'] as const) {
    for (const item of tables[itemTable(callbackType)].total.items) {
      subjects.push({
        key: `item:${callbackType}:${item.itemId}`,
        kind: 'questionnaireItem',
        callbackType,
        itemId: item.itemId,
        itemType: item.type,
        personId: null,
        label: item.label,
      });
    }
  }
  for (const kind of dimensions) {
    for (const row of tables[kind].rows) {
      if (row.key === 'unassigned') continue;
      subjects.push({
        key: `${kind}:${row.key}`,
        kind: kind as QualitySubjectKind,
        callbackType: kind === 'salesConsultant' ? 'sales' : 'afterSales',
        itemId: null,
        itemType: null,
        personId: row.key,
        label: row.name,
      });
    }
  }
  return subjects;
}

/** How the store's `quality` rule judges a subject (null: no rule names it). */
export function thresholdOf(
  rules: CompiledRuleSet<'quality'>,
  subject: Pick<QualitySubject, 'kind' | 'callbackType' | 'itemId' | 'itemType'>,
  now: string,
): QualityThreshold | null {
  return rules.decide(
    {
      subject: {
        kind: subject.kind,
        callbackType: subject.callbackType,
        ...(subject.itemId ? { itemId: subject.itemId } : {}),
        ...(subject.itemType ? { itemType: subject.itemType } : {}),
      },
    },
    now,
  ).threshold;
}
