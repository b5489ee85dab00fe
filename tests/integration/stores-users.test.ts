import { type SeededGroup, seedGroup, seedPlatform, testConfig, uid } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const config = testConfig();
const api = testApi(config);
const owner = postgres(config.DATABASE_URL, { max: 1, onnotice: () => {} });
let group: SeededGroup;
let hq: Client;
beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 2 });
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
});
afterAll(async () => {
  await owner.end();
  await api.close();
});

const as = async (role: keyof SeededGroup['users']) => {
  const c = new Client(api.app);
  await c.login(group.users[role].email, group.users[role].password);
  return c;
};

describe('stores', () => {
  it('HQ creates a store with its details, edits it, and the audit log says who', async () => {
    const code = `HZ${uid()}`;
    const created = await hq.ok('POST', '/v1/stores', {
      code,
      name: '杭州鑫宝宝马4S店',
      brands: ['BMW', 'MINI'],
      phone: '0571-88886666',
      address: '杭州市西湖区文三路 1 号',
      smsSignature: '【鑫宝宝马】',
    });
    expect(created).toMatchObject({
      code,
      timeZone: 'Asia/Shanghai',
      smsSignature: '鑫宝宝马',
      active: true,
    });
    const edited = await hq.ok('PATCH', `/v1/stores/${created.id}`, {
      name: '杭州鑫宝宝马',
      brands: ['BMW'],
    });
    expect(edited).toMatchObject({ name: '杭州鑫宝宝马', brands: ['BMW'], phone: '0571-88886666' });
    const audit = await owner`
      select action, actor_user_id from audit_log where entity_id = ${created.id} order by at`;
    expect(audit.map((a) => a.action)).toEqual(['store.create', 'store.update']);
    expect(audit.every((a) => a.actor_user_id === group.users.hq_admin.id)).toBe(true);
  });

  it('a duplicate store code is a conflict naming the field, and nothing is written', async () => {
    const before = (await hq.ok('GET', '/v1/stores')).items.length;
    const reply = await hq.request('POST', '/v1/stores', { code: 'S1', name: '重复' });
    expect(reply.status).toBe(409);
    expect(reply.body.error.details[0].path).toBe('code');
    expect((await hq.ok('GET', '/v1/stores')).items.length).toBe(before);
  });

  it('HQ sees every store of the group; store staff only their own', async () => {
    const all = (await hq.ok('GET', '/v1/stores')).items.map((s: { id: string }) => s.id);
    expect(all).toEqual(expect.arrayContaining(group.storeIds));
    const agent = await as('callback_agent');
    expect((await agent.ok('GET', '/v1/stores')).items.map((s: { id: string }) => s.id)).toEqual([
      group.storeIds[0],
    ]);
    expect((await agent.request('GET', `/v1/stores/${group.storeIds[1]}`)).status).toBe(404);
  });

  it('deactivating a store stops its API tokens', async () => {
    const store = await hq.ok('POST', '/v1/stores', { code: `X${uid()}`, name: '将停用' });
    const { token } = await hq.ok('POST', `/v1/stores/${store.id}/api-tokens`, { name: 'DMS' });
    const dms = Client.withToken(api.app, token);
    expect((await dms.request('GET', '/v1/stores')).status).toBe(200);
    const off = await hq.ok('POST', `/v1/stores/${store.id}/deactivate`);
    expect(off.active).toBe(false);
    expect((await dms.request('GET', '/v1/stores')).status).toBe(401);
  });

  it('HQ reactivates a deactivated store: its tokens work again and the audit log says so', async () => {
    const store = await hq.ok('POST', '/v1/stores', { code: `Y${uid()}`, name: '暂停营业' });
    const { token } = await hq.ok('POST', `/v1/stores/${store.id}/api-tokens`, { name: 'DMS' });
    const dms = Client.withToken(api.app, token);
    await hq.ok('POST', `/v1/stores/${store.id}/deactivate`);
    expect((await dms.request('GET', '/v1/stores')).status).toBe(401);
    const admin = await as('store_admin');
    expect((await admin.request('POST', `/v1/stores/${group.storeIds[0]}/reactivate`)).status).toBe(403);
    const back = await hq.ok('POST', `/v1/stores/${store.id}/reactivate`);
    expect(back).toMatchObject({ id: store.id, active: true });
    expect((await dms.request('GET', '/v1/stores')).status).toBe(200);
    const audit = await owner`
      select details from audit_log where entity_id = ${store.id} and action = 'store.update' order by at`;
    expect(audit.map((a) => a.details)).toEqual([{ fields: ['active'] }, { fields: ['active'] }]);
    const other = await seedGroup(api.deps.db, { stores: 1 });
    expect((await hq.request('POST', `/v1/stores/${other.storeIds[0]}/reactivate`)).status).toBe(404);
  });
});

describe('users and role assignments', () => {
  it('a store admin adds staff at their store but cannot make HQ admins or act at another store', async () => {
    const admin = await as('store_admin');
    const user = await admin.ok('POST', '/v1/users', {
      name: '王五',
      email: `wangwu-${uid()}@example.test`,
      password: 'Wangwu-pass-1',
      roles: [{ role: 'staff', storeId: group.storeIds[0], position: 'sales_consultant' }],
    });
    expect(user.roles).toEqual([expect.objectContaining({ role: 'staff', position: 'sales_consultant' })]);
    const hqRole = await admin.request('POST', `/v1/users/${user.id}/roles`, { role: 'hq_admin' });
    expect(hqRole.status).toBe(403);
    const otherStore = await admin.request('POST', `/v1/users/${user.id}/roles`, {
      role: 'receptionist',
      storeId: group.storeIds[1],
    });
    expect(otherStore.status).toBe(404);
    // HQ can.
    const added = await hq.ok('POST', `/v1/users/${user.id}/roles`, {
      role: 'receptionist',
      storeId: group.storeIds[1],
    });
    expect(added.role).toBe('receptionist');
  });

  it('a store admin cannot see or change a group-wide (HQ) person', async () => {
    const admin = await as('store_admin');
    expect((await admin.request('GET', `/v1/users/${group.users.hq_admin.id}`)).status).toBe(404);
    expect((await admin.request('PATCH', `/v1/users/${group.users.hq_admin.id}`, { name: 'x' })).status).toBe(
      404,
    );
  });

  it('a store admin cannot take over a colleague who also works at another store; HQ can change them', async () => {
    const admin = await as('store_admin');
    const [s1, s2] = group.storeIds as [string, string];
    const email = `callback-both-${uid()}@example.test`;
    const specialist = await hq.ok('POST', '/v1/users', {
      name: '周丽华',
      email,
      password: 'Zhou-lihua-2024',
      roles: [
        { role: 'callback_agent', storeId: s1 },
        { role: 'callback_agent', storeId: s2 },
      ],
    });
    const attempts: [string, string, unknown][] = [
      ['PATCH', `/v1/users/${specialist.id}`, { password: 'Taken-over-9876', email: `evil-${uid()}@x.test` }],
      ['PATCH', `/v1/users/${specialist.id}`, { mobile: '13900001111' }],
      ['PATCH', `/v1/users/${specialist.id}`, { active: false }],
      ['POST', `/v1/users/${specialist.id}/roles`, { role: 'receptionist', storeId: s1 }],
      ['DELETE', `/v1/users/${specialist.id}/roles/${specialist.roles[0].id}`, undefined],
    ];
    for (const [method, path, body] of attempts) {
      const reply = await admin.request(method, path, body);
      expect({ method, path, status: reply.status, code: reply.body?.error?.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    // Nothing changed: the specialist still signs in with their own password and has both roles.
    const specialistClient = new Client(api.app);
    expect((await specialistClient.login(email, 'Zhou-lihua-2024')).status).toBe(200);
    expect((await specialistClient.login(email, 'Taken-over-9876')).status).toBe(401);
    const unchanged = await hq.ok('GET', `/v1/users/${specialist.id}`);
    expect(unchanged).toMatchObject({ email, mobile: null, active: true });
    const held = unchanged.roles.map((r: { role: string; storeId: string }) => `${r.role}@${r.storeId}`);
    expect(held.sort()).toEqual([`callback_agent@${s1}`, `callback_agent@${s2}`].sort());
    // The admin may still see the colleague who works at their store.
    expect((await admin.request('GET', `/v1/users/${specialist.id}`)).status).toBe(200);
    // HQ may change the credentials.
    const changed = await hq.ok('PATCH', `/v1/users/${specialist.id}`, { password: 'New-zhou-2025x' });
    expect(changed.id).toBe(specialist.id);
    expect((await new Client(api.app).login(email, 'New-zhou-2025x')).status).toBe(200);
  });

  it('a store admin changes a person who works only at their store, and does not see one only at another', async () => {
    const admin = await as('store_admin');
    const [s1, s2] = group.storeIds as [string, string];
    const mine = await hq.ok('POST', '/v1/users', {
      name: '本店员工',
      email: `mine-${uid()}@example.test`,
      password: 'Mine-pass-2024',
      roles: [{ role: 'receptionist', storeId: s1 }],
    });
    expect((await admin.ok('PATCH', `/v1/users/${mine.id}`, { active: false })).active).toBe(false);
    const theirs = await hq.ok('POST', '/v1/users', {
      name: '别店员工',
      email: `theirs-${uid()}@example.test`,
      password: 'Theirs-pass-2024',
      roles: [{ role: 'receptionist', storeId: s2 }],
    });
    expect((await admin.request('PATCH', `/v1/users/${theirs.id}`, { active: false })).status).toBe(404);
    expect((await admin.request('GET', `/v1/users/${theirs.id}`)).status).toBe(404);
  });

  it("HQ asking for the people of another group's store is told the store is not found", async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const reply = await hq.request('GET', `/v1/users?storeId=${other.storeIds[0]}`);
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('NOT_FOUND');
    const own = await hq.ok('GET', `/v1/users?storeId=${group.storeIds[0]}`);
    expect(own.items.map((u: { id: string }) => u.id)).toContain(group.users.store_admin.id);
  });

  it.each([
    ['shorter than 10 characters', 'Short-p-1', '密码至少 10 个字符'],
    ['only spaces', '            ', '密码不能只有空格'],
    ['on the common-password list', 'Password123', '这是常见密码，容易被猜中，请换一个'],
  ])(
    'refuses a new person whose password is %s, naming the field, and creates no one',
    async (_what, password, reason) => {
      const email = `weak-${uid()}@example.test`;
      const reply = await hq.request('POST', '/v1/users', {
        name: '弱密码',
        email,
        password,
        roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toEqual([{ path: 'password', message: reason }]);
      expect((await new Client(api.app).login(email, password)).status).toBe(401);
      const reset = await hq.request('PATCH', `/v1/users/${group.users.staff.id}`, { password });
      expect(reset.status).toBe(400);
      expect(reset.body.error.details).toEqual([{ path: 'password', message: reason }]);
    },
  );

  it('a store admin adding someone whose email and mobile a person of another group uses is told nothing of it', async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const otherHq = new Client(api.app);
    await otherHq.login(other.users.hq_admin.email, other.users.hq_admin.password);
    const mobile = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const email = `shared-${uid()}@example.test`;
    const elsewhere = await otherHq.ok('POST', '/v1/users', {
      name: '别的集团',
      email,
      mobile,
      password: 'Elsewhere-pass-1',
      roles: [{ role: 'receptionist', storeId: other.storeIds[0] }],
    });

    const admin = await as('store_admin');
    const taken = await admin.request('POST', '/v1/users', {
      name: '本集团',
      email: email.toUpperCase(),
      mobile,
      password: 'Ours-pass-2024',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    const fresh = await admin.request('POST', '/v1/users', {
      name: '本集团新人',
      email: `fresh-${uid()}@example.test`,
      mobile: `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      password: 'Fresh-pass-2024',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    // The same answer as for a login nobody uses.
    expect([taken.status, fresh.status]).toEqual([201, 201]);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(taken.body).toMatchObject({ name: '本集团', mobile, active: true });

    // Each person signs in to their own group with their own password, by email or by mobile.
    const tenantOf = async (login: string, password: string) => {
      const c = new Client(api.app);
      expect((await c.login(login, password)).status).toBe(200);
      const me = await c.ok('GET', '/v1/auth/me');
      return [me.tenant.id, me.user.id];
    };
    expect(await tenantOf(email, 'Elsewhere-pass-1')).toEqual([other.tenantId, elsewhere.id]);
    expect(await tenantOf(mobile, 'Ours-pass-2024')).toEqual([group.tenantId, taken.body.id]);
    expect((await new Client(api.app).login(email, 'Neither-pass-2024')).status).toBe(401);
  });

  it('an email already used in the group is a conflict on email', async () => {
    const reply = await hq.request('POST', '/v1/users', {
      name: '重名',
      email: group.users.staff.email.toUpperCase(),
      password: 'Dup-pass-123',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.details[0].path).toBe('email');
  });
});

describe('tenants (platform operator)', () => {
  it('creates a dealer group whose first HQ admin can sign in and sees no other group', async () => {
    const platform = await seedPlatform(api.deps.db);
    const operator = new Client(api.app);
    await operator.login(platform.admin.email, platform.admin.password);
    const email = `boss-${uid()}@example.test`;
    const tenant = await operator.ok('POST', '/v1/tenants', {
      code: `grp-${uid()}`,
      name: '华东汽车集团',
      admin: { name: '赵总', email, password: 'Boss-pass-123' },
    });
    expect(tenant.name).toBe('华东汽车集团');
    const boss = new Client(api.app);
    expect((await boss.login(email, 'Boss-pass-123')).status).toBe(200);
    const me = await boss.ok('GET', '/v1/auth/me');
    expect(me.tenant).toMatchObject({ id: tenant.id, kind: 'group' });
    expect((await boss.ok('GET', '/v1/stores')).items).toEqual([]);
    expect((await boss.request('GET', `/v1/stores/${group.storeIds[0]}`)).status).toBe(404);
  });
});
