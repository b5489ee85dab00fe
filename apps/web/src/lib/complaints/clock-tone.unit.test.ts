import { describe, expect, it } from 'vitest';
import { clockTone, timeLeft } from './clock-tone';

const start = '2026-05-01T09:00:00.000Z';
const due = '2026-05-01T09:30:00.000Z'; // a 30-minute dispatch clock
const at = (hhmmss: string) => Date.parse(`2026-05-01T${hhmmss}.000Z`);

describe('the colour of a clock badge', () => {
  it.each([
    ['09:00:00', 'green'],
    ['09:22:29', 'green'],
    ['09:22:30', 'amber'],
    ['09:29:59', 'amber'],
    ['09:30:00', 'red'],
    ['11:00:00', 'red'],
  ])('at %s a 09:00–09:30 clock is %s', (now, tone) => {
    expect(clockTone({ startedAt: start, dueAt: due }, at(now))).toBe(tone);
  });
});

describe('time left on a clock', () => {
  const units = { d: '天', h: '小时', m: '分' };
  it.each([
    ['09:00:00', '30分'],
    ['09:29:30', '0分'],
    ['09:35:00', '-5分'],
    ['06:29:00', '3小时1分'],
  ])('at %s → %s', (now, text) => {
    expect(timeLeft(due, at(now), units)).toBe(text);
  });
  it('shows days and hours for a long clock', () => {
    expect(timeLeft('2026-05-03T12:00:00.000Z', at('09:00:00'), units)).toBe('2天3小时');
  });
});
