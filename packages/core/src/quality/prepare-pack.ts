import type { CompiledRuleSet } from '@crm/rules';
import { isWeak } from '@crm/rules';
import type { Tx } from '../db/database.ts';
import { figureOf, periodTables, subjectsOf, thresholdOf } from './figures.ts';
import { addMonths, type MonthCloseDay, monthPeriod } from './periods.ts';
import type { QualityPack, QualityPackEntry, QualitySubject } from './schema.ts';

/** The figure a subject is judged on: an item by its average, a person or team by the fully-satisfied rate. */
export const measureOf = (kind: QualitySubject['kind']): QualitySubject['measure'] =>
  kind === 'questionnaireItem' ? 'average' : 'fullySatisfiedRate';

/**
 * The meeting pack of a closed month (改善讨论会会议资料): every questionnaire item and every
 * consultant, advisor and team the month's or the previous month's statistics name, with both
 * months' figures and whether the store's `quality` rule calls them weak. A subject whose rule
 * reads another figure than its own (an item by a rate) is left unjudged, like one no rule names.
 */
export async function preparePack(
  tx: Tx,
  {
    tenantId,
    storeId,
    month,
    closeDay,
    rules,
    now,
  }: {
    tenantId: string;
    storeId: string;
    month: string;
    closeDay: MonthCloseDay;
    rules: CompiledRuleSet<'quality'>;
    now: string;
  },
): Promise<QualityPack> {
  const period = monthPeriod(month, closeDay);
  const previous = monthPeriod(addMonths(month, -1), closeDay);
  const current = await periodTables(tx, tenantId, storeId, period);
  const before = await periodTables(tx, tenantId, storeId, previous);
  const seen = new Set<string>();
  const entries: QualityPackEntry[] = [];
  for (const subject of [...subjectsOf(current), ...subjectsOf(before)]) {
    if (seen.has(subject.key)) continue;
    seen.add(subject.key);
    const threshold = thresholdOf(rules, subject, now);
    const measure = measureOf(subject.kind);
    if (!threshold || threshold.measure !== measure) continue;
    const full = { ...subject, measure };
    const thisMonth = figureOf(full, current);
    const lastMonth = figureOf(full, before);
    entries.push({
      ...full,
      figure: thisMonth.figure,
      answered: thisMonth.answered,
      previousFigure: lastMonth.figure,
      previousAnswered: lastMonth.answered,
      weakBelow: threshold.weakBelow,
      weak: isWeak(thisMonth.figure, threshold),
      previousWeak: isWeak(lastMonth.figure, threshold),
      decidedBy: threshold.decidedBy,
    });
  }
  return { period, previous, entries };
}
