import { describe, expect, it } from 'vitest';
import { type ClockWords, clockReading, clockTone, timeLeft } from './clock-tone';

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

describe('what a clock badge reads', () => {
  const zh: ClockWords = {
    left: (span) => `剩余 ${span}`,
    overdue: (span) => `已超时 ${span}`,
    d: (n) => `${n} 天`,
    h: (n) => `${n} 小时`,
    m: (n) => `${n} 分钟`,
  };
  const en: ClockWords = {
    left: (span) => `${span} left`,
    overdue: (span) => `${span} overdue`,
    d: (n) => `${n} d`,
    h: (n) => `${n} h`,
    m: (n) => `${n} min`,
  };
  it.each([
    ['09:00:00', '剩余 30 分钟', '30 min left'],
    ['09:29:30', '剩余 1 分钟', '1 min left'],
    ['09:30:00', '已超时 1 分钟', '1 min overdue'],
    ['09:30:20', '已超时 1 分钟', '1 min overdue'],
    ['09:32:00', '已超时 2 分钟', '2 min overdue'],
    ['09:32:59', '已超时 2 分钟', '2 min overdue'],
    ['10:35:00', '已超时 1 小时 5 分钟', '1 h 5 min overdue'],
    ['10:30:00', '已超时 1 小时', '1 h overdue'],
    ['06:29:00', '剩余 3 小时 1 分钟', '3 h 1 min left'],
  ])('at %s a clock due 09:30 reads "%s" / "%s"', (now, zhText, enText) => {
    expect(clockReading(due, at(now), zh)).toBe(zhText);
    expect(clockReading(due, at(now), en)).toBe(enText);
  });
  it('reads days and hours on a long clock, and never a minus sign', () => {
    expect(clockReading('2026-05-03T12:00:00.000Z', at('09:00:00'), zh)).toBe('剩余 2 天 3 小时');
    expect(clockReading('2026-04-29T06:00:00.000Z', at('09:00:00'), zh)).toBe('已超时 2 天 3 小时');
  });
});
