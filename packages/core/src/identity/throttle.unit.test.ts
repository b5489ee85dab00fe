import { describe, expect, test } from 'vitest';
import { loginThrottle, throttleDelaySeconds } from './throttle.ts';

describe('how long a sign-in waits after failures', () => {
  test.each([
    ['the first three failures of an account from one address', loginThrottle.pair, [0, 1, 2], [0, 0, 0]],
    [
      'each further one from that address, doubling',
      loginThrottle.pair,
      [3, 4, 5, 8, 12],
      [1, 2, 4, 32, 512],
    ],
    ['many more from that address, a quarter-hour at most', loginThrottle.pair, [13, 40], [900, 900]],
    [
      'an account guessed from many addresses, 30 seconds at most',
      loginThrottle.account,
      [9, 10, 14, 15, 500],
      [0, 1, 16, 30, 30],
    ],
    ['an address spraying accounts', loginThrottle.address, [29, 30, 31], [0, 1, 2]],
  ])('%s', (_what, limits, failures, seconds) => {
    expect(failures.map((n) => throttleDelaySeconds(n, limits))).toEqual(seconds);
  });
});
