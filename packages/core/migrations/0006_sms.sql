-- The SMS platform (短信平台): each store's provider settings, the send log (短信发送记录表)
-- with one row per message, the per-store rate-limit windows, and inbound replies.
--
-- A message is requested inside the command's transaction (a row here plus an outbox row);
-- the unique idempotency key (customer, reason, period) means no reminder is sent twice,
-- however often the request is made. Statuses move forward only: queued → sent →
-- delivered, or → failed (with the reason), or → suppressed (opted out, with the reason).

create table sms_settings (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  provider text not null default 'log' check (provider in ('log', 'http')),
  -- The generic HTTP gateway: where to POST, the Authorization header, the JSON body with
  -- {{id}}, {{phone}}, {{text}}, {{signature}} placeholders, and how long to wait.
  http_url text,
  http_authorization text,
  http_body_template text,
  http_timeout_ms integer not null default 10000 check (http_timeout_ms between 100 and 60000),
  -- Signs delivery receipts and replies the gateway posts back (HMAC-SHA256).
  webhook_secret text not null default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  rate_per_minute integer not null default 1200 check (rate_per_minute between 1 and 100000),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check (provider <> 'http' or (http_url is not null and http_body_template is not null))
);

create table sms_messages (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  customer_id uuid,
  vehicle_id uuid,
  phone text not null,
  -- What it is for: a reminder kind, 'survey' or 'manual'.
  reason text not null check (length(reason) between 1 and 40),
  -- Opt-out stops 'reminder' and 'marketing', never 'transactional'.
  category text not null check (category in ('transactional', 'reminder', 'marketing')),
  idempotency_key text not null check (length(idempotency_key) between 1 and 200),
  body text not null check (length(body) between 1 and 1000),
  segments integer not null check (segments >= 1),
  status text not null default 'queued'
    check (status in ('queued', 'sent', 'delivered', 'failed', 'suppressed')),
  status_reason text,
  provider text,
  provider_message_id text,
  attempts integer not null default 0,
  -- Deferred (quiet hours, rate limit) until then.
  not_before timestamptz,
  reminder_schedule_id uuid,
  requested_by uuid,
  queued_at timestamptz not null default now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, idempotency_key),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, reminder_schedule_id) references reminder_schedule (tenant_id, id),
  foreign key (tenant_id, requested_by) references users (tenant_id, id)
);
create index sms_messages_log on sms_messages (tenant_id, store_id, queued_at desc);
create index sms_messages_phone on sms_messages (tenant_id, store_id, phone, sent_at desc);
create index sms_messages_customer on sms_messages (tenant_id, customer_id);

-- Per-store sends per minute: a window row is counted up until the store's limit.
create table sms_rate_windows (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  window_start timestamptz not null,
  used integer not null,
  primary key (tenant_id, store_id, window_start)
);

-- Replies from customers, each matched to the last message sent to that number.
create table sms_replies (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  -- The gateway's id of the reply: the same reply posted twice is recorded once.
  external_id text not null check (length(external_id) between 1 and 200),
  phone text not null,
  text text not null check (length(text) <= 1000),
  received_at timestamptz not null,
  message_id uuid,
  customer_id uuid,
  -- What the reply says: a score (survey), an opt-out, or unclear (a person reads it).
  meaning text not null check (meaning in ('score', 'optOut', 'unclear', 'other')),
  score integer check (score between 0 and 10),
  flagged boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, external_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, message_id) references sms_messages (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id)
);
create index sms_replies_message on sms_replies (tenant_id, message_id);

do $$
declare t text;
begin
  foreach t in array array['sms_settings', 'sms_messages', 'sms_rate_windows', 'sms_replies'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke delete on sms_messages from crm_app_rw;
revoke update, delete on sms_replies from crm_app_rw;
