-- The nightly reminder scan reads a store's cars in keyset pages by id. With only the
-- tenant's key (tenant_id, id) to walk, a page of 2,000 cars read every store's cars in
-- that id range and dropped the others: with 50 stores, 98,000 rows for 2,000.
create index vehicles_store_id on vehicles (tenant_id, store_id, id);

-- A batch send tests each message's number against the store's opted-out customers. The
-- number-tail index cannot serve that test (right() is not leakproof, so under row-level
-- security it is not an index condition), and the store's every customer was read per
-- message. Opted-out customers are few: a partial index of their numbers.
create index customers_sms_opted_out on customers (tenant_id, store_id, mobile) where sms_opted_out;
