import { describe, expect, test } from 'vitest';
import { Instant, IsoDate, Month } from './calendar.ts';

const verdict = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? 'ok' : result.error?.issues.map((i) => i.message).join('; ');
const range = 'the year must be between 1900 and 2100';

describe('the shared calendar schemas take years 1900 to 2100', () => {
  test.each([
    ['1900-01-01', 'ok'],
    ['2100-12-31', 'ok'],
    ['1899-12-31', range],
    ['2101-01-01', range],
    ['0000-01-01', range],
    ['9999-12-31', range],
  ])('IsoDate %s → %s', (value, expected) => expect(verdict(IsoDate.safeParse(value))).toBe(expected));

  test.each([
    ['2026-11-01T09:30:00+08:00', 'ok'],
    ['2100-12-31T23:59:59Z', 'ok'],
    ['0000-01-01T00:00:00Z', range],
    ['9999-12-31T23:59:59Z', range],
  ])('Instant %s → %s', (value, expected) => expect(verdict(Instant.safeParse(value))).toBe(expected));

  test.each([
    ['2026-11', 'ok'],
    ['1900-01', 'ok'],
    ['0000-01', range],
    ['9999-12', range],
    ['2026-13', 'a month as YYYY-MM'],
  ])('Month %s → %s', (value, expected) => expect(verdict(Month.safeParse(value))).toBe(expected));
});
