import { describe, expect, test } from 'vitest';
import { safeRedirectTarget } from './redirect-target';

describe('safeRedirectTarget', () => {
  test.each([
    ['/hq/stores', '/hq/stores'],
    ['/hq/users?storeId=abc', '/hq/users?storeId=abc'],
    ['/', '/'],
  ])('keeps a path on this site: %s', (input, expected) => {
    expect(safeRedirectTarget(input)).toBe(expected);
  });

  test.each([
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['javascript:alert(1)'],
    ['hq/stores'],
    ['/a\nb'],
    [''],
    [null],
    [undefined],
  ])('sends anything else to the dashboard: %s', (input) => {
    expect(safeRedirectTarget(input)).toBe('/');
  });
});
