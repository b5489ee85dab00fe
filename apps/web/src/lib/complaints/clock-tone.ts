import type { ComplaintClock } from './types';

export type ClockTone = 'green' | 'amber' | 'red';

/**
 * The colour of a running clock's badge: red once it has run out, amber in its last
 * quarter, green before. Only a display of the deadline the API decided; the deadline
 * itself is never recomputed here.
 */
export function clockTone(clock: Pick<ComplaintClock, 'startedAt' | 'dueAt'>, nowMs: number): ClockTone {
  const due = Date.parse(clock.dueAt);
  const length = due - Date.parse(clock.startedAt);
  const left = due - nowMs;
  if (left <= 0) return 'red';
  return left <= length / 4 ? 'amber' : 'green';
}

/** The words a clock badge reads in, from the UI's messages (`剩余 {{span}}`, `{{n}} 分钟`). */
export interface ClockWords {
  left: (span: string) => string;
  overdue: (span: string) => string;
  d: (n: number) => string;
  h: (n: number) => string;
  m: (n: number) => string;
}

/**
 * A running clock as it reads on its badge: "剩余 25 分钟", "已超时 1 小时 5 分钟" — never a
 * minus sign. Whole minutes, at most two units; time left is rounded up (a clock with
 * seconds to go still has "1 分钟"), time overdue rounded down but at least one minute, so
 * the badge never reads zero.
 */
export function clockReading(dueAt: string, nowMs: number, words: ClockWords): string {
  const ms = Date.parse(dueAt) - nowMs;
  const minutes = ms > 0 ? Math.ceil(ms / 60_000) : Math.max(1, Math.floor(-ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(words.d(days));
  if (hours) parts.push(words.h(hours));
  if (!days && rest) parts.push(words.m(rest));
  const span = parts.slice(0, 2).join(' ');
  return ms > 0 ? words.left(span) : words.overdue(span);
}

/**
 * A span as "1天3小时", "25分" — whole minutes, at most two units: the reports' durations
 * (a running clock reads through {@link clockReading}).
 */
export function timeLeft(dueAt: string, nowMs: number, units: { d: string; h: string; m: string }): string {
  const ms = Date.parse(dueAt) - nowMs;
  const sign = ms < 0 ? '-' : '';
  let minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}${units.d}`);
  if (hours) parts.push(`${hours}${units.h}`);
  if (!days) parts.push(`${minutes}${units.m}`);
  return sign + parts.slice(0, 2).join('');
}
