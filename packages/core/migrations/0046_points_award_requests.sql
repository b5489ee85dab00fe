-- Awards of points (a member activity attended, an accepted suggestion) that a manager
-- approves (issue #16, item 6). A receptionist's award named any new source id and posted
-- at once, so ten calls minted 5,000 points. Now an award asked for by someone who may not
-- approve awards is kept here as pending, with the points the store's rules decided then; a
-- manager approves it (posting its entries once: the ledger's key is the request's source)
-- or rejects it with a reason. One request per member, kind and source.
create table points_award_requests (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  card_id uuid not null,
  customer_id uuid not null,
  kind text not null check (kind in ('memberActivity', 'suggestionAccepted')),
  -- The activity or suggestion as staff named it.
  source_id uuid not null,
  -- What the points rules decided when it was asked for: [{ points, reason, ruleId }].
  entries jsonb not null check (jsonb_typeof(entries) = 'array'),
  points integer not null check (points > 0),
  expire_after_months integer,
  rule_set_id uuid,
  rule_set_version integer,
  note text check (length(note) <= 500),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  requested_by uuid,
  requested_at timestamptz not null default now(),
  decided_by uuid,
  decided_at timestamptz,
  decision_note text check (length(decision_note) <= 500),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, customer_id, kind, source_id),
  check ((status = 'pending') = (decided_at is null)),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, card_id) references member_cards (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, requested_by) references users (tenant_id, id),
  foreign key (tenant_id, decided_by) references users (tenant_id, id)
);
create index points_award_requests_pending on points_award_requests (tenant_id, store_id, requested_at)
  where status = 'pending';

alter table points_award_requests enable row level security;
create policy points_award_requests_tenant on points_award_requests
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
revoke delete on points_award_requests from crm_app_rw;

-- The award cap sums a member's awards in a period.
create index points_entries_awards on points_entries (tenant_id, customer_id, created_at)
  where source_kind in ('activityAttendance', 'suggestion');
