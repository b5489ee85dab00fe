import { describe, expect, it } from 'vitest';
import { entryKind } from './ledger';

describe('entryKind', () => {
  it.each([
    ['selfPaidSpend', 300, 'earned'],
    ['memberActivity', 500, 'earned'],
    ['suggestionAccepted', 200, 'earned'],
    ['redeemed', -800, 'redeemed'],
    ['expired', -120, 'expired'],
    ['managerAdjustment', 50, 'adjusted'],
    ['managerAdjustment', -50, 'adjusted'],
  ] as const)('files a %s entry of %i points as %s', (reason, points, kind) => {
    expect(entryKind({ reason, points })).toBe(kind);
  });
});
