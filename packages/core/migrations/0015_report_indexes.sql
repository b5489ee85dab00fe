-- The monthly report pack reads a store's month of card changes (by the delivery or order
-- that made them), points entries and member cards issued: indexes for those reads.
create index card_transitions_source on card_transitions (tenant_id, source_id);
create index points_entries_store_created on points_entries (tenant_id, store_id, created_at);
create index member_cards_store_issued on member_cards (tenant_id, store_id, issued_on);
