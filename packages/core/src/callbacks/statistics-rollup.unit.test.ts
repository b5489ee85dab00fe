import { describe, expect, test } from 'vitest';
import { splitPeriod } from './statistics-rollup.ts';

describe('splitPeriod: the whole months a period reads from the roll-up, and the edge days it counts directly', () => {
  test.each([
    ['a month', '2026-02-01', '2026-02-28', ['2026-02-01', '2026-02-01'], []],
    ['a leap February', '2028-02-01', '2028-02-29', ['2028-02-01', '2028-02-01'], []],
    ['twelve months across a year', '2025-12-01', '2026-11-30', ['2025-12-01', '2026-11-01'], []],
    [
      'a start mid-month',
      '2026-01-15',
      '2026-04-30',
      ['2026-02-01', '2026-04-01'],
      [['2026-01-15', '2026-01-31']],
    ],
    [
      'an end mid-month',
      '2026-01-01',
      '2026-04-10',
      ['2026-01-01', '2026-03-01'],
      [['2026-04-01', '2026-04-10']],
    ],
    [
      'both edges',
      '2025-12-20',
      '2026-02-03',
      ['2026-01-01', '2026-01-01'],
      [
        ['2025-12-20', '2025-12-31'],
        ['2026-02-01', '2026-02-03'],
      ],
    ],
    ['inside one month', '2026-03-10', '2026-03-20', null, [['2026-03-10', '2026-03-20']]],
    ['across two months, neither whole', '2026-03-10', '2026-04-20', null, [['2026-03-10', '2026-04-20']]],
    ['one day', '2026-03-31', '2026-03-31', null, [['2026-03-31', '2026-03-31']]],
  ])('%s: %s to %s', (_name, from, to, months, edges) => {
    expect(splitPeriod(from, to)).toEqual({ months, edges });
  });
});
