-- The customer file (一车一档) and the events the DMS sends: customers, vehicles with their
-- ownership history, deliveries and repair orders, the store's staff directory, the A/C card
-- and its transitions, the dynamic aggregates, loyalty and ABC grade, uncertain-customer
-- records, the log of unmasked views of personal data; and the minimal decision tables the
-- callback, SMS and membership areas build on (callback tasks, points entries, reminder
-- schedule), each row naming the rule-set version and rule that decided it.
--
-- Each store keeps its own files, as each store's DMS does: customers, vehicles and events
-- are store-owned and unique on the DMS's ids per store, which makes ingestion idempotent.
-- A vehicle row is the file: the card, aggregates and classification live on it.

-- The store's people as the DMS names them: sales consultants, service advisors, repair teams.
create table staff_members (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  kind text not null check (kind in ('salesConsultant', 'serviceAdvisor', 'repairTeam')),
  name text not null check (length(name) between 1 and 100),
  user_id uuid,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, kind, name),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create table customers (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  -- The DMS's customer id (or the import's synthetic key); unique per store.
  dms_id text not null check (length(dms_id) between 1 and 100),
  name text not null check (length(name) between 1 and 100),
  gender text check (gender in ('male', 'female')),
  title text,
  birthday date,
  -- 重要机密: masked for roles that do not need them; unmasked views are logged.
  id_number text,
  mobile text,
  mobile_tail text generated always as (right(mobile, 4)) stored,
  landline text,
  home_address text,
  mailing_address text,
  email text,
  wechat text,
  qq text,
  city text,
  district text,
  postcode text,
  preferred_channel text check (preferred_channel in ('phone', 'sms', 'wechat', 'email', 'visit')),
  convenient_time text,
  occupation text,
  industry text,
  job_title text,
  interests text,
  personality_notes text,
  marital_status text check (marital_status in ('single', 'married', 'other')),
  wedding_anniversary date,
  education text,
  income_band text,
  age_band text,
  info_source text,
  visit_channel text,
  referred_by_customer_id uuid,
  vip boolean not null default false,
  refuses_calls boolean not null default false,
  sms_opted_out boolean not null default false,
  -- Set while an uncertain-customer record is open (wrong or empty number).
  uncertain boolean not null default false,
  -- Hash of the DMS's last version of this customer: an unchanged resend writes nothing.
  dms_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, dms_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, referred_by_customer_id) references customers (tenant_id, id)
);
create index customers_name on customers (tenant_id, store_id, name text_pattern_ops);
create index customers_mobile_tail on customers (tenant_id, store_id, mobile_tail);

create table vehicles (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  vin text not null check (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
  -- null where the brand uses no check digit we can verify; false is flagged, not refused.
  vin_check_digit_ok boolean,
  plate text,
  brand text,
  series text,
  model text,
  trim_options text,
  exterior_colour text,
  interior_colour text,
  certificate_no text,
  invoice_no text,
  purchase_date date,
  delivery_date date,
  selling_consultant_id uuid,
  insurer text,
  insured_here boolean,
  insurance_expiry_date date,
  inspection_due_date date,
  mileage_km integer check (mileage_km >= 0),
  next_maintenance_date date,
  next_maintenance_km integer check (next_maintenance_km >= 0),
  current_owner_id uuid,
  -- The file: A card (bought here), C card (serviced here).
  card_type text check (card_type in ('A', 'C')),
  card_changed_at timestamptz,
  -- Dynamic data from the repair orders, recomputed on every order of the vehicle.
  first_visit_on date,
  second_visit_on date,
  last_visit_on date,
  first_maintenance_on date,
  last_maintenance_on date,
  visits_6m integer not null default 0,
  visits_12m integer not null default 0,
  visits_36m integer not null default 0,
  cumulative_spend_fen bigint not null default 0 check (cumulative_spend_fen >= 0),
  spend_12m_fen bigint not null default 0 check (spend_12m_fen >= 0),
  service_types text[] not null default '{}',
  -- Set by the classification rules, never typed by hand.
  loyalty_category text check (loyalty_category in ('everyMaintenance', 'sometimes', 'never')),
  abc_grade text check (abc_grade in ('A', 'B', 'C')),
  ask_for_referral boolean not null default false,
  lost boolean not null default false,
  classified_at timestamptz,
  classification_rule_set_id uuid,
  classification_version integer,
  classification_rules jsonb not null default '{}',
  dms_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, vin),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, current_owner_id) references customers (tenant_id, id),
  foreign key (tenant_id, selling_consultant_id) references staff_members (tenant_id, id)
);
create index vehicles_plate on vehicles (tenant_id, store_id, plate);
create index vehicles_vin_tail on vehicles (tenant_id, store_id, right(vin, 6));
create index vehicles_owner on vehicles (tenant_id, current_owner_id);

-- One current owner per vehicle; the history is kept.
create table vehicle_ownerships (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  vehicle_id uuid not null,
  customer_id uuid not null,
  from_at timestamptz not null default now(),
  to_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  check (to_at is null or to_at >= from_at)
);
create unique index vehicle_ownerships_current on vehicle_ownerships (tenant_id, vehicle_id) where to_at is null;

create table deliveries (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  dms_id text not null check (length(dms_id) between 1 and 100),
  vehicle_id uuid not null,
  customer_id uuid not null,
  sales_consultant_id uuid,
  contract_no text,
  delivered_at timestamptz not null,
  -- Store-local date: windows and monthly figures count from it.
  delivered_on date not null,
  -- Hash of the event as received: the same event again is "unchanged" and decides nothing.
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, dms_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, sales_consultant_id) references staff_members (tenant_id, id)
);
create index deliveries_vehicle on deliveries (tenant_id, vehicle_id);
create index deliveries_period on deliveries (tenant_id, store_id, delivered_on);

create table repair_orders (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  dms_id text not null check (length(dms_id) between 1 and 100),
  vehicle_id uuid not null,
  customer_id uuid,
  order_types text[] not null check (cardinality(order_types) between 1 and 20),
  payer text not null check (payer in ('self', 'insurance', 'warranty', 'freeMaintenance')),
  labour_fen bigint not null default 0 check (labour_fen >= 0),
  parts_fen bigint not null default 0 check (parts_fen >= 0),
  -- Who pays what: points are earned on the self-paid share only.
  self_paid_fen bigint not null default 0 check (self_paid_fen >= 0),
  insurance_fen bigint not null default 0 check (insurance_fen >= 0),
  warranty_fen bigint not null default 0 check (warranty_fen >= 0),
  free_maintenance_fen bigint not null default 0 check (free_maintenance_fen >= 0),
  service_advisor_id uuid,
  repair_team_id uuid,
  mileage_km integer check (mileage_km >= 0),
  opened_at timestamptz not null,
  opened_on date not null,
  closed_at timestamptz,
  closed_on date,
  content_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, dms_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, service_advisor_id) references staff_members (tenant_id, id),
  foreign key (tenant_id, repair_team_id) references staff_members (tenant_id, id),
  check (closed_at is null or closed_at >= opened_at),
  check ((closed_at is null) = (closed_on is null)),
  check (self_paid_fen + insurance_fen + warranty_fen + free_maintenance_fen = labour_fen + parts_fen)
);
create index repair_orders_vehicle on repair_orders (tenant_id, vehicle_id, opened_on);
create index repair_orders_period on repair_orders (tenant_id, store_id, closed_on);

-- A → C (first maintenance here), or straight to C (bought elsewhere, first visit).
create table card_transitions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  vehicle_id uuid not null,
  from_card text check (from_card in ('A', 'C')),
  to_card text not null check (to_card in ('A', 'C')),
  reason text not null check (reason in ('boughtHere', 'firstMaintenance', 'boughtElsewhere')),
  source_kind text check (source_kind in ('delivery', 'repairOrder')),
  source_id uuid,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, vehicle_id, to_card),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id)
);

-- 不确定客户记录表: a wrong or empty number found on a call; the customer is flagged until fixed.
create table uncertain_customer_records (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  customer_id uuid not null,
  reason text not null check (reason in ('wrongNumber', 'emptyNumber', 'other')),
  note text,
  opened_by uuid,
  opened_at timestamptz not null default now(),
  corrected_name text,
  corrected_mobile text,
  corrected_address text,
  resolved_by uuid,
  resolved_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, opened_by) references users (tenant_id, id),
  foreign key (tenant_id, resolved_by) references users (tenant_id, id)
);
create unique index uncertain_customer_records_open on uncertain_customer_records (tenant_id, customer_id)
  where resolved_at is null;

-- Every unmasked view and every export of personal data (insert-only for the app).
create table personal_data_access_log (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_token_id uuid,
  store_id uuid not null,
  customer_id uuid,
  action text not null check (action in ('view', 'export')),
  fields text[] not null,
  purpose text,
  request_id text,
  primary key (tenant_id, id)
);
create index personal_data_access_log_customer on personal_data_access_log (tenant_id, customer_id, at desc);

-- Decisions. Each row names what decided it: the rule-set row (null for the built-in
-- default), its version (0 for the default) and the rule id.

create table callback_tasks (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  customer_id uuid not null,
  vehicle_id uuid not null,
  callback_type text not null check (callback_type in ('sales', 'afterSales')),
  source_kind text not null check (source_kind in ('delivery', 'repairOrder')),
  source_id uuid not null,
  opens_on date not null,
  closes_on date not null,
  sms_fallback_after_attempts integer not null check (sms_fallback_after_attempts between 1 and 20),
  queue text not null default 'normal' check (queue in ('normal', 'vipFirst')),
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  rule_set_id uuid,
  rule_set_version integer not null,
  rule_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, source_kind, source_id, callback_type, opens_on),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  check (opens_on <= closes_on)
);
create index callback_tasks_queue on callback_tasks (tenant_id, store_id, status, opens_on);

-- A ledger: every change of a balance is an entry; one entry per source and reason.
create table points_entries (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  customer_id uuid not null,
  vehicle_id uuid,
  points integer not null check (points <> 0),
  reason text not null,
  source_kind text not null,
  source_id uuid not null,
  expires_on date,
  rule_set_id uuid,
  rule_set_version integer,
  rule_id text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, source_kind, source_id, reason),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id)
);
create index points_entries_customer on points_entries (tenant_id, customer_id);

-- Reminders due: the SMS area sends them; the dedupe key means no customer gets one twice.
create table reminder_schedule (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  customer_id uuid not null,
  vehicle_id uuid not null,
  reminder text not null,
  due_on date not null,
  dedupe_key text not null,
  template text not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'sent', 'cancelled')),
  source_kind text,
  source_id uuid,
  rule_set_id uuid,
  rule_set_version integer not null,
  rule_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, vehicle_id, dedupe_key),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id)
);
create index reminder_schedule_due on reminder_schedule (tenant_id, store_id, status, due_on);

do $$
declare t text;
begin
  foreach t in array array['staff_members', 'customers', 'vehicles', 'vehicle_ownerships', 'deliveries',
    'repair_orders', 'card_transitions', 'uncertain_customer_records', 'personal_data_access_log',
    'callback_tasks', 'points_entries', 'reminder_schedule'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke update, delete on personal_data_access_log from crm_app_rw;
revoke delete on points_entries from crm_app_rw;
