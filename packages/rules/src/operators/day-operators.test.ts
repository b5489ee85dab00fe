import { describe, expect, it } from 'vitest';
import { clockAt } from '../calendar.ts';
import {
  anniversaryWithinDays,
  daysSinceAtLeast,
  daysSinceAtMost,
  daysSinceBetween,
  daysUntilBetween,
} from './day-operators.ts';
import { mileageAtLeast, mileageBelow, mileageBetween } from './mileage-operators.ts';
import { inSet, startsWith } from './set-operators.ts';

const on = (now: string) => clockAt(now);

describe('day operators', () => {
  it.each([
    ['2024-05-01', '2024-05-08', 7, true],
    ['2024-05-01', '2024-05-07', 7, false],
    ['2024-05-01T23:00:00+08:00', '2024-05-08T15:00:00Z', 7, true],
    ['2024-05-01T23:00:00+08:00', '2024-05-08T14:59:59Z', 7, false],
  ])('counts whole days from %s to %s: at least %i is %s', (date, now, days, expected) => {
    expect(daysSinceAtLeast.prepare(days)(date, on(now))).toBe(expected);
  });

  it('counts a future date as negative days since', () => {
    expect(daysSinceAtMost.prepare(-3)('2024-05-04', on('2024-05-01'))).toBe(true);
    expect(daysSinceAtMost.prepare(-4)('2024-05-04', on('2024-05-01'))).toBe(false);
  });

  it('includes both ends of a day range', () => {
    const window = daysSinceBetween.prepare([3, 7]);
    expect(
      ['2024-05-03', '2024-05-04', '2024-05-08', '2024-05-09'].map((now) => window('2024-05-01', on(now))),
    ).toEqual([false, true, true, false]);
    expect(daysUntilBetween.prepare([0, 30])('2024-05-31', on('2024-05-01'))).toBe(true);
  });

  it.each([undefined, null, 5, 'tomorrow', '2024-05-01T10:00:00', '2024-5-1'])(
    'fails on %j, which is not an ISO date',
    (fact) => {
      expect(daysSinceAtLeast.prepare(-36_500)(fact, on('2024-05-01'))).toBe(false);
      expect(anniversaryWithinDays.prepare(366)(fact, on('2024-05-01'))).toBe(false);
    },
  );

  it('finds the next anniversary, across the year end and on 29 February', () => {
    expect(anniversaryWithinDays.prepare(2)('1990-01-01', on('2023-12-30'))).toBe(true);
    expect(anniversaryWithinDays.prepare(1)('1990-01-01', on('2023-12-30'))).toBe(false);
    expect(anniversaryWithinDays.prepare(0)('1988-02-29', on('2024-02-29'))).toBe(true);
    expect(anniversaryWithinDays.prepare(0)('1988-02-29', on('2024-02-28'))).toBe(false);
  });

  it('rejects a reversed range and a fractional day count as values', () => {
    expect(daysSinceBetween.valueSchema.safeParse([7, 3]).success).toBe(false);
    expect(daysSinceAtLeast.valueSchema.safeParse(1.5).success).toBe(false);
  });
});

describe('mileage and set operators', () => {
  it('compares mileage as a number, never as text', () => {
    expect(mileageAtLeast.prepare(60_000)(60_000, on('2024-05-01'))).toBe(true);
    expect(mileageAtLeast.prepare(60_000)('60000', on('2024-05-01'))).toBe(false);
    expect(mileageBelow.prepare(60_000)(59_999, on('2024-05-01'))).toBe(true);
    expect(mileageBetween.prepare([55_000, 59_999])(60_000, on('2024-05-01'))).toBe(false);
  });

  it('matches a value or any item of a list against a set', () => {
    const accident = inSet.prepare(['insuranceRepair', 'bodyPaint']);
    expect(accident('bodyPaint', on('2024-05-01'))).toBe(true);
    expect(accident(['maintenance', 'insuranceRepair'], on('2024-05-01'))).toBe(true);
    expect(accident(['maintenance'], on('2024-05-01'))).toBe(false);
    expect(accident(undefined, on('2024-05-01'))).toBe(false);
  });

  it('matches text prefixes such as a plate or VIN prefix', () => {
    expect(startsWith.prepare(['皖N', '皖A'])('皖N12345', on('2024-05-01'))).toBe(true);
    expect(startsWith.prepare('LFV')('LVS123', on('2024-05-01'))).toBe(false);
    expect(startsWith.prepare('1')(1, on('2024-05-01'))).toBe(false);
  });
});
