import { describe, expect, it } from 'vitest';
import { maxInputDepth, nulMessage, unsafeJsonAt } from './json-input.ts';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('unsafeJsonAt', () => {
  it.each([
    ['a plain object', { name: '张三', tags: ['a', 'b'], n: 1, ok: true, none: null }],
    ['nesting at the bound', nested(maxInputDepth)],
    ['a NUL when the caller checks NUL itself', { name: 'a\u0000b' }],
  ])('accepts %s', (label, value) =>
    expect(unsafeJsonAt(value, { nul: !label.includes('itself') })).toBeNull(),
  );

  it('names the string holding a NUL character by its dotted path', () => {
    expect(unsafeJsonAt({ events: [{ ok: 'x' }, { customer: { name: '张\u0000三' } }] })).toEqual({
      path: 'events.1.customer.name',
      message: nulMessage,
    });
  });

  it('names a key holding a NUL character', () => {
    expect(unsafeJsonAt({ facts: { 'a\u0000': 1 } })).toEqual({ path: 'facts.a\u0000', message: nulMessage });
  });

  it('refuses nesting one level past the bound, and 5,000 levels without overflowing the stack', () => {
    expect(unsafeJsonAt(nested(maxInputDepth + 1))?.message).toBe('nested more than 64 levels deep');
    expect(unsafeJsonAt(nested(5000))?.path).toBe(Array.from({ length: 64 }, () => 'a').join('.'));
  });
});
