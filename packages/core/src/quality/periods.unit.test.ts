import { describe, expect, it } from 'vitest';
import { addMonths, cumulativePeriod, lastClosedMonth, monthPeriod } from './periods.ts';

describe('a store month', () => {
  it.each([
    ['2024-02', 'monthEnd', '2024-02-01', '2024-02-29'],
    ['2023-02', 'monthEnd', '2023-02-01', '2023-02-28'],
    ['2024-03', 25, '2024-02-26', '2024-03-25'],
    ['2024-01', 25, '2023-12-26', '2024-01-25'],
    ['2023-03', 28, '2023-03-01', '2023-03-28'],
  ] as const)('%s closing on %s runs from %s to %s', (month, closeDay, from, to) => {
    expect(monthPeriod(month, closeDay)).toEqual({ month, from, to });
  });

  it.each([
    ['2024-08-01', 'monthEnd', '2024-07'],
    ['2024-07-31', 'monthEnd', '2024-06'],
    ['2024-07-25', 25, '2024-06'],
    ['2024-07-26', 25, '2024-07'],
    ['2024-01-10', 25, '2023-12'],
  ] as const)('on %s (closing on %s) the last closed month is %s', (today, closeDay, month) => {
    expect(lastClosedMonth(today, closeDay)).toBe(month);
  });

  it('counts months across years', () => {
    expect([addMonths('2024-11', 3), addMonths('2024-01', -1), addMonths('2024-12', 0)]).toEqual([
      '2025-02',
      '2023-12',
      '2024-12',
    ]);
  });

  it('evaluates an item on the latest three closed months', () => {
    expect(cumulativePeriod('2024-03', 'monthEnd')).toEqual({
      month: '2024-03',
      from: '2024-01-01',
      to: '2024-03-31',
    });
    expect(cumulativePeriod('2024-03', 25)).toEqual({
      month: '2024-03',
      from: '2023-12-26',
      to: '2024-03-25',
    });
  });
});
