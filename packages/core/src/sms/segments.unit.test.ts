import { describe, expect, it } from 'vitest';
import { segmentCount, withSignature } from './segments.ts';

describe('segmentCount', () => {
  it.each([
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('counts %i characters as %i part(s)', (length, parts) => {
    expect(segmentCount('保'.repeat(length))).toBe(parts);
  });

  it('counts an emoji as one character', () => {
    expect(segmentCount(`${'好'.repeat(69)}🚗`)).toBe(1);
  });
});

describe('withSignature', () => {
  it('puts the store signature in 【】 before the text, once', () => {
    expect(withSignature('您好', '六安鑫宝')).toBe('【六安鑫宝】您好');
    expect(withSignature('【六安鑫宝】您好', '【六安鑫宝】')).toBe('【六安鑫宝】您好');
    expect(withSignature('您好', ' ')).toBe('您好');
  });
});
