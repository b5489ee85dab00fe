-- Where a store chooses so, a complaint clock that runs out also texts the people its
-- escalation step notifies (department manager, then general manager), through the SMS pipeline.
alter table complaint_settings add column escalation_sms boolean not null default false;
