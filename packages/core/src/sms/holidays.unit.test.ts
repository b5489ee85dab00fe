import { describe, expect, it } from 'vitest';
import { holidayOn } from './holidays.ts';

describe('holidayOn', () => {
  it.each([
    ['2026-02-17', 'springFestival', '春节'],
    ['2027-02-06', 'springFestival', '春节'],
    ['2026-03-03', 'lanternFestival', '元宵节'],
    ['2026-06-19', 'dragonBoat', '端午节'],
    ['2026-09-25', 'midAutumn', '中秋节'],
    ['2027-09-15', 'midAutumn', '中秋节'],
    ['2026-10-01', 'nationalDay', '国庆节'],
    ['2026-01-01', 'newYear', '元旦'],
    ['2026-05-01', 'labourDay', '劳动节'],
  ])('names %s as %s (%s)', (date, key, name) => {
    expect(holidayOn(date)).toEqual({ key, name });
  });

  it.each([
    ['2026-02-18', 'the second day of the Spring Festival break'],
    ['2026-10-02', 'the second day of the National Day break'],
    ['2026-06-16', 'an ordinary Tuesday'],
  ])('names no greeting day on %s (%s)', (date) => {
    expect(holidayOn(date)).toBeNull();
  });
});
