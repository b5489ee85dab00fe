-- Callbacks (客户回访): the task's life from its window opening to done or failed, who
-- works it, each call attempt with its outcome (the seven of domain.md), the answers per
-- questionnaire item with the questionnaire version they answered, and the SMS survey
-- fallback. Ingestion (0003) keeps writing the tasks; this gives them their states.
--
-- States: scheduled (window not yet open) → due (open, waiting for a call) → inProgress
-- (claimed by one specialist) → done (reached) | rescheduled (a time agreed: busy, not the
-- owner) → … | failed (window closed without contact, or a wrong number) | cancelled (the
-- event changed and no longer asks for it).

alter table callback_tasks drop constraint callback_tasks_status_check;
update callback_tasks set status = 'scheduled' where status = 'open';
alter table callback_tasks alter column status set default 'scheduled';
alter table callback_tasks add constraint callback_tasks_status_check
  check (status in ('scheduled', 'due', 'inProgress', 'rescheduled', 'done', 'failed', 'cancelled'));

alter table callback_tasks
  -- The specialist the task is assigned to (round-robin at opening, or by hand).
  add column assigned_to uuid,
  -- Who is on the call now: set by a claim, cleared when the call is recorded or released.
  -- A claim older than the store's claim lease may be taken over (a closed browser tab).
  add column claimed_by uuid,
  add column claimed_at timestamptz,
  add column rescheduled_to timestamptz,
  add column attempts integer not null default 0,
  -- Unsuccessful attempts (outcome 6) inside the window: the SMS survey goes out at the rule's count.
  add column unsuccessful_attempts integer not null default 0,
  add column last_attempt_at timestamptz,
  add column last_outcome text,
  -- The statistics bucket of the latest unsuccessful attempt: refusedOrNoAnswer / cannotConnect / other.
  add column last_unsuccessful_bucket text
    check (last_unsuccessful_bucket in ('refusedOrNoAnswer', 'cannotConnect', 'other')),
  -- Reached (回访成功): by a call (outcomes 1–3) or by an SMS survey reply with a score.
  add column reached_by text check (reached_by in ('call', 'sms')),
  add column overall_score numeric(4, 2) check (overall_score between 0 and 10),
  add column band text check (band in ('fullySatisfied', 'basicallySatisfied', 'dissatisfied')),
  add column sms_message_id uuid,
  add column complaint_id uuid,
  add column failed_reason text check (failed_reason in ('windowClosed', 'wrongNumber')),
  add column completed_at timestamptz,
  add foreign key (tenant_id, assigned_to) references users (tenant_id, id),
  add foreign key (tenant_id, claimed_by) references users (tenant_id, id),
  add foreign key (tenant_id, sms_message_id) references sms_messages (tenant_id, id),
  add foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  add check ((claimed_by is null) = (claimed_at is null)),
  add check (status <> 'inProgress' or claimed_by is not null),
  add check (status <> 'rescheduled' or rescheduled_to is not null);

-- The queue of today: open tasks of a store by window end.
create index callback_tasks_workable on callback_tasks (tenant_id, store_id, closes_on)
  where status in ('scheduled', 'due', 'inProgress', 'rescheduled');
create unique index callback_tasks_sms on callback_tasks (tenant_id, sms_message_id) where sms_message_id is not null;
create index callback_tasks_source on callback_tasks (tenant_id, source_id);

-- One row per call (回访记录); the unsuccessful ones are the 回访不成功明细表.
create table callback_attempts (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  store_id uuid not null,
  task_id uuid not null,
  attempt_no integer not null check (attempt_no >= 1),
  outcome text not null check (outcome in ('satisfied', 'dissatisfied', 'complaint', 'customerBusy',
    'notOwner', 'unsuccessful', 'wrongNumber')),
  -- Outcome 6 and 7: why (refused, noAnswer, lineBusy, poweredOff, suspended, callBarred,
  -- cannotConnect; wrongNumber, emptyNumber).
  reason text,
  unsuccessful_bucket text check (unsuccessful_bucket in ('refusedOrNoAnswer', 'cannotConnect', 'other')),
  note text check (length(note) <= 2000),
  rescheduled_to timestamptz,
  called_by uuid,
  called_at timestamptz not null default now(),
  complaint_id uuid,
  uncertain_record_id uuid,
  sms_message_id uuid,
  primary key (tenant_id, id),
  unique (tenant_id, task_id, attempt_no),
  foreign key (tenant_id, task_id) references callback_tasks (tenant_id, id),
  foreign key (tenant_id, called_by) references users (tenant_id, id),
  foreign key (tenant_id, complaint_id) references complaints (tenant_id, id),
  foreign key (tenant_id, uncertain_record_id) references uncertain_customer_records (tenant_id, id),
  foreign key (tenant_id, sms_message_id) references sms_messages (tenant_id, id)
);
create index callback_attempts_period on callback_attempts (tenant_id, store_id, called_at);

-- Answers per questionnaire item, with the questionnaire (rule set row and version, key)
-- the customer answered: a later edit of the questionnaire changes no answer.
create table callback_answers (
  tenant_id uuid not null references tenants (id),
  task_id uuid not null,
  item_id text not null,
  store_id uuid not null,
  attempt_id uuid not null,
  position integer not null,
  item_type text not null check (item_type in ('score', 'yesNo', 'threeWay', 'text')),
  item_label text not null,
  score numeric(4, 2) check (score between 0 and 10),
  yes boolean,
  choice text check (choice in ('fully', 'partly', 'not')),
  text text check (length(text) <= 2000),
  questionnaire_key text not null,
  rule_set_id uuid,
  rule_set_version integer not null,
  primary key (tenant_id, task_id, item_id),
  foreign key (tenant_id, task_id) references callback_tasks (tenant_id, id),
  foreign key (tenant_id, attempt_id) references callback_attempts (tenant_id, id),
  check (num_nonnulls(score, yes, choice, text) = 1)
);

do $$
declare t text;
begin
  foreach t in array array['callback_attempts', 'callback_answers'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (tenant_id = app_tenant()) with check (tenant_id = app_tenant())',
      t || '_tenant', t);
  end loop;
end $$;

revoke delete on callback_attempts from crm_app_rw;
revoke update, delete on callback_answers from crm_app_rw;
