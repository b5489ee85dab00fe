-- An import always ends done, failed with a reason, or resumable (issue #16): the job that
-- runs it now (the outbox id of its last imports.run, which is the BullMQ job id), how many
-- times the nightly check has queued it again after its job was gone, and whether a failed
-- import may be resumed by hand (its file is kept; the failure was an interruption, not the file).
alter table imports
  add column job_id uuid,
  add column resumes integer not null default 0 check (resumes >= 0),
  add column resumable boolean not null default false;

-- The nightly check's scan: a store's imports that are not finished.
create index imports_unfinished on imports (tenant_id, store_id) where status in ('queued', 'running');
