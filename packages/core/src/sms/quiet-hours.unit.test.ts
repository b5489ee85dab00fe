import { describe, expect, it } from 'vitest';
import { nextAllowedSendTime } from './quiet-hours.ts';

describe('nextAllowedSendTime', () => {
  const night = { start: '21:00', end: '08:00' };
  it.each([
    // Shanghai is UTC+8 all year.
    ['2024-05-01T12:59:30Z', 'Asia/Shanghai', '2024-05-01T12:59:30.000Z'], // 20:59:30 local: allowed
    ['2024-05-01T13:00:00Z', 'Asia/Shanghai', '2024-05-02T00:00:00.000Z'], // 21:00 → 08:00 next day
    ['2024-05-01T23:59:59Z', 'Asia/Shanghai', '2024-05-02T00:00:00.000Z'], // 07:59:59 → 08:00
    ['2024-05-02T00:00:00Z', 'Asia/Shanghai', '2024-05-02T00:00:00.000Z'], // 08:00 itself: allowed
    // Urumqi is UTC+6: the same instant is 19:00 there, not quiet.
    ['2024-05-01T13:00:00Z', 'Asia/Urumqi', '2024-05-01T13:00:00.000Z'],
    ['2024-05-01T15:30:00Z', 'Asia/Urumqi', '2024-05-02T02:00:00.000Z'], // 21:30 → 08:00 (UTC+6)
  ])('at %s in %s: %s', (at, zone, expected) => {
    expect(nextAllowedSendTime(new Date(at), zone, night).toISOString()).toBe(expected);
  });

  it('honours a store rule with a daytime quiet period', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(nextAllowedSendTime(new Date('2024-05-01T04:10:00Z'), 'Asia/Shanghai', lunch).toISOString()).toBe(
      '2024-05-01T05:30:00.000Z',
    );
  });
});
