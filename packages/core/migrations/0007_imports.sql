-- File imports (CSV / XLSX) of customers with vehicles, deliveries and repair orders: the
-- uploaded file's record (the bytes stay in the import storage, on disk), the column
-- mapping, the job's progress and its checkpoint, and the rejected rows with their reasons.
-- A batch of rows, its events, its rejections and the checkpoint commit together, so a job
-- that resumes after a restart starts from the first row not yet committed.

create table imports (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  created_by uuid,
  file_name text not null check (length(file_name) between 1 and 200),
  format text not null check (format in ('csv', 'xlsx')),
  size_bytes bigint not null check (size_bytes >= 0),
  -- The header row as read, and the mapping field → column index (auto, then as adjusted).
  headers text[] not null,
  mapping jsonb not null,
  status text not null default 'uploaded'
    check (status in ('uploaded', 'queued', 'running', 'done', 'failed')),
  -- Data rows in the file (after the header row), counted at upload.
  total_rows integer not null check (total_rows >= 0),
  -- The last data row whose batch has committed: where a restarted job resumes.
  checkpoint_row integer not null default 0 check (checkpoint_row >= 0),
  rows_imported integer not null default 0,
  rows_rejected integer not null default 0,
  events_created integer not null default 0,
  events_updated integer not null default 0,
  events_unchanged integer not null default 0,
  failure text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id)
);
create index imports_store on imports (tenant_id, store_id, created_at desc);

-- One row per rejected file row; re-running a batch after a restart writes nothing twice.
create table import_rejections (
  tenant_id uuid not null,
  import_id uuid not null,
  row_number integer not null check (row_number > 0),
  cells text[] not null,
  reasons text not null,
  primary key (tenant_id, import_id, row_number),
  foreign key (tenant_id, import_id) references imports (tenant_id, id) on delete cascade
);

alter table imports enable row level security;
create policy imports_tenant on imports
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
alter table import_rejections enable row level security;
create policy import_rejections_tenant on import_rejections
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

-- Statistics that follow a table growing from empty during a first import: analyse after
-- 2 % new rows rather than 10 %, so lookups by key keep their index plans.
alter table repair_orders set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table vehicles set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
alter table customers set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
