-- The points balance moves in the statement that posts the entries (membership/ledger.ts,
-- postEntries: the one writer of the ledger), not in a trigger (issue #22, ledger speed).
--
-- The statement-level trigger of 0016 cost a transition table and three more queries on
-- every insert; with the account locked before the insert by a query of its own, a single
-- posting held the hot account's row through two extra round trips and trailed a naive
-- ledger (advisory lock, re-sum). The posting statement now locks the accounts it moves in
-- customer order, checks a debit against the locked balance, appends the entries (a replayed
-- one is skipped and moves nothing), and adds each customer's sum to their account, opening
-- those not yet there. So the balance is still the sum of the entries (by construction: no
-- other statement writes either table's balance), never below zero (its check stays as the
-- last guard), and entries stay append-only (0014's guard on update, delete and truncate).

drop trigger points_entries_balance on points_entries;
drop function points_accounts_follow_ledger();
