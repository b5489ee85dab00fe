-- Ingestion's write path (issue #5, speed), with the same guarantees:
--
-- 1. The plain `tenant_id → tenants` foreign keys of the tables a DMS batch writes are dropped:
--    each of these tables also has a NOT NULL tenant-led composite key to a parent —
--    (tenant_id, store_id) → stores, or (tenant_id, vehicle_id | customer_id) → vehicles or
--    customers, whose own (tenant_id, store_id) → stores — and stores keep theirs to tenants.
--    So a row's tenant exists and cannot be deleted under it, by that chain; the dropped key
--    only cost one more per-row check (and a tenant row lock) on every insert.
-- 2. The car's file is refreshed on every repair order (visits, spend, last visit). The lost-
--    customer index held `last_visit_on`, so every refresh was a non-HOT update writing an
--    entry into each of the six indexes of vehicles. It now holds no column the refresh
--    writes (the list sorts a store's lost cars itself), and vehicles' pages are filled half
--    way: room for a new version of every car on the page, so even a batch that refreshes all
--    of a page's cars at once (a first import, cars delivered together) updates them in place
--    (HOT), and the next visit to the page prunes the old versions. The points accounts, updated
--    on every points entry, keep room the same way.
-- 3. The points balance follows the ledger per statement instead of per row: one update of
--    each account an insert touches (locked in customer order), then the accounts not yet
--    there. The balance still may not go below zero.

alter table staff_members drop constraint staff_members_tenant_id_fkey;
alter table customers drop constraint customers_tenant_id_fkey;
alter table vehicles drop constraint vehicles_tenant_id_fkey;
alter table vehicle_ownerships drop constraint vehicle_ownerships_tenant_id_fkey;
alter table deliveries drop constraint deliveries_tenant_id_fkey;
alter table repair_orders drop constraint repair_orders_tenant_id_fkey;
alter table card_transitions drop constraint card_transitions_tenant_id_fkey;
alter table callback_tasks drop constraint callback_tasks_tenant_id_fkey;
alter table points_entries drop constraint points_entries_tenant_id_fkey;
alter table points_accounts drop constraint points_accounts_tenant_id_fkey;
alter table reminder_schedule drop constraint reminder_schedule_tenant_id_fkey;

drop index vehicles_lost;
create index vehicles_lost on vehicles (tenant_id, store_id) where lost;
alter table vehicles set (fillfactor = 50);
alter table points_accounts set (fillfactor = 70);

drop trigger points_entries_balance on points_entries;

create or replace function points_accounts_follow_ledger() returns trigger language plpgsql as $$
begin
  -- Accounts locked in customer order, as concurrent writers of the ledger take them.
  perform 1 from points_accounts a
  where (a.tenant_id, a.customer_id) in (select n.tenant_id, n.customer_id from new_rows n)
  order by a.tenant_id, a.customer_id
  for update;
  update points_accounts a set balance = a.balance + m.points, updated_at = now()
  from (select tenant_id, customer_id, sum(points) as points from new_rows group by tenant_id, customer_id) m
  where a.tenant_id = m.tenant_id and a.customer_id = m.customer_id;
  -- A new account takes the store of the customer's first entry in this statement.
  insert into points_accounts as a (tenant_id, store_id, customer_id, balance)
  select m.tenant_id, m.store_id, m.customer_id, m.points
  from (
    select tenant_id, customer_id, (array_agg(store_id))[1] as store_id, sum(points) as points
    from new_rows group by tenant_id, customer_id
  ) m
  where not exists (select 1 from points_accounts x where x.tenant_id = m.tenant_id and x.customer_id = m.customer_id)
  order by m.tenant_id, m.customer_id
  on conflict (tenant_id, customer_id) do update set balance = a.balance + excluded.balance, updated_at = now();
  return null;
end $$;

create trigger points_entries_balance after insert on points_entries
  referencing new table as new_rows for each statement execute function points_accounts_follow_ledger();

-- 4. A repair order's references — its store, car, customer, service advisor and repair team —
--    are checked per statement instead of per row (five foreign-key checks on each of a batch's
--    1,000 rows were the largest part of its insert). The guarantee is the foreign keys':
--    - the statement that writes orders locks each parent row they name for key share, in key
--      order, as a foreign-key check does (so no one deletes it or changes its key until this
--      transaction ends) and refuses the statement, with the dropped constraint's name and
--      SQLSTATE 23503, if any is missing;
--    - deleting a parent, or changing its key, is refused while an order names it (an after-row
--      trigger on each parent, as NO ACTION does);
--    - and the application never deletes stores, cars, customers or staff: the app role loses the
--      DELETE grant on cars, customers and staff, so the only deleters are owners, in migrations.
alter table repair_orders
  drop constraint repair_orders_tenant_id_store_id_fkey,
  drop constraint repair_orders_tenant_id_vehicle_id_fkey,
  drop constraint repair_orders_tenant_id_customer_id_fkey,
  drop constraint repair_orders_tenant_id_service_advisor_id_fkey,
  drop constraint repair_orders_tenant_id_repair_team_id_fkey;

create function repair_orders_check_references() returns trigger
language plpgsql security definer set search_path = public as $$
declare
  missing text;
begin
  -- Each parent is probed by its key, one row at a time (lateral), whatever the statistics say.
  select 'repair_orders_tenant_id_store_id_fkey' into missing
  from (select distinct tenant_id, store_id as id from new_rows order by 1, 2) r
  left join lateral (select p.id from stores p where p.tenant_id = r.tenant_id and p.id = r.id for key share of p) l on true
  group by () having bool_or(l.id is null);
  if missing is null then
    select 'repair_orders_tenant_id_vehicle_id_fkey' into missing
    from (select distinct tenant_id, vehicle_id as id from new_rows order by 1, 2) r
    left join lateral (select p.id from vehicles p where p.tenant_id = r.tenant_id and p.id = r.id for key share of p) l on true
    group by () having bool_or(l.id is null);
  end if;
  if missing is null then
    select 'repair_orders_tenant_id_customer_id_fkey' into missing
    from (select distinct tenant_id, customer_id as id from new_rows where customer_id is not null order by 1, 2) r
    left join lateral (select p.id from customers p where p.tenant_id = r.tenant_id and p.id = r.id for key share of p) l on true
    group by () having bool_or(l.id is null);
  end if;
  if missing is null then
    select case when bool_or(l.id is null and r.advisor) then 'repair_orders_tenant_id_service_advisor_id_fkey'
        else 'repair_orders_tenant_id_repair_team_id_fkey' end into missing
    from (
      select tenant_id, id, bool_or(advisor) as advisor from (
        select tenant_id, service_advisor_id as id, true as advisor from new_rows where service_advisor_id is not null
        union all
        select tenant_id, repair_team_id, false from new_rows where repair_team_id is not null) s
      group by tenant_id, id order by 1, 2) r
    left join lateral (select p.id from staff_members p where p.tenant_id = r.tenant_id and p.id = r.id for key share of p) l on true
    group by () having bool_or(l.id is null);
  end if;
  if missing is not null then
    raise exception 'insert or update on table "repair_orders" violates foreign key constraint "%"', missing
      using errcode = 'foreign_key_violation', constraint = missing, table = 'repair_orders';
  end if;
  return null;
end $$;

create trigger repair_orders_references_insert after insert on repair_orders
  referencing new table as new_rows for each statement execute function repair_orders_check_references();
create trigger repair_orders_references_update after update on repair_orders
  referencing new table as new_rows for each statement execute function repair_orders_check_references();

-- The parent side: a store, car, customer or staff member that an order names stays.
create function repair_orders_referenced() returns trigger
language plpgsql security definer set search_path = public as $$
declare
  named text;
begin
  if tg_op = 'UPDATE' then
    if (new.tenant_id, new.id) = (old.tenant_id, old.id) then
      return null;
    end if;
  end if;
  named := case
    when tg_table_name = 'stores' and exists (
      select 1 from repair_orders o where o.tenant_id = old.tenant_id and o.store_id = old.id) then 'store_id'
    when tg_table_name = 'vehicles' and exists (
      select 1 from repair_orders o where o.tenant_id = old.tenant_id and o.vehicle_id = old.id) then 'vehicle_id'
    when tg_table_name = 'customers' and exists (
      select 1 from repair_orders o where o.tenant_id = old.tenant_id and o.customer_id = old.id) then 'customer_id'
    when tg_table_name = 'staff_members' and exists (
      select 1 from repair_orders o where o.tenant_id = old.tenant_id and o.service_advisor_id = old.id)
      then 'service_advisor_id'
    when tg_table_name = 'staff_members' and exists (
      select 1 from repair_orders o where o.tenant_id = old.tenant_id and o.repair_team_id = old.id)
      then 'repair_team_id'
  end;
  if named is not null then
    raise exception 'update or delete on table "%" violates foreign key constraint "repair_orders_tenant_id_%_fkey" on table "repair_orders"',
        tg_table_name, named
      using errcode = 'foreign_key_violation', constraint = 'repair_orders_tenant_id_' || named || '_fkey',
        table = 'repair_orders';
  end if;
  return null;
end $$;

create trigger repair_orders_referenced after delete or update of tenant_id, id on stores
  for each row execute function repair_orders_referenced();
create trigger repair_orders_referenced after delete or update of tenant_id, id on vehicles
  for each row execute function repair_orders_referenced();
create trigger repair_orders_referenced after delete or update of tenant_id, id on customers
  for each row execute function repair_orders_referenced();
create trigger repair_orders_referenced after delete or update of tenant_id, id on staff_members
  for each row execute function repair_orders_referenced();

revoke delete, truncate on vehicles, customers, staff_members from crm_app_rw;
revoke execute on function repair_orders_check_references() from public;
revoke execute on function repair_orders_referenced() from public;
