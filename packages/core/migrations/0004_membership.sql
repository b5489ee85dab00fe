-- The membership club (车友俱乐部会员卡): cards (one per car, valid three years), their
-- history, the store's fees, the points accounts kept beside the ledger (points_entries, from
-- 0003), the redemption catalogue with stock, and redemptions.
--
-- The balance of an account is the sum of its ledger entries, kept by a trigger on the
-- ledger so every writer (ingestion's earned points, redemptions, expiry, adjustments) moves
-- it in the same statement; a check keeps it from ever going below zero. Debits lock the
-- account row first, so concurrent redemptions queue on it instead of overdrawing.

create table membership_settings (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  -- 入会费 (optional) and 补办卡工本费, in fen.
  joining_fee_fen bigint not null default 0 check (joining_fee_fen between 0 and 100000000),
  reissue_fee_fen bigint not null default 2000 check (reissue_fee_fen between 0 and 100000000),
  -- Card numbers are the store's code and a running number.
  last_card_seq integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);

create table member_cards (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  vehicle_id uuid not null,
  customer_id uuid not null,
  card_no text not null,
  tier text not null check (tier ~ '^[A-Za-z][A-Za-z0-9]{0,39}$'),
  status text not null default 'active' check (status in ('active', 'expired', 'lost', 'cancelled')),
  issued_on date not null,
  valid_until date not null,
  -- The rule that set the tier last (null: chosen at issue).
  tier_rule_set_id uuid,
  tier_rule_set_version integer,
  tier_rule_id text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, card_no),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  check (valid_until > issued_on)
);
-- 一车一卡: one card per car until it is cancelled.
create unique index member_cards_one_per_vehicle on member_cards (tenant_id, vehicle_id)
  where status <> 'cancelled';
create index member_cards_store on member_cards (tenant_id, store_id, status, valid_until);
create index member_cards_customer on member_cards (tenant_id, customer_id);

-- What happened to a card, with the fee taken and who did it (insert-only for the app).
create table member_card_events (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  card_id uuid not null,
  kind text not null check (kind in ('issued', 'renewed', 'reportedLost', 'reissued', 'cancelled',
    'expired', 'tierMoved')),
  card_no text not null,
  fee_fen bigint not null default 0 check (fee_fen >= 0),
  from_tier text,
  to_tier text,
  valid_until date,
  rule_set_id uuid,
  rule_set_version integer,
  rule_id text,
  actor_user_id uuid,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, card_id) references member_cards (tenant_id, id)
);
create index member_card_events_card on member_card_events (tenant_id, card_id, at);

-- One account per customer of a store; the ledger (points_entries) is its history.
create table points_accounts (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  customer_id uuid not null,
  balance integer not null default 0 check (balance >= 0),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, customer_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id)
);

-- What the ledger needs beyond 0003: the person who posted an entry and their note
-- (a manager's adjustment reason, the activity attended).
alter table points_entries add column actor_user_id uuid;
alter table points_entries add column note text check (length(note) <= 500);
alter table points_entries add foreign key (tenant_id, actor_user_id) references users (tenant_id, id);
create index points_entries_expiring on points_entries (tenant_id, store_id, expires_on) where points > 0;

create function points_accounts_follow_ledger() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if old.customer_id = new.customer_id and old.points = new.points then
      return new;
    end if;
    update points_accounts set balance = balance - old.points, updated_at = now()
    where tenant_id = old.tenant_id and customer_id = old.customer_id;
  end if;
  -- Update first: an insert's proposed row would be checked (balance >= 0) before its conflict is seen.
  update points_accounts set balance = balance + new.points, updated_at = now()
  where tenant_id = new.tenant_id and customer_id = new.customer_id;
  if not found then
    insert into points_accounts as a (tenant_id, store_id, customer_id, balance)
    values (new.tenant_id, new.store_id, new.customer_id, new.points)
    on conflict (tenant_id, customer_id) do update set balance = a.balance + excluded.balance, updated_at = now();
  end if;
  return new;
end $$;

create trigger points_entries_balance after insert or update of points, customer_id on points_entries
  for each row execute function points_accounts_follow_ledger();

-- Points exist before this migration only in tests' fresh databases; carry any over.
insert into points_accounts (tenant_id, store_id, customer_id, balance)
select tenant_id, min(store_id::text)::uuid, customer_id, greatest(sum(points), 0)
from points_entries group by tenant_id, customer_id;

create table redemption_items (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
  name text not null check (length(name) between 1 and 100),
  category text not null check (category in ('trip', 'drink', 'accessory', 'carWash', 'other')),
  points_cost integer not null check (points_cost between 1 and 10000000),
  stock integer not null check (stock >= 0),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, code),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);

create table redemptions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  card_id uuid not null,
  customer_id uuid not null,
  item_id uuid not null,
  quantity integer not null check (quantity between 1 and 100),
  points integer not null check (points > 0),
  actor_user_id uuid,
  at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, card_id) references member_cards (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, item_id) references redemption_items (tenant_id, id),
  foreign key (tenant_id, actor_user_id) references users (tenant_id, id)
);
create index redemptions_card on redemptions (tenant_id, card_id, at desc);

do $$
declare t text;
begin
  foreach t in array array['membership_settings', 'member_cards', 'member_card_events', 'points_accounts',
    'redemption_items', 'redemptions'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke update, delete on member_card_events from crm_app_rw;
revoke update, delete on redemptions from crm_app_rw;
revoke delete on points_accounts from crm_app_rw;
