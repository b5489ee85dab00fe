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
  if (value.length === 10 ? !datePattern.test(value) : !instantPattern.test(value)) return Number.NaN;
  return Date.parse(value);
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
  return new Date(ms + days * msPerDay).toISOString().slice(0, 10);
}

/** An instant plus minutes, as an ISO instant in UTC. */
export function addMinutesToInstant(instant: string, minutes: number): string {
  const ms = parseInstant(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${JSON.stringify(instant)}`);
  return new Date(ms + minutes * 60_000).toISOString();
}
