-- Complaints (客户投诉 / 抱怨): the urgent complaint form (紧急投诉应对联络表) and the
-- follow-up record (抱怨客户联系处理表) as one row with every field of both; the store's
-- complaint settings (repeat window, forbidden phrases 十句禁言), the category → department
-- and person mapping (责任归属) and each department's manager; the clocks the complaintSla
-- rules set (each firing through delayed jobs), the timeline of every step, in-app
-- notifications, re-calls, corrective and preventive actions (纠正预防措施) and their
-- attachments (bytes live behind a storage interface; the row keeps the key).

create table complaint_settings (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  -- A complaint about the same customer or vehicle within this many days is a repeat (再次).
  repeat_within_days integer not null default 90 check (repeat_within_days between 1 and 3650),
  -- Text staff send to a customer is checked against these (the seed's ten by default).
  forbidden_phrases text[] not null default array[
    '这种问题连小孩子都会', '一分钱,一分货', '绝对不可能有这种事发生', '这不是我们的事',
    '我不大清楚', '我绝对没说过这种话', '我不懂怎么处理', '规定就是这样', '你看不懂中文吗',
    '改天再通知你'],
  last_case_seq integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, store_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  check (cardinality(forbidden_phrases) <= 200)
);

-- 责任归属: a category's default department and responsible person at one store.
create table complaint_responsibilities (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  category text not null,
  department text not null check (department in ('sales', 'service', 'parts', 'finance', 'customerRelations')),
  responsible_user_id uuid,
  primary key (tenant_id, store_id, category),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, responsible_user_id) references users (tenant_id, id)
);

-- Who manages each department at a store: the first step of an escalation.
create table complaint_department_managers (
  tenant_id uuid not null references tenants (id),
  store_id uuid not null,
  department text not null check (department in ('sales', 'service', 'parts', 'finance', 'customerRelations')),
  manager_user_id uuid not null,
  primary key (tenant_id, store_id, department),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, manager_user_id) references users (tenant_id, id)
);

create table complaints (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  -- 受理编号 / 案例编号, per store.
  case_no text not null,
  channel text not null check (channel in ('callback', 'walkIn', 'phone', 'letter', 'email')),
  category text not null,
  severity text not null check (severity in ('ordinary', 'urgent')),
  related_to text check (related_to in ('sales', 'afterSales')),
  -- 首次 / 再次, and the earlier complaint it repeats; 投诉次数.
  is_repeat boolean not null default false,
  repeat_of_id uuid,
  complaint_count integer not null default 1 check (complaint_count >= 1),
  state text not null default 'received'
    check (state in ('received', 'upheld', 'dispatched', 'answered', 'satisfied', 'closed', 'notUpheld')),
  -- 投诉时间 (every clock runs from here), 所发生的时间, and when it was recorded.
  complained_at timestamptz not null,
  occurred_at timestamptz,
  received_by uuid,
  customer_id uuid,
  vehicle_id uuid,
  repair_order_id uuid,
  delivery_id uuid,
  -- 投诉人 / 用户信息 as told (the file may not know them, or know them differently).
  complainant_name text not null check (length(complainant_name) between 1 and 100),
  contact_person text,
  gender text check (gender in ('male', 'female')),
  mobile text,
  landline text,
  email text,
  address text,
  postcode text,
  vehicle_use text,
  customer_overview text,
  -- 车辆信息
  vehicle_model text,
  plate text,
  vin text,
  agreement_no text,
  purchase_date date,
  mileage_km integer check (mileage_km >= 0),
  -- 维修工时描述, 维修班组, 服务顾问, 销售情况
  labour_description text,
  repair_team text,
  service_advisor text,
  sales_info text,
  -- 投诉内容与要求 / 用户抱怨内容和用户要求, 其他相关信息
  customer_words text not null check (length(customer_words) between 1 and 4000),
  customer_demands text,
  other_info text,
  -- 有效性判定: not upheld → the reason and the tactful reply given.
  judged_at timestamptz,
  judged_by uuid,
  not_upheld_reason text,
  reply_to_customer text,
  -- 派发: department and 处理责任人.
  department text check (department in ('sales', 'service', 'parts', 'finance', 'customerRelations')),
  responsible_user_id uuid,
  dispatched_at timestamptz,
  dispatched_by uuid,
  dispatch_note text,
  -- 注明解决办法 (to the customer) and 处理过程及情况 (the department's answer).
  solution_plan text,
  planned_at timestamptz,
  department_answer text,
  answered_at timestamptz,
  answered_by uuid,
  -- 接受程度 (the last re-call's result), 客服部复核意见, 处理结果总结, 处理完毕日期, signed by.
  customer_acceptance text,
  review_opinion text,
  result_summary text,
  closed_at timestamptz,
  closed_by uuid,
  reopen_count integer not null default 0,
  -- The complaintSla version that set the clocks and the department.
  rule_set_id uuid,
  rule_set_version integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, store_id, case_no),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, repeat_of_id) references complaints (tenant_id, id),
  foreign key (tenant_id, received_by) references users (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, vehicle_id) references vehicles (tenant_id, id),
  foreign key (tenant_id, repair_order_id) references repair_orders (tenant_id, id),
  foreign key (tenant_id, delivery_id) references deliveries (tenant_id, id),
  foreign key (tenant_id, judged_by) references users (tenant_id, id),
  foreign key (tenant_id, responsible_user_id) references users (tenant_id, id),
  foreign key (tenant_id, dispatched_by) references users (tenant_id, id),
  foreign key (tenant_id, answered_by) references users (tenant_id, id),
  foreign key (tenant_id, closed_by) references users (tenant_id, id)
);
create index complaints_board on complaints (tenant_id, store_id, state, complained_at desc);
create index complaints_customer on complaints (tenant_id, customer_id, complained_at desc);
create index complaints_vehicle on complaints (tenant_id, vehicle_id, complained_at desc);
create index complaints_responsible on complaints (tenant_id, responsible_user_id, state);

-- One clock of one round (a reopen or an unsatisfied re-call starts a new round).
create table complaint_clocks (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  complaint_id uuid not null,
  clock text not null check (clock in ('dispatch', 'plan', 'answer')),
  round integer not null check (round >= 1),
  started_at timestamptz not null,
  due_at timestamptz not null,
  -- Each further escalation step follows the breach by half the clock's length more.
  step_interval_ms bigint not null check (step_interval_ms > 0),
  escalation text[] not null,
  done_at timestamptz,
  breached_at timestamptz,
  cancelled_at timestamptz,
  rule_set_id uuid,
  rule_set_version integer not null,
  rule_id text not null,
  primary key (tenant_id, id),
  unique (tenant_id, complaint_id, clock, round),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  check (due_at > started_at)
);

-- The timeline: every step, who and when (insert-only for the app).
create table complaint_events (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  complaint_id uuid not null,
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  kind text not null,
  details jsonb not null default '{}',
  primary key (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, actor_user_id) references users (tenant_id, id)
);
create index complaint_events_timeline on complaint_events (tenant_id, complaint_id, at);

-- 再次回访记录: each re-call of the customer and what they said.
create table complaint_recalls (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  complaint_id uuid not null,
  outcome text not null check (outcome in ('satisfied', 'notSatisfied', 'unreachable')),
  note text,
  called_by uuid,
  called_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, called_by) references users (tenant_id, id)
);
create index complaint_recalls_complaint on complaint_recalls (tenant_id, complaint_id, called_at);

-- In-app notifications for one person; an escalation step notifies each person once.
create table notifications (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  store_id uuid,
  kind text not null,
  complaint_id uuid,
  clock_id uuid,
  step integer,
  details jsonb not null default '{}',
  created_at timestamptz not null default clock_timestamp(),
  read_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, clock_id) references complaint_clocks (tenant_id, id)
);
create unique index notifications_escalation_once on notifications (tenant_id, clock_id, step, user_id)
  where clock_id is not null;
create index notifications_inbox on notifications (tenant_id, user_id, created_at desc);

-- 纠正预防措施
create table complaint_actions (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  complaint_id uuid not null,
  kind text not null check (kind in ('corrective', 'preventive')),
  description text not null check (length(description) between 1 and 4000),
  owner_user_id uuid,
  due_on date,
  done_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, owner_user_id) references users (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id)
);
create index complaint_actions_complaint on complaint_actions (tenant_id, complaint_id);

create table complaint_attachments (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  complaint_id uuid not null,
  action_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 200),
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  storage_key text not null unique,
  uploaded_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, action_id) references complaint_actions (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, uploaded_by) references users (tenant_id, id)
);
create index complaint_attachments_action on complaint_attachments (tenant_id, action_id);

do $$
declare t text;
begin
  foreach t in array array['complaint_settings', 'complaint_responsibilities', 'complaint_department_managers',
    'complaints', 'complaint_clocks', 'complaint_events', 'complaint_recalls', 'notifications',
    'complaint_actions', 'complaint_attachments'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke update, delete on complaint_events from crm_app_rw;
revoke update, delete on complaint_recalls from crm_app_rw;
