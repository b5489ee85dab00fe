-- The points ledger is strictly append-only. A corrected repair order (same DMS id, new
-- amounts) no longer rewrites its entry: ingestion posts the difference as a new entry with
-- the same source and the next revision, so (source, reason, revision) keys every entry and
-- replaying a revision posts nothing more. The balance trigger now follows inserts only, and
-- a guard refuses UPDATE and DELETE on entries for every role (the app role loses the grants too).

alter table points_entries add column revision integer not null default 0 check (revision >= 0);
alter table points_entries drop constraint points_entries_tenant_id_store_id_source_kind_source_id_rea_key;
alter table points_entries add constraint points_entries_source_revision
  unique (tenant_id, store_id, source_kind, source_id, reason, revision);

drop trigger points_entries_balance on points_entries;

create or replace function points_accounts_follow_ledger() returns trigger language plpgsql as $$
begin
  -- Update first: an insert's proposed row would be checked (balance >= 0) before its conflict is seen.
  update points_accounts set balance = balance + new.points, updated_at = now()
  where tenant_id = new.tenant_id and customer_id = new.customer_id;
  if not found then
    insert into points_accounts as a (tenant_id, store_id, customer_id, balance)
    values (new.tenant_id, new.store_id, new.customer_id, new.points)
    on conflict (tenant_id, customer_id) do update set balance = a.balance + excluded.balance, updated_at = now();
  end if;
  return new;
end $$;

create trigger points_entries_balance after insert on points_entries
  for each row execute function points_accounts_follow_ledger();

create function points_entries_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'points_entries is append-only: post a correcting entry instead of %', lower(tg_op)
    using errcode = 'restrict_violation';
end $$;

create trigger points_entries_append_only before update or delete on points_entries
  for each row execute function points_entries_append_only();
create trigger points_entries_no_truncate before truncate on points_entries
  for each statement execute function points_entries_append_only();

revoke update, delete, truncate on points_entries from crm_app_rw;

-- Ingestion asks, per order, which card the car held when the order closed.
create index member_cards_vehicle on member_cards (tenant_id, vehicle_id, issued_on);
