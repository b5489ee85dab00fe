import { describe, expect, it } from 'vitest';
import { isoWeekOf, weekBounds } from './iso-week.ts';

describe('ISO weeks', () => {
  it.each([
    ['2026-12-04', '2026-W49'],
    ['2026-11-30', '2026-W49'],
    ['2026-12-06', '2026-W49'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('puts %s in week %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it.each([
    ['2026-W49', { startsOn: '2026-11-30', endsOn: '2026-12-06' }],
    ['2026-W53', { startsOn: '2026-12-28', endsOn: '2027-01-03' }],
    ['2025-W01', { startsOn: '2024-12-30', endsOn: '2025-01-05' }],
  ])('runs week %s from Monday to Sunday', (week, bounds) => {
    expect(weekBounds(week)).toEqual(bounds);
  });

  it.each(['2025-W53', '2026-W00', '2026-W54', '2026-49', '2026-W4', 'next week'])(
    'knows no week %s',
    (week) => {
      expect(weekBounds(week)).toBeNull();
    },
  );
});
