import { z } from 'zod';
import { daysToNextAnniversary, parseInstant, wholeDaysBetween } from '../calendar.ts';
import { defineDomainOperator } from './operator.ts';

/** Day counts an admin may write: a century either way is plenty. */
const dayCount = z.number().int().min(-36_500).max(36_500);
const dayRange = z
  .tuple([dayCount, dayCount])
  .refine(([from, to]) => from <= to, { message: 'The first day must not be after the second.' });

// Each operator reads the fact as a date and counts whole days to or from `now`;
// a fact that is missing or not an ISO date fails the condition.

export const daysSinceAtLeast = defineDomainOperator({
  name: 'daysSinceAtLeast',
  description: 'At least this many whole days have passed since the date (e.g. no visit for 365 days).',
  valueSchema: dayCount,
  prepare: (days) => (fact, clock) => wholeDaysBetween(parseInstant(fact), clock.nowMs) >= days,
});

export const daysSinceAtMost = defineDomainOperator({
  name: 'daysSinceAtMost',
  description: 'At most this many whole days have passed since the date (a future date counts as negative).',
  valueSchema: dayCount,
  prepare: (days) => (fact, clock) => wholeDaysBetween(parseInstant(fact), clock.nowMs) <= days,
});

export const daysSinceBetween = defineDomainOperator({
  name: 'daysSinceBetween',
  description: 'The whole days since the date lie within [from, to], both included (e.g. [150, 180]).',
  valueSchema: dayRange,
  prepare:
    ([from, to]) =>
    (fact, clock) => {
      const days = wholeDaysBetween(parseInstant(fact), clock.nowMs);
      return days >= from && days <= to;
    },
});

export const daysUntilBetween = defineDomainOperator({
  name: 'daysUntilBetween',
  description:
    'The whole days until the date lie within [from, to], both included (e.g. due within [0, 30]).',
  valueSchema: dayRange,
  prepare:
    ([from, to]) =>
    (fact, clock) => {
      const days = -wholeDaysBetween(parseInstant(fact), clock.nowMs);
      return days >= from && days <= to;
    },
});

export const anniversaryWithinDays = defineDomainOperator({
  name: 'anniversaryWithinDays',
  description:
    "The date's next anniversary (same month and day) is today or within this many days (birthdays).",
  valueSchema: z.number().int().min(0).max(366),
  prepare: (days) => (fact, clock) => {
    const dateMs = parseInstant(fact);
    return !Number.isNaN(dateMs) && daysToNextAnniversary(dateMs, clock.todayMs) <= days;
  },
});
