import { describe, expect, it } from 'vitest';
import { monthOf, previousMonthOf, requestedRange, todayIn } from './report-range';

describe('report ranges', () => {
  it.each([
    ['2026-02-14', { from: '2026-02-01', to: '2026-02-28' }],
    ['2024-02-29', { from: '2024-02-01', to: '2024-02-29' }],
    ['2026-12-31', { from: '2026-12-01', to: '2026-12-31' }],
  ])('takes the whole month of %s', (today, range) => {
    expect(monthOf(today)).toEqual(range);
  });

  it('goes back across a year end for the previous month', () => {
    expect(previousMonthOf('2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('uses the asked range, or this month when either end is missing or malformed', () => {
    expect(requestedRange(new URLSearchParams('from=2026-03-05&to=2026-03-09'), '2026-11-23')).toEqual({
      from: '2026-03-05',
      to: '2026-03-09',
    });
    expect(requestedRange(new URLSearchParams('from=2026-03-05&to=soon'), '2026-11-23')).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
  });

  it("reads today on the store's calendar, not the server's", () => {
    expect(todayIn('Asia/Shanghai', new Date('2026-04-30T17:00:00Z'))).toBe('2026-05-01');
  });
});
