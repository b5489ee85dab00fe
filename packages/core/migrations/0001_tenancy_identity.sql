-- Tenancy and identity: tenants (dealer groups), stores, users, role assignments,
-- sessions, API tokens, the audit log, the outbox, and login throttling.
-- Every tenant-owned table has tenant_id leading its primary and foreign keys and a
-- row-level-security policy on app.tenant_id. The application role is not the owner
-- and has no BYPASSRLS; the few lookups that must cross tenants before a tenant is
-- known (login, session, API token, outbox relay) are SECURITY DEFINER functions in
-- schema app_private that return only what the caller needs.

create function app_tenant() returns uuid language sql stable as
$$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

create function app_platform() returns boolean language sql stable as
$$ select coalesce(current_setting('app.platform', true), '') = 'on' $$;

create table tenants (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text not null check (length(name) between 1 and 100),
  kind text not null default 'group' check (kind in ('group', 'platform')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table tenants enable row level security;
create policy tenants_scope on tenants
  using (id = app_tenant() or app_platform())
  with check (app_platform());

create table stores (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
  name text not null check (length(name) between 1 and 100),
  time_zone text not null default 'Asia/Shanghai',
  brands text[] not null default '{}',
  phone text not null default '',
  address text not null default '',
  sms_signature text not null default '',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, code)
);

create table users (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  email text,
  mobile text,
  password_hash text not null,
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (email is not null or mobile is not null)
);
-- A login names one person on the whole platform.
create unique index users_email_key on users (lower(email)) where email is not null;
create unique index users_mobile_key on users (mobile) where mobile is not null;

create table role_assignments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  store_id uuid,
  role text not null check (role in ('platform_admin', 'hq_admin', 'store_admin', 'cr_manager',
    'callback_agent', 'receptionist', 'staff')),
  position text check (position in ('sales_consultant', 'service_advisor', 'repair_team_lead',
    'department_manager', 'general_manager')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check ((role = 'staff') = (position is not null)),
  check (role not in ('platform_admin', 'hq_admin') or store_id is null),
  check (role in ('platform_admin', 'hq_admin') or store_id is not null)
);
create unique index role_assignments_once on role_assignments (tenant_id, user_id, store_id, role)
  nulls not distinct;

create table sessions (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash bytea not null unique,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

create table api_tokens (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  name text not null check (length(name) between 1 and 100),
  prefix text not null,
  token_hash bytea not null unique,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id)
);

create table audit_log (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_token_id uuid,
  store_id uuid,
  action text not null,
  entity text not null,
  entity_id text,
  details jsonb not null default '{}',
  request_id text,
  primary key (tenant_id, id)
);
create index audit_log_recent on audit_log (tenant_id, at desc);

create table outbox (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  queue text not null,
  name text not null,
  payload jsonb not null,
  delay_ms integer not null default 0 check (delay_ms >= 0),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (tenant_id, id)
);
create index outbox_unsent on outbox (created_at) where sent_at is null;

-- The effect of a job is recorded in the same transaction as the job's key: a job that
-- runs twice (a relay that published twice, a stalled job) finds its key and does nothing.
create table processed_jobs (
  tenant_id uuid not null references tenants (id),
  job_key text not null,
  processed_at timestamptz not null default now(),
  primary key (tenant_id, job_key)
);

-- Not tenant data: counters keyed by a hash of the login or by the client address.
create table login_throttle (
  key text primary key,
  window_start timestamptz not null,
  failures integer not null default 0
);

do $$
declare t text;
begin
  foreach t in array array['stores', 'users', 'role_assignments', 'sessions', 'api_tokens',
    'audit_log', 'outbox', 'processed_jobs'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

create schema app_private;

create function app_private.login_lookup(p_login text)
returns table (tenant_id uuid, user_id uuid, password_hash text, active boolean, tenant_active boolean)
language sql stable security definer set search_path = public as $$
  select u.tenant_id, u.id, u.password_hash, u.active, t.active
  from users u join tenants t on t.id = u.tenant_id
  where lower(u.email) = lower(p_login) or u.mobile = p_login
  limit 1
$$;

create function app_private.session_lookup(p_token_hash bytea)
returns table (tenant_id uuid, session_id uuid, user_id uuid, csrf_token text, expires_at timestamptz)
language sql stable security definer set search_path = public as $$
  select s.tenant_id, s.id, s.user_id, s.csrf_token, s.expires_at
  from sessions s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
  join tenants t on t.id = s.tenant_id
  where s.token_hash = p_token_hash and s.expires_at > now() and u.active and t.active
$$;

create function app_private.api_token_lookup(p_token_hash bytea)
returns table (tenant_id uuid, token_id uuid, store_id uuid)
language sql security definer set search_path = public as $$
  update api_tokens a set last_used_at = now()
  from stores s, tenants t
  where a.token_hash = p_token_hash and a.revoked_at is null
    and s.tenant_id = a.tenant_id and s.id = a.store_id and s.active
    and t.id = a.tenant_id and t.active
  returning a.tenant_id, a.id, a.store_id
$$;

-- The relay claims unsent rows of every tenant; SKIP LOCKED lets relays run side by side.
create function app_private.outbox_claim(p_limit integer)
returns table (tenant_id uuid, id uuid, queue text, name text, payload jsonb, delay_ms integer)
language sql security definer set search_path = public as $$
  select o.tenant_id, o.id, o.queue, o.name, o.payload, o.delay_ms from outbox o
  where o.sent_at is null order by o.created_at
  limit p_limit for update skip locked
$$;

create function app_private.outbox_mark_sent(p_ids uuid[])
returns void language sql security definer set search_path = public as $$
  update outbox set sent_at = now() where id = any(p_ids) and sent_at is null
$$;

-- crm_app_rw is the group role of the application's login role (created by the
-- migration runner's bootstrap, which also grants it DML on tables by default).
revoke all on all functions in schema app_private from public;
grant usage on schema app_private to crm_app_rw;
grant execute on all functions in schema app_private to crm_app_rw;
revoke update, delete on audit_log from crm_app_rw;
revoke update, delete on processed_jobs from crm_app_rw;
