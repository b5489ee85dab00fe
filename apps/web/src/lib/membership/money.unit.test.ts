import { describe, expect, it } from 'vitest';
import { fenFromYuan, formatYuan } from './money';

describe('fenFromYuan', () => {
  it.each([
    ['120', 12_000],
    ['120.5', 12_050],
    ['0.07', 7],
    ['1,200.00', 120_000],
    ['￥35', 3_500],
    [' 88 ', 8_800],
    ['-3', -300],
  ])('reads %j as %i fen', (text, fen) => {
    expect(fenFromYuan(text)).toBe(fen);
  });

  it.each([[''], ['abc'], ['1.234'], ['1e3']])('reads %j as not an amount', (text) => {
    expect(fenFromYuan(text)).toBeNaN();
  });
});

describe('formatYuan', () => {
  it('shows fen as yuan with two decimals and grouping', () => {
    expect(formatYuan(1_234_567, 'zh-CN')).toBe('¥12,345.67');
    expect(formatYuan(3000, 'en')).toBe('¥30.00');
  });
});
