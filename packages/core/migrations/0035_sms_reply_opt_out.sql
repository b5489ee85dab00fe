-- A reply may give a score and opt out at once (10分 退订): the opt-out is kept beside the
-- meaning instead of replacing it. Replies recorded before were either one or the other.
alter table sms_replies add column opted_out boolean not null default false;
update sms_replies set opted_out = true where meaning = 'optOut';
