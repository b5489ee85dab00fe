import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDaysToDate, formatCalendarDate, parseInstant } from './calendar.ts';

describe('calendar', () => {
  it.each([
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2023-02-29', Number.NaN],
    ['2024-04-31', Number.NaN],
    ['2024-13-01', Number.NaN],
    ['0099-01-01', Date.parse('0099-01-01T00:00:00Z')],
    ['0000-02-29', Date.parse('0000-02-29T00:00:00Z')],
    ['2024-05-01T10:00:00+08:00', Date.UTC(2024, 4, 1, 2)],
    ['2024-05-01T10:00:00', Number.NaN],
    ['2024-5-1', Number.NaN],
  ])('reads %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it('adds days across month and year ends and leap days', () => {
    expect(addDaysToDate('2024-02-27', 3)).toBe('2024-03-01');
    expect(addDaysToDate('2023-12-30', 3)).toBe('2024-01-02');
    expect(addDaysToDate('2024-05-01', -1)).toBe('2024-04-30');
  });

  it('formats every day from 1900 to 2200 as Date does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2200, 0, 1) / 86_400_000 }),
        (days) => {
          const ms = days * 86_400_000;
          expect(formatCalendarDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
          expect(parseInstant(formatCalendarDate(ms))).toBe(ms);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
