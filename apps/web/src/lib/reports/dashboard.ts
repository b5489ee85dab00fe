import { type DashboardFigure, dashboardFigures } from '../api/contract';
import { percent } from '../callbacks/types';

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The dashboard's query from a page's URL: a month (this month by default) or a range of
 * months (`from` and `to`), and the figure to rank by.
 */
export function dashboardQuery(url: URL): URLSearchParams {
  const get = (name: string) => {
    const value = url.searchParams.get(name);
    return value && monthPattern.test(value) ? value : null;
  };
  const rankBy =
    dashboardFigures.find((f) => f === url.searchParams.get('rankBy')) ?? 'salesFullySatisfiedRate';
  const from = get('from');
  const to = get('to');
  if (from && to) return new URLSearchParams({ from, to, rankBy });
  return new URLSearchParams({ month: get('month') ?? new Date().toISOString().slice(0, 7), rankBy });
}

/** The figures that are rates (0–1, shown as percent); the rest are counts. */
export const rateFigures: ReadonlySet<DashboardFigure> = new Set([
  'salesFullySatisfiedRate',
  'afterSalesFullySatisfiedRate',
  'callbackSuccessRate',
]);

/**
 * The value axis of a figure's trend chart: a rate in percent up to 100, a count in whole
 * numbers only (Chart.js would otherwise tick 0.5 between 0 and 1).
 */
export function trendAxis(figure: DashboardFigure): {
  beginAtZero: true;
  max?: number;
  ticks?: { precision: number };
} {
  return rateFigures.has(figure)
    ? { beginAtZero: true, max: 100 }
    : { beginAtZero: true, ticks: { precision: 0 } };
}

/** A figure as the dashboard shows it: a rate as a percent, a count as is, "—" for none. */
export function showFigure(figure: DashboardFigure, value: number | null): string {
  if (rateFigures.has(figure)) return percent(value);
  return value === null ? '—' : String(value);
}
