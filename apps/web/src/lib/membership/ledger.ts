import type { LedgerEntry } from '$lib/api/contract';

export type EntryKind = 'earned' | 'redeemed' | 'expired' | 'adjusted';

/**
 * How the card page groups a ledger entry. Redemptions, expiry and a manager's adjustment
 * are named by the core; anything else positive was earned under a points rule (whose
 * `reason` the store's rules name: self-paid spend, an activity, a suggestion, …).
 */
export function entryKind(entry: Pick<LedgerEntry, 'reason' | 'points'>): EntryKind {
  if (entry.reason === 'redeemed') return 'redeemed';
  if (entry.reason === 'expired') return 'expired';
  if (entry.reason === 'managerAdjustment' || entry.points < 0) return 'adjusted';
  return 'earned';
}
