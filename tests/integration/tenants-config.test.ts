import { type Database, login } from '@crm/core';
import { type IsolatedDatabase, isolatedDatabase, testDatabase } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configRoot,
  loadTenantsConfig,
  type SyncSummary,
  syncTenantsConfig,
  type TenantsConfig,
} from '../../tenants-config/src/index.ts';

// Sync writes fixed codes and logins (xinbao, hq@xinbao.demo …), so it gets a database of its own.
describe('syncing tenants-config into the database', () => {
  let iso: IsolatedDatabase;
  let db: Database;
  let config: TenantsConfig;

  /** Everything sync may touch, read as the owner (past row-level security), in a stable order. */
  const snapshot = async () => ({
    tenants: await iso.owner`select * from tenants order by code`,
    stores: await iso.owner`select * from stores order by code`,
    users: await iso.owner`select * from users order by email`,
    roles: await iso.owner`
      select r.role, r.position, u.email, s.code as store from role_assignments r
      join users u on u.id = r.user_id left join stores s on s.id = r.store_id
      order by u.email, s.code nulls first, r.role`,
    audit: await iso.owner`select * from audit_log order by at, id`,
  });
  const nothing = { created: 0, updated: 0, removed: 0 };

  beforeAll(async () => {
    iso = await isolatedDatabase({ redis: false });
    db = testDatabase(iso.config);
    const loaded = await loadTenantsConfig({ root: configRoot });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    config = loaded.config;
  });

  afterAll(async () => {
    await db?.close();
    await iso?.drop();
  });

  it('creates the platform, the group, its three stores and every person on the first sync', async () => {
    const summary = await syncTenantsConfig({ db, config });
    // 1 platform admin; HQ admin and a callback agent of two stores; 8 people in each of 3 stores.
    expect(summary).toEqual<SyncSummary>({
      tenants: { created: 2, updated: 0, removed: 0 },
      stores: { created: 3, updated: 0, removed: 0 },
      users: { created: 27, updated: 0, removed: 0 },
      roles: { created: 28, updated: 0, removed: 0 },
      // 8 group defaults; LF-TOYOTA's callback window and tiers, BJ-BENZ's questionnaire, TJ-BMW's complaint clocks.
      ruleSets: { created: 13, updated: 0, removed: 0 },
    });
    const { tenants, stores } = await snapshot();
    expect(tenants.map((t) => [t.code, t.name, t.kind])).toEqual([
      ['platform', '平台运营中心', 'platform'],
      ['xinbao', '鑫宝汽车集团', 'group'],
    ]);
    expect(stores.map((s) => [s.code, s.timeZone, s.smsSignature])).toEqual([
      ['BJ-BENZ', 'Asia/Shanghai', '鑫宝奔驰'],
      ['LF-TOYOTA', 'Asia/Shanghai', '鑫宝丰田'],
      ['TJ-BMW', 'Asia/Shanghai', '鑫宝宝马'],
    ]);
  });

  it('changes nothing at all when run again', async () => {
    const before = await snapshot();
    const summary = await syncTenantsConfig({ db, config });
    expect(summary).toEqual({
      tenants: nothing,
      stores: nothing,
      users: nothing,
      roles: nothing,
      ruleSets: nothing,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('lets the HQ admin and the platform admin sign in with the demo password', async () => {
    for (const email of ['hq@xinbao.demo', 'admin@platform.demo']) {
      const { actor } = await login({
        db,
        input: { login: email, password: 'Xinbao-2024' },
        address: '203.0.113.9',
        ttlHours: 1,
      });
      expect(actor.kind).toBe('user');
    }
  });

  it('brings drifted names, store details and roles back to the files but keeps a changed password', async () => {
    await iso.owner`update stores set name = '改过的名字', brands = '{}' where code = 'TJ-BMW'`;
    await iso.owner`update users set name = '改名', password_hash = 'kept-hash' where email = 'sales.bj@xinbao.demo'`;
    await iso.owner`update role_assignments set position = 'department_manager'
      where user_id = (select id from users where email = 'gm.bj@xinbao.demo')`;
    await iso.owner`insert into role_assignments (tenant_id, user_id, store_id, role)
      select u.tenant_id, u.id, s.id, 'receptionist' from users u, stores s
      where u.email = 'callback.bj@xinbao.demo' and s.code = 'BJ-BENZ'`;

    const summary = await syncTenantsConfig({ db, config });

    expect(summary).toEqual({
      tenants: nothing,
      stores: { created: 0, updated: 1, removed: 0 },
      users: { created: 0, updated: 1, removed: 0 },
      roles: { created: 0, updated: 1, removed: 1 },
      ruleSets: nothing,
    });
    const [store] = await iso.owner`select name, brands from stores where code = 'TJ-BMW'`;
    expect(store).toEqual({ name: '天津鑫宝宝马4S店', brands: ['BMW', 'MINI'] });
    const [sales] =
      await iso.owner`select name, password_hash from users where email = 'sales.bj@xinbao.demo'`;
    expect(sales).toEqual({ name: '赵磊', passwordHash: 'kept-hash' });
    const roles = await iso.owner`
      select u.email, r.role, r.position from role_assignments r join users u on u.id = r.user_id
      where u.email in ('gm.bj@xinbao.demo', 'callback.bj@xinbao.demo') order by u.email`;
    expect(roles).toEqual([
      { email: 'callback.bj@xinbao.demo', role: 'callback_agent', position: null },
      { email: 'gm.bj@xinbao.demo', role: 'staff', position: 'general_manager' },
    ]);
  });

  it('leaves a store that HQ opened outside the files alone', async () => {
    await iso.owner`insert into stores (tenant_id, code, name)
      select id, 'BJ-NEW', '北京鑫宝新店' from tenants where code = 'xinbao'`;
    const summary = await syncTenantsConfig({ db, config });
    expect(summary.stores).toEqual(nothing);
    expect(await iso.owner`select code from stores where code = 'BJ-NEW'`).toHaveLength(1);
  });
});
