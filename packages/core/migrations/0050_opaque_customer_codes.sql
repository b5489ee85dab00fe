-- No personal data in identifiers (issue #18, item 6). An imported customer without a DMS
-- number was keyed '手机:15896600231' (or '车架号:<VIN>'), and the customer file shows that
-- key as 编号 in clear to every role beside the masked phone. The key is now opaque:
-- 'IMP-' and the first 80 bits of sha256(store's secret || kind || ':' || value) in hex, so
-- a re-import finds the same customer, and without the secret the 10^11 mobiles cannot be
-- tried against it. The secret is a store's own (random, 32 bytes, never shown): a keyed
-- hash the SQL below computes with the builtin sha256 (pgcrypto's hmac is not everywhere:
-- the demo's embedded Postgres). packages/core/src/customers/customer-code.ts is the same
-- computation in TypeScript.
create table customer_code_keys (
  tenant_id uuid not null,
  store_id uuid not null,
  secret bytea not null default (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
  created_at timestamptz not null default now(),
  primary key (tenant_id, store_id),
  foreign key (tenant_id, store_id) references stores (tenant_id, id)
);
alter table customer_code_keys enable row level security;
create policy customer_code_keys_tenant on customer_code_keys
  using (tenant_id = app_tenant()) with check (tenant_id = app_tenant());
revoke update, delete on customer_code_keys from crm_app_rw;

create function app_private.customer_code(secret bytea, kind text, value text) returns text
  language sql immutable strict parallel safe
  as $$ select 'IMP-' || upper(encode(substring(sha256(secret || convert_to(kind || ':' || value, 'UTF8')) from 1 for 10), 'hex')) $$;
grant execute on function app_private.customer_code(bytea, text, text) to crm_app_rw;

insert into customer_code_keys (tenant_id, store_id) select tenant_id, id from stores;

update customers c
  set dms_id = app_private.customer_code(k.secret, 'mobile', substring(c.dms_id from 4)), updated_at = now()
  from customer_code_keys k
  where k.tenant_id = c.tenant_id and k.store_id = c.store_id and c.dms_id like '手机:%';
update customers c
  set dms_id = app_private.customer_code(k.secret, 'vin', substring(c.dms_id from 5)), updated_at = now()
  from customer_code_keys k
  where k.tenant_id = c.tenant_id and k.store_id = c.store_id and c.dms_id like '车架号:%';
