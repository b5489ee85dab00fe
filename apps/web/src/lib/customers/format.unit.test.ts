import { describe, expect, test } from 'vitest';
import { formatDay, formatFen, formatKm, telHref } from './format';

describe('formatFen', () => {
  test.each([
    [50_050, 'zh-CN', '¥500.50'],
    [0, 'zh-CN', '¥0.00'],
    [123_456_789, 'en', 'CN¥1,234,567.89'],
  ] as const)('%i fen in %s is %s', (fen, locale, expected) => {
    expect(formatFen(fen, locale)).toBe(expected);
  });
});

describe('formatKm', () => {
  test('thousands separators, nothing for an unknown mileage', () => {
    expect(formatKm(12_345, 'zh-CN')).toBe('12,345 km');
    expect(formatKm(null, 'zh-CN')).toBe('');
  });
});

describe('telHref', () => {
  test.each([
    ['13812345678', 'tel:13812345678'],
    ['0316-2298888', 'tel:03162298888'],
    ['+86 138 1234 5678', 'tel:+8613812345678'],
  ])('%s dials %s', (phone, href) => {
    expect(telHref(phone)).toBe(href);
  });
});

describe('formatDay', () => {
  test('an instant late on the UTC day is already the next day in Shanghai', () => {
    expect(formatDay('2024-05-01T17:30:00Z', 'Asia/Shanghai')).toBe('2024-05-02');
  });
});
