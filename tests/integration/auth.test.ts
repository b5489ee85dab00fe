import { loginLimits } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

// The API behind the web server trusts X-Forwarded-For; each test uses its own address so
// throttling in one test never blocks another.
const api = testApi(testConfig({ env: { TRUST_PROXY: 'true' } }));
let group: SeededGroup;
beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 2 });
});
afterAll(() => api.close());

const newAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${uid()}`;
const client = () => {
  const c = new Client(api.app);
  c.address = newAddress();
  return c;
};

describe('signing in', () => {
  it('works by email (any case) and by mobile, and says who is signed in', async () => {
    const hq = client();
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await hq.ok('POST', '/v1/users', {
      name: '李四',
      mobile,
      password: 'Mobile-pass-1',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    const byMobile = client();
    expect((await byMobile.login(mobile, 'Mobile-pass-1')).status).toBe(200);
    const me = await byMobile.ok('GET', '/v1/auth/me');
    expect(me.user.name).toBe('李四');
    expect(me.stores.map((s: { id: string }) => s.id)).toEqual([group.storeIds[0]]);
    const byEmail = client();
    expect(
      (await byEmail.login(group.users.hq_admin.email.toUpperCase(), group.users.hq_admin.password)).status,
    ).toBe(200);
    expect((await byEmail.ok('GET', '/v1/auth/me')).stores).toHaveLength(2);
  });

  it('gives one answer for a wrong password and an unknown login', async () => {
    const wrong = await client().login(group.users.staff.email, 'not-the-password');
    const unknown = await client().login(`nobody-${uid()}@example.test`, 'whatever-pass');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error).toEqual(unknown.body.error);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie (Secure in production)', async () => {
    const reply = await client().request('POST', '/v1/auth/login', {
      login: group.users.staff.email,
      password: group.users.staff.password,
    });
    const cookie = reply.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^crm_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const prod = testApi(testConfig({ env: { NODE_ENV: 'production' } }));
    try {
      const secure = await new Client(prod.app).request('POST', '/v1/auth/login', {
        login: group.users.staff.email,
        password: group.users.staff.password,
      });
      expect(secure.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await prod.close();
    }
  });

  it('signs out: the session stops working', async () => {
    const c = client();
    await c.login(group.users.cr_manager.email, group.users.cr_manager.password);
    expect((await c.request('POST', '/v1/auth/logout')).status).toBe(204);
    expect((await c.request('GET', '/v1/auth/me')).status).toBe(401);
  });

  it('refuses a deactivated person', async () => {
    const hq = client();
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const email = `leaver-${uid()}@example.test`;
    const user = await hq.ok('POST', '/v1/users', {
      name: '离职员工',
      email,
      password: 'Leaver-pass-1',
      roles: [{ role: 'callback_agent', storeId: group.storeIds[0] }],
    });
    const before = client();
    expect((await before.login(email, 'Leaver-pass-1')).status).toBe(200);
    await hq.ok('PATCH', `/v1/users/${user.id}`, { active: false });
    expect((await client().login(email, 'Leaver-pass-1')).status).toBe(401);
  });
});

describe('rate limits on signing in', () => {
  it(`locks an account after ${loginLimits.perAccount} failures, even with the right password`, async () => {
    const hq = client();
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const email = `target-${uid()}@example.test`;
    await hq.ok('POST', '/v1/users', {
      name: '目标',
      email,
      password: 'Target-pass-1',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    for (let i = 0; i < loginLimits.perAccount; i++) {
      expect((await client().login(email, `guess-${i}-wrong`)).status).toBe(401);
    }
    const locked = await client().login(email, 'Target-pass-1');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
  });

  it(`blocks an address after ${loginLimits.perAddress} failures across accounts, not other addresses`, async () => {
    const attacker = client();
    for (let i = 0; i < loginLimits.perAddress; i++) {
      expect((await attacker.login(`spray-${i}-${uid()}@example.test`, 'spray-password')).status).toBe(401);
    }
    const blocked = await attacker.login(group.users.receptionist.email, group.users.receptionist.password);
    expect(blocked.status).toBe(429);
    const elsewhere = await client().login(group.users.receptionist.email, group.users.receptionist.password);
    expect(elsewhere.status).toBe(200);
  });
});

describe('CSRF protection for cookie sessions', () => {
  it('refuses a change without the token or with a wrong one; reads need none', async () => {
    const c = client();
    await c.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const body = { code: `C${uid()}`, name: '跨站请求' };
    const without = await c.request('POST', '/v1/stores', body, { csrf: false });
    expect(without.status).toBe(403);
    expect(without.body.error.message).toMatch(/CSRF/);
    const wrong = await c.request('POST', '/v1/stores', body, { headers: { 'x-csrf-token': 'forged' } });
    expect(wrong.status).toBe(403);
    const stores = (await c.ok('GET', '/v1/stores')).items;
    expect(stores.some((s: { code: string }) => s.code === body.code)).toBe(false);
    expect((await c.request('GET', '/v1/stores', undefined, { csrf: false })).status).toBe(200);
    expect((await c.request('POST', '/v1/stores', body)).status).toBe(201);
  });
});

describe('store API tokens', () => {
  it('shows the secret once, lists only its prefix, authenticates the DMS, and stops when revoked', async () => {
    const admin = client();
    await admin.login(group.users.store_admin.email, group.users.store_admin.password);
    const storeId = group.storeIds[0] as string;
    const created = await admin.ok('POST', `/v1/stores/${storeId}/api-tokens`, { name: 'DMS 接口' });
    expect(created.token).toMatch(new RegExp(`^crm_${created.prefix}_`));
    const listed = (await admin.ok('GET', `/v1/stores/${storeId}/api-tokens`)).items;
    const row = listed.find((t: { id: string }) => t.id === created.id);
    expect(row).toMatchObject({ name: 'DMS 接口', prefix: created.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const dms = Client.withToken(api.app, created.token);
    const seen = (await dms.ok('GET', '/v1/stores')).items;
    expect(seen.map((s: { id: string }) => s.id)).toEqual([storeId]);
    // A token needs no CSRF header, and cannot act as a person.
    expect((await dms.request('GET', '/v1/users')).status).toBe(403);

    expect((await admin.request('DELETE', `/v1/stores/${storeId}/api-tokens/${created.id}`)).status).toBe(
      204,
    );
    expect((await dms.request('GET', '/v1/stores')).status).toBe(401);
    expect((await Client.withToken(api.app, `${created.token}x`).request('GET', '/v1/stores')).status).toBe(
      401,
    );
  });

  it('a store admin cannot manage the tokens of a store that is not theirs', async () => {
    const admin = client();
    await admin.login(group.users.store_admin.email, group.users.store_admin.password);
    const reply = await admin.request('POST', `/v1/stores/${group.storeIds[1]}/api-tokens`, { name: 'x' });
    expect(reply.status).toBe(404);
  });
});
