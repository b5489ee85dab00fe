import { periodOf } from '../callbacks/statistics.ts';
import { invalid } from '../errors.ts';

/** The first and last day of a month (store-local dates: each store reads them on its own clock). */
export const daysOf = (month: string) => periodOf({ month });

/** `month` moved by `by` months. */
export function addMonths(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The months a dashboard query names: one month, or from–to (at most twelve). */
export function monthRange(query: { month?: string; from?: string; to?: string }): {
  from: string;
  to: string;
} {
  const range = query.from !== undefined || query.to !== undefined;
  if (query.month !== undefined && !range) return { from: query.month, to: query.month };
  if (query.month !== undefined || !query.from || !query.to)
    throw invalid('month', 'Give a month, or from and to');
  if (query.from > query.to) throw invalid('to', 'must not be before from');
  if (monthsBetween(query.from, query.to).length > 12)
    throw invalid('to', 'a range covers at most 12 months');
  return { from: query.from, to: query.to };
}
