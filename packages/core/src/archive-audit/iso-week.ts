/**
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday), the unit the
 * weekly archive audit is drawn in. Dates are calendar dates (`YYYY-MM-DD`), computed in UTC
 * so no machine time zone leaks in.
 */

const day = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday of ISO week 1 of `year`, as milliseconds since the epoch (UTC midnight). */
function weekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return jan4 - weekday * day;
}

/**
 * The ISO week a calendar date falls in.
 *
 * @example
 * isoWeekOf('2026-12-04'); // '2026-W49'
 * isoWeekOf('2027-01-01'); // '2026-W53'
 */
export function isoWeekOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  const thursday = ms + (3 - weekday) * day;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - weekOneMonday(year)) / (7 * day)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Monday and Sunday of an ISO week written `YYYY-Www`; null when there is no such week
 * (a malformed string, week 0, or week 53 of a year that has 52).
 *
 * @example
 * weekBounds('2026-W49'); // { startsOn: '2026-11-30', endsOn: '2026-12-06' }
 */
export function weekBounds(week: string): { startsOn: string; endsOn: string } | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  if (number < 1 || number > 53) return null;
  const monday = weekOneMonday(year) + (number - 1) * 7 * day;
  if (isoWeekOf(isoDate(monday)) !== week) return null;
  return { startsOn: isoDate(monday), endsOn: isoDate(monday + 6 * day) };
}
