import { addDaysToDate } from './calendar.ts';
import type { CompiledRuleSet } from './compile.ts';
import type { Reminder, ReminderToSend } from './kinds/sms-reminder.ts';
import type { FactsOf } from './registry.ts';

/** How far ahead of its base date a reminder is looked for (ten years). */
const horizonDays = 3_660;

/** Every number a rule's conditions compare with (day counts among them), walked once. */
function numbersIn(node: unknown, into: Set<number>): void {
  if (typeof node === 'number') into.add(node);
  else if (Array.isArray(node)) for (const item of node) numbersIn(item, into);
  else if (node !== null && typeof node === 'object')
    for (const value of Object.values(node)) numbersIn(value, into);
}

/**
 * The days, counted from a base date, on which the store's rules for `reminder` can start
 * to fire: a day-count condition (`daysSinceBetween [90, 120]`, `daysSinceAtLeast 365`)
 * changes its answer only on the day it names or the day after, so the first day a
 * reminder fires is one of these (or the base day itself).
 */
export function reminderBoundaryDays(rules: CompiledRuleSet<'smsReminder'>, reminder: Reminder): number[] {
  // A compiled set is immutable, so its days are worked out once per reminder.
  const known = boundaryDaysOf.get(rules)?.get(reminder);
  if (known) return known;
  const numbers = new Set<number>();
  for (const rule of rules.ruleSet.rules) {
    const params = rule.event.params as { reminder?: unknown };
    if (rule.event.type === 'sendReminder' && params.reminder === reminder)
      numbersIn(rule.conditions, numbers);
  }
  const days = new Set<number>([0]);
  for (const n of numbers) {
    if (!Number.isInteger(n)) continue;
    for (const day of [n, n + 1]) if (day >= 0 && day <= horizonDays) days.add(day);
  }
  const sorted = [...days].sort((a, b) => a - b);
  const byReminder = boundaryDaysOf.get(rules) ?? new Map<Reminder, number[]>();
  byReminder.set(reminder, sorted);
  boundaryDaysOf.set(rules, byReminder);
  return sorted;
}
const boundaryDaysOf = new WeakMap<CompiledRuleSet<'smsReminder'>, Map<Reminder, number[]>>();

export interface ReminderDueOptions {
  rules: CompiledRuleSet<'smsReminder'>;
  reminder: Reminder;
  /** The date the reminder counts from: the purchase, the last maintenance, the visit. */
  from: string;
  /** The car's and customer's facts; the rules are asked on each candidate day at noon UTC. */
  facts: FactsOf<'smsReminder'>;
  /**
   * The first day that may be chosen (a reschedule: today); a window already open on it
   * makes the reminder due that day. Absent: the first day the rules fire, past or not.
   */
  onOrAfter?: string;
}

/**
 * The day a date-driven reminder (first maintenance after purchase, periodic maintenance
 * after the last one, thanks after a visit) falls due under the store's smsReminder rules,
 * and what they decide then; null when the rules never send it. Ingestion and the
 * reschedule after a publish both ask here, so the dates come from the rules, never from
 * a copy of the defaults.
 *
 * @example
 * reminderDueOn({ rules, reminder: 'firstMaintenance', from: '2026-01-10', facts });
 * // { on: '2026-04-10', reminder: { … } } under the built-in rules (90 days after purchase)
 */
export function reminderDueOn({
  rules,
  reminder,
  from,
  facts,
  onOrAfter,
}: ReminderDueOptions): { on: string; reminder: ReminderToSend } | null {
  let days = reminderBoundaryDays(rules, reminder);
  if (onOrAfter !== undefined) {
    const today = Math.round((Date.parse(onOrAfter) - Date.parse(from)) / 86_400_000);
    if (today >= 0 && today <= horizonDays && !days.includes(today))
      days = [...days, today].sort((a, b) => a - b);
  }
  for (const day of days) {
    const on = addDaysToDate(from, day);
    if (onOrAfter !== undefined && on < onOrAfter) continue;
    const found = rules.decide(facts, `${on}T12:00:00Z`).reminders.find((r) => r.reminder === reminder);
    if (found) return { on, reminder: found };
  }
  return null;
}
