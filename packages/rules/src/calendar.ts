/**
 * Dates in facts are ISO strings: a calendar date (`2024-05-01`) or an instant with an
 * offset (`2024-05-01T10:00:00+08:00`). A local time without an offset is refused,
 * because its meaning would depend on the machine's time zone. Day counts are whole
 * days of elapsed time; for calendar-day rules the caller passes store-local dates.
 */
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export const msPerDay = 86_400_000;

/** Milliseconds since the epoch, or NaN when `value` is not an ISO date or instant. */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  if (value.length === 10) return parseCalendarDate(value);
  return instantPattern.test(value) ? Date.parse(value) : Number.NaN;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Dates are read on every day condition of every event, so this avoids a regex and
// Date.parse; it also refuses dates that do not exist (Date.parse rolls 2023-02-30 over).
function parseCalendarDate(value: string): number {
  if (!datePattern.test(value)) return Number.NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (month < 1 || month > 12 || day < 1 || day > (daysInMonth[month - 1] ?? 0)) return Number.NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return Number.NaN;
  // Date.UTC reads years 0–99 as 1900–1999; ISO does not.
  return year < 100 ? new Date(0).setUTCFullYear(year, month - 1, day) : Date.UTC(year, month - 1, day);
}

function digits(value: string, from: number, to: number): number {
  let number = 0;
  for (let i = from; i < to; i += 1) number = number * 10 + (value.charCodeAt(i) - 48);
  return number;
}

/** The clock a rule set is evaluated against: the caller's `now`, never the machine's. */
export interface EvaluationClock {
  /** `now` in milliseconds. */
  nowMs: number;
  /** Midnight (UTC) of `now`'s calendar date, for anniversaries. */
  todayMs: number;
}

export function clockAt(now: string): EvaluationClock {
  const nowMs = parseInstant(now);
  if (Number.isNaN(nowMs)) {
    throw new RangeError(
      `"now" must be an ISO date or an instant with an offset, got ${JSON.stringify(now)}`,
    );
  }
  return { nowMs, todayMs: Math.floor(nowMs / msPerDay) * msPerDay };
}

/** Whole days from `fromMs` to `toMs` (negative when `fromMs` is later). */
export function wholeDaysBetween(fromMs: number, toMs: number): number {
  return Math.floor((toMs - fromMs) / msPerDay);
}

/** Days from `todayMs` to the next anniversary (same month and day) of `dateMs`; 29 February falls on 28 February in common years. */
export function daysToNextAnniversary(dateMs: number, todayMs: number): number {
  const date = new Date(dateMs);
  const today = new Date(todayMs);
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  let year = today.getUTCFullYear();
  for (;;) {
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const anniversary = Date.UTC(year, month, Math.min(day, lastDay));
    if (anniversary >= todayMs) return Math.round((anniversary - todayMs) / msPerDay);
    year += 1;
  }
}

/** `YYYY-MM-DD` plus whole days, as `YYYY-MM-DD`. */
export function addDaysToDate(date: string, days: number): string {
  const ms = parseInstant(date.slice(0, 10));
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO date: ${JSON.stringify(date)}`);
  return formatCalendarDate(ms + days * msPerDay);
}

/** Midnight UTC in ms as `YYYY-MM-DD` (civil-from-days, without building a Date). */
export function formatCalendarDate(ms: number): string {
  const z = Math.floor(ms / msPerDay) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** An instant plus minutes, as an ISO instant in UTC. */
export function addMinutesToInstant(instant: string, minutes: number): string {
  const ms = parseInstant(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${JSON.stringify(instant)}`);
  return new Date(ms + minutes * 60_000).toISOString();
}
