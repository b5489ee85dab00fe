-- The per-store nightly schedule and the lost-customer contact log (流失客户联络表).
--
-- The worker keeps one BullMQ job scheduler per active store; on start it reads every
-- active store of every active tenant, which the application role cannot do under
-- row-level security — hence a SECURITY DEFINER function that returns only ids and time
-- zones.

create function app_private.nightly_stores()
returns table (tenant_id uuid, store_id uuid, time_zone text)
language sql stable security definer set search_path = public as $$
  select s.tenant_id, s.id, s.time_zone
  from stores s join tenants t on t.id = s.tenant_id
  where s.active and t.active and t.kind = 'group'
$$;
revoke all on function app_private.nightly_stores() from public;
grant execute on function app_private.nightly_stores() to crm_app_rw;

-- Each contact with a lost customer (no visit for 12 months, the classification rule):
-- when, by whom, how, the result, what the customer said (why they left), and whether
-- they came back. Rows are appended, never rewritten: the log is the history.
create table lost_customer_contacts (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  vehicle_id uuid not null,
  customer_id uuid not null,
  contacted_at timestamptz not null,
  contacted_by uuid not null,
  channel text not null check (channel in ('phone', 'sms', 'letter', 'visit', 'wechat')),
  result text not null check (result in ('reached', 'notReached', 'appointmentMade', 'refused', 'wrongNumber')),
  -- Why they stopped coming, as the service department reads it.
  lost_reason text check (lost_reason in ('price', 'distance', 'serviceQuality', 'staffAttitude', 'waitingTime',
    'movedAway', 'soldVehicle', 'otherDealer', 'other')),
  customer_view text not null default '' check (length(customer_view) <= 1000),
  won_back boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, contacted_by) references users (tenant_id, id)
);
create index lost_customer_contacts_vehicle on lost_customer_contacts (tenant_id, vehicle_id, contacted_at desc);
create index lost_customer_contacts_store on lost_customer_contacts (tenant_id, store_id, contacted_at desc);
-- The lost-customer list reads a store's lost vehicles by last visit.
create index vehicles_lost on vehicles (tenant_id, store_id, last_visit_on) where lost;

alter table lost_customer_contacts enable row level security;
create policy lost_customer_contacts_tenant on lost_customer_contacts
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
revoke update, delete on lost_customer_contacts from crm_app_rw;
