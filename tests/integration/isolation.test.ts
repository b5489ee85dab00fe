import { createDatabase } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { fillPath, operationsOf, routeKey, sampleOf } from '../support/openapi.ts';

/** Tables that belong to no tenant, each with the reason. Everything else must be under RLS. */
const globalTables: Record<string, string> = {
  schema_migrations: 'migration ledger, owner only',
  login_throttle: 'counts failed logins per account and address before anyone is known',
};

const config = testConfig();
const api = testApi(config);
const owner = postgres(config.DATABASE_URL, { max: 2, onnotice: () => {} });
let a: SeededGroup;
let b: SeededGroup;
/** Ids of tenant B's objects, by path parameter name. */
const bIds: Record<string, string> = {};

beforeAll(async () => {
  [a, b] = await Promise.all([seedGroup(api.deps.db), seedGroup(api.deps.db)]);
  // Give B one of everything through its own API, so every table has B rows to leak.
  const hqB = new Client(api.app);
  await hqB.login(b.users.hq_admin.email, b.users.hq_admin.password);
  const storeId = b.storeIds[0] as string;
  const token = await hqB.ok('POST', `/v1/stores/${storeId}/api-tokens`, { name: 'DMS' });
  const staff = await hqB.ok('GET', `/v1/users/${b.users.staff.id}`);
  Object.assign(bIds, {
    storeId,
    tenantId: b.tenantId,
    userId: b.users.staff.id,
    tokenId: token.id,
    assignmentId: staff.roles[0].id,
  });
  await hqB.ok('PATCH', `/v1/stores/${storeId}`, { phone: '0571-88886666' });
  const hqA = new Client(api.app);
  await hqA.login(a.users.hq_admin.email, a.users.hq_admin.password);
  await hqA.ok('POST', `/v1/stores/${a.storeIds[0]}/api-tokens`, { name: 'DMS' });
});
afterAll(async () => {
  await owner.end();
  await api.close();
});

describe('row-level security, table by table (from the catalogue)', () => {
  const appDb = createDatabase({ url: config.databaseAppUrl, max: 2 });
  afterAll(() => appDb.close());

  it('covers every table of the public schema: RLS on, or listed as global with a reason', async () => {
    const tables = await owner<{ name: string; rls: boolean; tenantColumn: boolean }[]>`
      select c.relname as name, c.relrowsecurity as rls,
        exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id'
                and not a.attisdropped) as "tenantColumn"
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      if (globalTables[t.name]) continue;
      expect({ table: t.name, rls: t.rls }).toEqual({ table: t.name, rls: true });
      if (t.name !== 'tenants')
        expect({ table: t.name, tenantColumn: t.tenantColumn }).toEqual({
          table: t.name,
          tenantColumn: true,
        });
      const [policy] =
        await owner`select 1 from pg_policies where schemaname = 'public' and tablename = ${t.name}`;
      expect({ table: t.name, policy: Boolean(policy) }).toEqual({ table: t.name, policy: true });
    }
    // The app role can neither bypass RLS nor own the tables.
    const [role] =
      await owner`select rolbypassrls, rolsuper from pg_roles where rolname = ${config.DATABASE_APP_USER}`;
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
  });

  it('shows no tenant rows without a tenant, and none of B inside A', async () => {
    const tables = await owner<{ name: string }[]>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity order by 1`;
    let checkedWithRows = 0;
    for (const { name } of tables) {
      const key = name === 'tenants' ? 'id' : 'tenant_id';
      const [total] = await owner.unsafe(`select count(*)::int as n from ${name} where ${key} = $1`, [
        b.tenantId,
      ]);
      if ((total?.n ?? 0) > 0) checkedWithRows++;
      const none = await appDb.withoutTenant((tx) => tx.unsafe(`select count(*)::int as n from ${name}`));
      expect({ table: name, rows: none[0]?.n }).toEqual({ table: name, rows: 0 });
      const leaked = await appDb.withTenant(a.tenantId, (tx) =>
        tx.unsafe(`select count(*)::int as n from ${name} where ${key} = $1`, [b.tenantId]),
      );
      expect({ table: name, leaked: leaked[0]?.n }).toEqual({ table: name, leaked: 0 });
    }
    // The sweep is only worth something if B really has rows in the core tables.
    expect(checkedWithRows).toBeGreaterThanOrEqual(6);
  });

  it('refuses to write a row into another tenant', async () => {
    await expect(
      appDb.withTenant(
        a.tenantId,
        (tx) => tx`insert into stores (tenant_id, code, name) values (${b.tenantId}, 'EVIL', 'x')`,
      ),
    ).rejects.toMatchObject({ code: expect.any(String) });
    const [row] = await owner`select count(*)::int as n from stores where code = 'EVIL'`;
    expect(row?.n).toBe(0);
  });
});

describe('every /v1 route (from the OpenAPI document) hides tenant B from tenant A', async () => {
  const doc = (await new Client(api.app).request('GET', '/openapi.json')).body;
  // Platform routes act across tenants by design; the role matrix covers who may call them.
  // Gateway webhooks (/webhooks/…) have no caller: a signature made with the store's secret
  // guards them (tests/integration/sms.test.ts).
  const ops = operationsOf(doc).filter(
    (op) =>
      op.params.some((p) => p.endsWith('Id')) &&
      op.path.startsWith('/v1/') &&
      !op.path.startsWith('/v1/tenants'),
  );

  it('documents routes with ids to sweep', () => {
    expect(ops.length).toBeGreaterThanOrEqual(8);
  });

  it.each(ops.map((op) => [routeKey(op), op] as const))('%s with B ids → 404 for A', async (_key, op) => {
    const hqA = new Client(api.app);
    await hqA.login(a.users.hq_admin.email, a.users.hq_admin.password);
    const values = Object.fromEntries(
      op.params.map((p) => [p, bIds[p] ?? (p.endsWith('Id') ? crypto.randomUUID() : 'callbackWindow')]),
    );
    const body = op.body ? sampleOf(op.body, doc, bIds) : undefined;
    const reply = await hqA.request(op.method, fillPath(op.path, values, op, doc), body);
    expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    // Nothing of B's came back in the message either.
    expect(JSON.stringify(reply.body)).not.toContain(b.code);
  });
});
