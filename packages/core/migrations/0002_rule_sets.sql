-- Rule sets: each store's behaviour as data, versioned per (scope, kind). A rule set
-- belongs to the group (store_id null: the default for every store) or to one store.
-- A draft is edited in place; publishing freezes it; the previous published version of
-- that scope and kind becomes archived; a rollback publishes a copy of an older version
-- as a new version. Published and archived rows never change their body again (trigger).

create table rule_sets (
  tenant_id uuid not null references tenants (id),
  id uuid not null default gen_random_uuid(),
  -- null: the group's default for every store of the tenant
  store_id uuid,
  kind text not null check (kind ~ '^[a-z][A-Za-z0-9]{0,39}$'),
  version integer not null check (version >= 1),
  status text not null check (status in ('draft', 'published', 'archived')),
  body jsonb not null check (jsonb_typeof(body) = 'object'),
  author_user_id uuid,
  -- a rollback's copy names the version it copied
  copied_from_version integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id),
  foreign key (tenant_id, author_user_id) references users (tenant_id, id),
  check ((status = 'draft') = (published_at is null))
);

-- One row per version number in a scope; at most one draft and one published version.
create unique index rule_sets_version_key on rule_sets (tenant_id, store_id, kind, version)
  nulls not distinct;
create unique index rule_sets_one_draft on rule_sets (tenant_id, store_id, kind)
  nulls not distinct where status = 'draft';
create unique index rule_sets_one_published on rule_sets (tenant_id, store_id, kind)
  nulls not distinct where status = 'published';

alter table rule_sets enable row level security;
create policy rule_sets_tenant on rule_sets
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());

-- A published version is frozen: only published → archived may change, and nothing but
-- a draft may be deleted.
create function rule_sets_frozen() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'rule set version % is % and cannot be deleted', old.version, old.status
        using errcode = 'check_violation', constraint = 'rule_sets_frozen';
    end if;
    return old;
  end if;
  if old.status = 'draft' then
    return new;
  end if;
  if old.status = 'published' and new.status = 'archived'
    and new.body = old.body and new.version = old.version and new.kind = old.kind
    and new.store_id is not distinct from old.store_id
    and new.published_at = old.published_at then
    return new;
  end if;
  raise exception 'rule set version % is % and cannot change', old.version, old.status
    using errcode = 'check_violation', constraint = 'rule_sets_frozen';
end $$;

create trigger rule_sets_frozen before update or delete on rule_sets
  for each row execute function rule_sets_frozen();
