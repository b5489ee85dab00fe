-- Callback assignment without counting every open task (#22): the open tasks each person has
-- per store, kept exact by triggers on callback_tasks. A task counts while it is open
-- (scheduled, due, inProgress, rescheduled) and assigned; every write that opens, closes,
-- assigns, reassigns or deletes a task — whoever makes it: ingestion, a window job, a call,
-- an SMS reply, an assignment — moves the counts in the same transaction, so a rollback
-- undoes both. Each statement adds its net change per (store, person) under the row's lock,
-- in key order, so two writers never lose a change nor deadlock on the counts.

create table callback_open_counts (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  user_id uuid not null,
  open integer not null,
  primary key (tenant_id, store_id, user_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

alter table callback_open_counts enable row level security;
create policy callback_open_counts_tenant on callback_open_counts
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

-- Adds the net changes; a caller passes the open, assigned rows before (-1) and after (+1).
create function callback_open_counts_add(p_tenants uuid[], p_stores uuid[], p_users uuid[], p_deltas integer[])
returns void language sql security definer set search_path = public as $$
  insert into callback_open_counts as c (tenant_id, store_id, user_id, open)
  select x.tenant_id, x.store_id, x.user_id, sum(x.delta)::integer
  from unnest(p_tenants, p_stores, p_users, p_deltas) x(tenant_id, store_id, user_id, delta)
  group by x.tenant_id, x.store_id, x.user_id
  having sum(x.delta) <> 0
  order by x.tenant_id, x.store_id, x.user_id
  on conflict (tenant_id, store_id, user_id) do update set open = c.open + excluded.open
$$;

create function callback_open_counts_move() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    perform callback_open_counts_add(array_agg(n.tenant_id), array_agg(n.store_id), array_agg(n.assigned_to),
      array_agg(1))
    from new_rows n
    where n.assigned_to is not null and n.status in ('scheduled', 'due', 'inProgress', 'rescheduled')
    having count(*) > 0;
  elsif tg_op = 'DELETE' then
    perform callback_open_counts_add(array_agg(o.tenant_id), array_agg(o.store_id), array_agg(o.assigned_to),
      array_agg(-1))
    from old_rows o
    where o.assigned_to is not null and o.status in ('scheduled', 'due', 'inProgress', 'rescheduled')
    having count(*) > 0;
  else
    perform callback_open_counts_add(array_agg(x.tenant_id), array_agg(x.store_id), array_agg(x.user_id),
      array_agg(x.delta))
    from (
      select n.tenant_id, n.store_id, n.assigned_to as user_id, 1 as delta from new_rows n
      where n.assigned_to is not null and n.status in ('scheduled', 'due', 'inProgress', 'rescheduled')
      union all
      select o.tenant_id, o.store_id, o.assigned_to, -1 from old_rows o
      where o.assigned_to is not null and o.status in ('scheduled', 'due', 'inProgress', 'rescheduled')
    ) x
    having count(*) > 0;
  end if;
  return null;
end $$;

create trigger callback_open_counts_insert after insert on callback_tasks
  referencing new table as new_rows for each statement execute function callback_open_counts_move();
create trigger callback_open_counts_update after update on callback_tasks
  referencing old table as old_rows new table as new_rows for each statement execute function callback_open_counts_move();
create trigger callback_open_counts_delete after delete on callback_tasks
  referencing old table as old_rows for each statement execute function callback_open_counts_move();

revoke execute on function callback_open_counts_add(uuid[], uuid[], uuid[], integer[]) from public;

-- The tasks already on file.
insert into callback_open_counts (tenant_id, store_id, user_id, open)
select tenant_id, store_id, assigned_to, count(*)::integer from callback_tasks
where assigned_to is not null and status in ('scheduled', 'due', 'inProgress', 'rescheduled')
group by tenant_id, store_id, assigned_to;

-- Only the triggers write the counts.
revoke insert, update, delete on callback_open_counts from crm_app_rw;
