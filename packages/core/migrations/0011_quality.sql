-- The quality loop (质量管理): the monthly improvement meeting (改善讨论会) and its EQC
-- improvement items (EQC整改项目) tracked over three months.
--
-- A store's month closes on its own calendar (the `quality` rule's close day, in the store's
-- time zone); the first night after, the meeting pack is prepared from the callback
-- statistics: one row per store and month, so a close that runs twice prepares one pack.

create table quality_meetings (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  -- The closed month, and the store-local days it covered (both included).
  month text not null check (month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  period_from date not null,
  period_to date not null check (period_to >= period_from),
  -- The weak items and lines against the previous month, as the close judged them.
  pack jsonb not null,
  prepared_at timestamptz not null default now(),
  -- The meeting as the manager records it.
  held_on date,
  attendees text[] not null default '{}' check (cardinality(attendees) <= 50),
  minutes text not null default '' check (length(minutes) <= 20000),
  recorded_by uuid,
  recorded_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, recorded_by) references users (tenant_id, id)
);
create unique index quality_meetings_month on quality_meetings (tenant_id, store_id, month);

-- An improvement item raised from one weak item of a meeting's pack.
create table quality_items (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  meeting_id uuid not null,
  month text not null,
  -- What is weak: `item:sales:waitingTime`, `salesConsultant:<person id>`, … and its description.
  subject_key text not null check (length(subject_key) between 1 and 120),
  subject jsonb not null,
  cause text not null check (length(cause) between 1 and 4000),
  measures text not null check (length(measures) between 1 and 4000),
  owner_user_id uuid not null,
  due_on date not null,
  completed_on date,
  completion_note text not null default '' check (length(completion_note) <= 4000),
  -- The store-local day its owner was reminded that it is overdue (once).
  overdue_notified_on date,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, meeting_id) references quality_meetings (tenant_id, id),
  foreign key (tenant_id, owner_user_id) references users (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id)
);
create unique index quality_items_subject on quality_items (tenant_id, meeting_id, subject_key);
create index quality_items_store on quality_items (tenant_id, store_id, month desc);
create index quality_items_open on quality_items (tenant_id, store_id, due_on) where completed_on is null;

-- 整改效果评价: the item's figure on the last three closed months' cumulative statistics,
-- for the month raised (offset 0) and month +1, +2, +3, each written once when that month closes.
create table quality_item_figures (
  tenant_id uuid not null references tenants (id),
  item_id uuid not null,
  month_offset smallint not null check (month_offset between 0 and 3),
  month text not null,
  period_from date not null,
  period_to date not null,
  figure double precision,
  answered integer not null default 0,
  verdict text check (verdict in ('improved', 'notImproved', 'noData')),
  decided_by jsonb,
  filled_at timestamptz not null default now(),
  primary key (tenant_id, item_id, month_offset),
  foreign key (tenant_id, item_id) references quality_items (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
  foreach t in array array['quality_meetings', 'quality_items', 'quality_item_figures'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

-- A figure is history: written once, never rewritten.
revoke update, delete on quality_item_figures from crm_app_rw;
