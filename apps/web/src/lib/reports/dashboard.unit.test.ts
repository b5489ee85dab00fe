import { describe, expect, it } from 'vitest';
import { trendAxis } from './dashboard';

describe('the value axis of a dashboard trend chart', () => {
  it.each([
    ['complaintsOpened' as const, { beginAtZero: true, ticks: { precision: 0 } }],
    ['lostWonBack' as const, { beginAtZero: true, ticks: { precision: 0 } }],
    ['salesFullySatisfiedRate' as const, { beginAtZero: true, max: 100 }],
    ['callbackSuccessRate' as const, { beginAtZero: true, max: 100 }],
  ])('%s is drawn on %o', (figure, axis) => {
    expect(trendAxis(figure)).toEqual(axis);
  });
});
