import { describe, expect, it } from 'vitest';
import { callInputProblems, unsuccessfulBucket } from './outcomes.ts';
import { periodOf } from './statistics.ts';

describe('the column of 回访未成功数 an attempt counts in', () => {
  it.each([
    ['unsuccessful', 'refused', 'refusedOrNoAnswer'],
    ['unsuccessful', 'noAnswer', 'refusedOrNoAnswer'],
    ['unsuccessful', 'poweredOff', 'cannotConnect'],
    ['unsuccessful', 'suspended', 'cannotConnect'],
    ['unsuccessful', 'lineBusy', 'cannotConnect'],
    ['unsuccessful', 'callBarred', 'cannotConnect'],
    ['unsuccessful', 'cannotConnect', 'cannotConnect'],
    ['wrongNumber', 'emptyNumber', 'other'],
    ['customerBusy', null, 'other'],
    ['notOwner', null, 'other'],
    ['satisfied', null, null],
    ['dissatisfied', null, null],
    ['complaint', null, null],
  ] as const)('%s (%s) → %s', (outcome, reason, bucket) => {
    expect(unsuccessfulBucket(outcome, reason)).toBe(bucket);
  });
});

describe('what each outcome needs', () => {
  it.each([
    [{ outcome: 'satisfied', answers: { overall: 9 } }, []],
    [{ outcome: 'satisfied' }, ['answers']],
    [{ outcome: 'unsuccessful', reason: 'noAnswer' }, []],
    [{ outcome: 'unsuccessful', reason: 'emptyNumber' }, ['reason']],
    [{ outcome: 'wrongNumber', reason: 'wrongNumber' }, []],
    [{ outcome: 'customerBusy' }, ['rescheduleTo']],
    [{ outcome: 'notOwner', rescheduleTo: '2026-01-01T10:00:00+08:00' }, []],
    [{ outcome: 'complaint' }, ['note']],
    [{ outcome: 'unsuccessful', reason: 'refused', answers: { overall: 1 } }, ['answers']],
    [{ outcome: 'satisfied', answers: { overall: 9 }, complaintCategory: 'price' }, ['complaintCategory']],
  ] as const)('%j → problems at %j', (input, paths) => {
    expect(callInputProblems(input as never).map((p) => p.path)).toEqual(paths);
  });
});

describe('the period of a statistics query', () => {
  it.each([
    [{ month: '2024-02' }, { from: '2024-02-01', to: '2024-02-29' }],
    [{ month: '2023-12' }, { from: '2023-12-01', to: '2023-12-31' }],
    [
      { from: '2024-01-05', to: '2024-03-01' },
      { from: '2024-01-05', to: '2024-03-01' },
    ],
  ])('%j → %j', (query, period) => {
    expect(periodOf(query)).toEqual(period);
  });
  it.each([
    [{}],
    [{ month: '2024-01', from: '2024-01-01', to: '2024-01-31' }],
    [{ from: '2024-02-01', to: '2024-01-01' }],
  ])('refuses %j', (query) => {
    expect(() => periodOf(query)).toThrow();
  });
});
