-- An email or mobile names one person per group, not on the whole platform. A store admin
-- adding someone learned from the old platform-wide "already taken" that the address was
-- used in another group; now only a person of their own group conflicts. Sign-in still
-- takes just the login and the password: it checks the password against each person with
-- that login (identity/sessions.ts) and opens the session of the one it fits.
drop index users_email_key;
drop index users_mobile_key;
create unique index users_email_key on users (tenant_id, lower(email)) where email is not null;
create unique index users_mobile_key on users (tenant_id, mobile) where mobile is not null;
create index users_login_email on users (lower(email)) where email is not null;
create index users_login_mobile on users (mobile) where mobile is not null;

-- Every person with this login, oldest first (at most a handful: one per group).
create or replace function app_private.login_lookup(p_login text)
returns table (tenant_id uuid, user_id uuid, password_hash text, active boolean, tenant_active boolean)
language sql stable security definer set search_path = public as $$
  select u.tenant_id, u.id, u.password_hash, u.active, t.active
  from users u join tenants t on t.id = u.tenant_id
  where lower(u.email) = lower(p_login) or u.mobile = p_login
  order by u.created_at, u.id
  limit 20
$$;
