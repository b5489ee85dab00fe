-- Callback statistics, fast: a monthly roll-up of the satisfaction figures (满意率统计表) per
-- store, month (of the event's store-local date), dimension (sales consultant, service advisor,
-- repair team) and person, kept as additive partials — counts, and per questionnaire item the
-- sum of the answers and how many there are — so that any run of whole months is a sum of rows.
--
-- Triggers on the tables the figures come from mark the store-months they touch as stale (one
-- row per statement and store-month, whoever writes: ingestion, a call, an SMS reply, a window
-- closing, an event moved to another month or person). The statistics query refreshes the stale
-- store-months it needs before it reads, in its own transaction, under a lock per tenant and
-- dimension, and deletes only the marks it read before computing: a write that commits meanwhile
-- leaves its mark for the next read. Refreshing twice computes the same rows.
--
-- Also: the store's call script (话术) — the opening lines and the closing line — editable by
-- the store admin; a line left empty (null) is the built-in default of the seed's manual.

create table callback_statistics_stale (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  store_id uuid not null,
  month date not null check (extract(day from month) = 1),
  dimension text not null check (dimension in ('salesConsultant', 'serviceAdvisor', 'repairTeam')),
  marked_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index callback_statistics_stale_lookup on callback_statistics_stale (tenant_id, dimension, month, store_id);

create table callback_statistics_monthly (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  month date not null check (extract(day from month) = 1),
  dimension text not null check (dimension in ('salesConsultant', 'serviceAdvisor', 'repairTeam')),
  -- The person the events name; null for events naming nobody (未指定).
  person_id uuid,
  events integer not null,
  attempted integer not null,
  reached integer not null,
  refused_or_no_answer integer not null,
  cannot_connect integer not null,
  other integer not null,
  fully_satisfied integer not null,
  basically_satisfied integer not null,
  dissatisfied integer not null,
  refreshed_at timestamptz not null default now(),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
create unique index callback_statistics_monthly_key
  on callback_statistics_monthly (tenant_id, dimension, month, store_id, person_id) nulls not distinct;

-- Per questionnaire item: the sum of the answers as numbers (score; yes = 1; explained fully = 1),
-- unconstrained numeric so that sum ÷ count is the exact average the direct query computes.
create table callback_statistics_monthly_items (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  month date not null check (extract(day from month) = 1),
  dimension text not null check (dimension in ('salesConsultant', 'serviceAdvisor', 'repairTeam')),
  person_id uuid,
  item_id text not null,
  label text not null,
  item_type text not null check (item_type in ('score', 'yesNo', 'threeWay')),
  position integer not null,
  total numeric,
  valued integer not null,
  answered integer not null,
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
create unique index callback_statistics_monthly_items_key
  on callback_statistics_monthly_items (tenant_id, dimension, month, store_id, person_id, item_id) nulls not distinct;

-- The store-months of these events (by kind and id), for every dimension the event counts in.
create function callback_statistics_mark_sources(p_tenants uuid[], p_kinds text[], p_ids uuid[])
returns void language sql security definer set search_path = public as $$
  insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
  select distinct x.tenant_id, x.store_id, x.month, x.dimension
  from unnest(p_tenants, p_kinds, p_ids) c(tenant_id, kind, id)
  cross join lateral (
    select d.tenant_id, d.store_id, date_trunc('month', d.delivered_on)::date as month, 'salesConsultant' as dimension
    from deliveries d where c.kind = 'delivery' and d.tenant_id = c.tenant_id and d.id = c.id
    union all
    select o.tenant_id, o.store_id, date_trunc('month', o.closed_on)::date, dim
    from repair_orders o cross join unnest(array['serviceAdvisor', 'repairTeam']) dim
    where c.kind = 'repairOrder' and o.tenant_id = c.tenant_id and o.id = c.id and o.closed_on is not null) x
$$;

create function callback_statistics_mark_deliveries() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct n.tenant_id, n.store_id, date_trunc('month', n.delivered_on)::date, 'salesConsultant' from new_rows n;
  elsif tg_op = 'DELETE' then
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct o.tenant_id, o.store_id, date_trunc('month', o.delivered_on)::date, 'salesConsultant' from old_rows o;
  else
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct x.tenant_id, x.store_id, date_trunc('month', x.day)::date, 'salesConsultant'
    from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
    cross join lateral (values (o.tenant_id, o.store_id, o.delivered_on), (n.tenant_id, n.store_id, n.delivered_on)) x(tenant_id, store_id, day)
    where (o.store_id, o.delivered_on, o.sales_consultant_id) is distinct from (n.store_id, n.delivered_on, n.sales_consultant_id);
  end if;
  return null;
end $$;

create function callback_statistics_mark_repair_orders() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct n.tenant_id, n.store_id, date_trunc('month', n.closed_on)::date, dim
    from new_rows n cross join unnest(array['serviceAdvisor', 'repairTeam']) dim where n.closed_on is not null;
  elsif tg_op = 'DELETE' then
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct o.tenant_id, o.store_id, date_trunc('month', o.closed_on)::date, dim
    from old_rows o cross join unnest(array['serviceAdvisor', 'repairTeam']) dim where o.closed_on is not null;
  else
    insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
    select distinct x.tenant_id, x.store_id, date_trunc('month', x.day)::date, dim
    from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
    cross join lateral (values (o.tenant_id, o.store_id, o.closed_on), (n.tenant_id, n.store_id, n.closed_on)) x(tenant_id, store_id, day)
    cross join unnest(array['serviceAdvisor', 'repairTeam']) dim
    where x.day is not null
      and (o.store_id, o.closed_on, o.service_advisor_id, o.repair_team_id)
        is distinct from (n.store_id, n.closed_on, n.service_advisor_id, n.repair_team_id);
  end if;
  return null;
end $$;

-- Only the columns the figures read: a claim, an assignment or a reschedule marks nothing.
create function callback_statistics_mark_tasks() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    perform callback_statistics_mark_sources(array_agg(n.tenant_id), array_agg(n.source_kind), array_agg(n.source_id))
    from new_rows n;
  elsif tg_op = 'DELETE' then
    perform callback_statistics_mark_sources(array_agg(o.tenant_id), array_agg(o.source_kind), array_agg(o.source_id))
    from old_rows o;
  else
    perform callback_statistics_mark_sources(array_agg(x.tenant_id), array_agg(x.kind), array_agg(x.id))
    from old_rows o join new_rows n on n.tenant_id = o.tenant_id and n.id = o.id
    cross join lateral (values (o.tenant_id, o.source_kind, o.source_id), (n.tenant_id, n.source_kind, n.source_id)) x(tenant_id, kind, id)
    where (o.source_kind, o.source_id, o.status = 'cancelled', o.attempts, o.reached_by, o.last_unsuccessful_bucket,
        o.band, o.completed_at, o.last_attempt_at)
      is distinct from (n.source_kind, n.source_id, n.status = 'cancelled', n.attempts, n.reached_by,
        n.last_unsuccessful_bucket, n.band, n.completed_at, n.last_attempt_at);
  end if;
  return null;
end $$;

create function callback_statistics_mark_answers() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  perform callback_statistics_mark_sources(array_agg(t.tenant_id), array_agg(t.source_kind), array_agg(t.source_id))
  from (select distinct tenant_id, task_id from new_rows) a
  join callback_tasks t on t.tenant_id = a.tenant_id and t.id = a.task_id;
  return null;
end $$;

create trigger callback_statistics_insert after insert on deliveries
  referencing new table as new_rows for each statement execute function callback_statistics_mark_deliveries();
create trigger callback_statistics_update after update on deliveries
  referencing old table as old_rows new table as new_rows for each statement execute function callback_statistics_mark_deliveries();
create trigger callback_statistics_delete after delete on deliveries
  referencing old table as old_rows for each statement execute function callback_statistics_mark_deliveries();

create trigger callback_statistics_insert after insert on repair_orders
  referencing new table as new_rows for each statement execute function callback_statistics_mark_repair_orders();
create trigger callback_statistics_update after update on repair_orders
  referencing old table as old_rows new table as new_rows for each statement execute function callback_statistics_mark_repair_orders();
create trigger callback_statistics_delete after delete on repair_orders
  referencing old table as old_rows for each statement execute function callback_statistics_mark_repair_orders();

create trigger callback_statistics_insert after insert on callback_tasks
  referencing new table as new_rows for each statement execute function callback_statistics_mark_tasks();
create trigger callback_statistics_update after update on callback_tasks
  referencing old table as old_rows new table as new_rows for each statement execute function callback_statistics_mark_tasks();
create trigger callback_statistics_delete after delete on callback_tasks
  referencing old table as old_rows for each statement execute function callback_statistics_mark_tasks();

create trigger callback_statistics_insert after insert on callback_answers
  referencing new table as new_rows for each statement execute function callback_statistics_mark_answers();

-- Everything already on file is stale: the first read computes it.
insert into callback_statistics_stale (tenant_id, store_id, month, dimension)
select distinct tenant_id, store_id, date_trunc('month', delivered_on)::date, 'salesConsultant' from deliveries
union
select distinct o.tenant_id, o.store_id, date_trunc('month', o.closed_on)::date, dim
from repair_orders o cross join unnest(array['serviceAdvisor', 'repairTeam']) dim where o.closed_on is not null;

create table callback_script_settings (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  -- `{门店}` in a line stands for the store's name.
  sales_opening text check (length(sales_opening) between 1 and 1000),
  after_sales_opening text check (length(after_sales_opening) between 1 and 1000),
  closing text check (length(closing) between 1 and 1000),
  updated_by uuid,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, updated_by) references users (tenant_id, id)
);

do $$
declare t text;
begin
  foreach t in array array['callback_statistics_stale', 'callback_statistics_monthly',
    'callback_statistics_monthly_items', 'callback_script_settings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke execute on function callback_statistics_mark_sources(uuid[], text[], uuid[]) from public;
