-- 受理时间: when the store received a complaint, beside 投诉时间 (complained_at, e.g. a
-- letter's date) and 所发生的时间 (occurred_at). Every clock runs from receipt: a letter
-- dated three days ago starts its 30-minute dispatch clock when it arrives, not breached.
-- Rows recorded before this column have their recording time as their receipt.
alter table complaints add column received_at timestamptz;
update complaints set received_at = created_at where received_at is null;
alter table complaints alter column received_at set not null;
