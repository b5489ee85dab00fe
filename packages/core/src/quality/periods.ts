/** A store's month-close day: the calendar month end, or a day 1–28 (the `quality` rule). */
export type MonthCloseDay = 'monthEnd' | number;

export interface MonthPeriod {
  /** `YYYY-MM`: the month named by the day it closes on. */
  month: string;
  /** Store-local days, both included. */
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const parts = (month: string) => month.split('-').map(Number) as [number, number];

/** The month `count` months after (or before) `month`. */
export function addMonths(month: string, count: number): string {
  const [y, m] = parts(month);
  const index = y * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

function closingDate(month: string, closeDay: MonthCloseDay): string {
  const [y, m] = parts(month);
  const day = closeDay === 'monthEnd' ? new Date(Date.UTC(y, m, 0)).getUTCDate() : closeDay;
  return `${month}-${pad(day)}`;
}

const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The days a store's month covers: the day after the previous month's close through this
 * month's close day. A store closing on the 25th has July = 26 June – 25 July.
 *
 * @example
 * monthPeriod('2024-03', 25); // { month: '2024-03', from: '2024-02-26', to: '2024-03-25' }
 */
export function monthPeriod(month: string, closeDay: MonthCloseDay): MonthPeriod {
  return {
    month,
    from: dayAfter(closingDate(addMonths(month, -1), closeDay)),
    to: closingDate(month, closeDay),
  };
}

/**
 * The latest month that has closed by a store-local day: its close day is before `today`.
 * The night after the close day is the first night it counts as closed.
 */
export function lastClosedMonth(today: string, closeDay: MonthCloseDay): string {
  const month = today.slice(0, 7);
  return closingDate(month, closeDay) < today ? month : addMonths(month, -1);
}

/**
 * The three closed months ending with `month` (the seed's 整改效果评价 uses the latest three
 * months' cumulative result): one date range for the statistics.
 */
export function cumulativePeriod(month: string, closeDay: MonthCloseDay): MonthPeriod {
  return {
    month,
    from: monthPeriod(addMonths(month, -2), closeDay).from,
    to: monthPeriod(month, closeDay).to,
  };
}
