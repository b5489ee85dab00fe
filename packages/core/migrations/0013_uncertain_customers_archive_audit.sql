-- 不确定客户记录表, worked: where each record came from, and how it was resolved (the number
-- corrected, confirmed as it was, the customer unreachable, or the record closed).
-- 客户档案检核记录表: each ISO week the store draws 10 sales and 10 after-sales files at
-- random, stored so the draw is the same however often it is asked for; each file is
-- checked against the paper original with the seed's form (status, problem, fix, who is
-- responsible) and the checker.

alter table uncertain_customer_records
  add column source text not null default 'callback' check (source in ('callback', 'import', 'manual')),
  add column resolution text check (resolution in ('corrected', 'confirmed', 'unreachable', 'closed')),
  add column resolution_note text check (length(resolution_note) <= 500),
  add constraint uncertain_customer_records_resolved check ((resolution is null) = (resolved_at is null));
create index uncertain_customer_records_store_open on uncertain_customer_records (tenant_id, store_id, opened_at)
  where resolved_at is null;

create table archive_audits (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  -- ISO week, e.g. 2026-W49, and its Monday and Sunday (store-local dates).
  week text not null check (week ~ '^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$'),
  week_starts_on date not null,
  week_ends_on date not null check (week_ends_on = week_starts_on + 6),
  drawn_by uuid,
  drawn_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, week),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, drawn_by) references users (tenant_id, id)
);

create table archive_audit_files (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  audit_id uuid not null,
  store_id uuid not null,
  -- 售时 (a delivery: the sales agreement) or 售后 (a repair order).
  kind text not null check (kind in ('sales', 'afterSales')),
  position smallint not null check (position between 1 and 10),
  vehicle_id uuid not null,
  customer_id uuid,
  delivery_id uuid,
  repair_order_id uuid,
  status text check (status in ('normal', 'abnormal')),
  problem text check (length(problem) <= 500),
  fix text check (length(fix) <= 500),
  responsible text check (length(responsible) <= 100),
  checked_by uuid,
  checked_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, audit_id, kind, position),
  unique (tenant_id, audit_id, kind, vehicle_id),
  foreign key (tenant_id, audit_id) references archive_audits (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id),
  foreign key (tenant_id, repair_order_id) references repair_orders (tenant_id, id),
  foreign key (tenant_id, checked_by) references users (tenant_id, id),
  check ((kind = 'sales') = (delivery_id is not null) and (kind = 'afterSales') = (repair_order_id is not null)),
  check ((status is null) = (checked_at is null)),
  check (status is distinct from 'abnormal' or problem is not null)
);

do $$
declare t text;
begin
  foreach t in array array['archive_audits', 'archive_audit_files'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke delete on archive_audits, archive_audit_files from crm_app_rw;
