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

/** Time left (or overdue) as "1天3小时", "25分", "-5分" — whole minutes, at most two units. */
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
