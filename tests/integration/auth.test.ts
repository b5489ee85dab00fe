import { createHash } from 'node:crypto';
import { loginThrottle } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Requester, testApi } from '../support/api.ts';
import { listening } from '../support/listening.ts';

// The API as the web server reaches it: on a socket, trusting X-Forwarded-For from loopback.
// Each test uses its own addresses so throttling in one test never blocks another.
const config = testConfig({ env: { TRUSTED_PROXIES: '127.0.0.1,::1' } });
const api = testApi(config);
const owner = postgres(config.DATABASE_URL, { max: 1, onnotice: () => {} });
let http: Awaited<ReturnType<typeof listening>>;
let app: Requester;
let group: SeededGroup;
beforeAll(async () => {
  http = await listening(api);
  app = http.app;
  group = await seedGroup(api.deps.db, { stores: 2 });
});
afterAll(async () => {
  await http.close();
  await owner.end();
  await api.close();
});

const newAddress = () =>
  `198.${Math.floor(Math.random() * 200) + 18}.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
const client = (address = newAddress()) => {
  const c = new Client(app);
  c.address = address;
  return c;
};

/**
 * Sets the throttle's clock for this address's keys (or this account's): the last attempt
 * was `seconds` ago. Tests set it rather than sleep, and so do not depend on how long a
 * password check takes on a busy machine.
 */
const lastAttemptAgo = (address: string, seconds: number) => owner`
  update login_throttle set last_attempt_at = now() - make_interval(secs => ${seconds})
  where key = ${`addr:${address}`} or key like ${`pair:%:${address}`}`;
const accountKey = (login: string) =>
  `acct:${createHash('sha256').update(login.toLowerCase()).digest('hex')}`;

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

describe('slowing down password guessing', () => {
  async function target(): Promise<{ email: string; password: string }> {
    const hq = client();
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const email = `target-${uid()}@example.test`;
    await hq.ok('POST', '/v1/users', {
      name: '目标',
      email,
      password: 'Target-pass-1',
      roles: [{ role: 'receptionist', storeId: group.storeIds[0] }],
    });
    return { email, password: 'Target-pass-1' };
  }

  it('lets the owner in from their own address while a guesser elsewhere is slowed, not the account locked', async () => {
    const victim = await target();
    const guesserAddress = newAddress();
    const guesser = client(guesserAddress);
    for (let i = 0; i < loginThrottle.pair.free; i++)
      expect((await guesser.login(victim.email, `guess-${i}-wrong`)).status).toBe(401);
    // Ten more guesses at once, right after: every one is turned away without a password check.
    await lastAttemptAgo(guesserAddress, 0);
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => guesser.login(victim.email, `burst-${i}-wrong`)),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(429));
    expect(burst[0]?.body.error).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    expect(burst[0]?.headers.get('retry-after')).toBe('1');

    const owner = await client().login(victim.email, victim.password);
    expect(owner.status).toBe(200);
    // From the guesser's address even the right password waits its turn.
    await lastAttemptAgo(guesserAddress, 0);
    expect((await client(guesserAddress).login(victim.email, victim.password)).status).toBe(429);
  });

  it('makes each further guess from one address wait twice as long: 1, 2, 4, 8 seconds', async () => {
    const victim = await target();
    const address = newAddress();
    const guesser = client(address);
    for (let i = 0; i < loginThrottle.pair.free; i++)
      expect((await guesser.login(victim.email, `guess-${i}-wrong`)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await lastAttemptAgo(address, 0);
      const refused = await guesser.login(victim.email, `early-${i}-wrong`);
      expect(refused.status).toBe(429);
      waits.push(refused.body.error.retryAfter);
      await lastAttemptAgo(address, refused.body.error.retryAfter);
      expect((await guesser.login(victim.email, `late-${i}-wrong`)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it('slows a guesser with many addresses by seconds at most, so the owner still gets in', async () => {
    const victim = await target();
    for (let i = 0; i < loginThrottle.account.free; i++)
      expect((await client().login(victim.email, `spread-${i}-wrong`)).status).toBe(401);
    const key = accountKey(victim.email);
    await owner`update login_throttle set last_attempt_at = now() where key = ${key}`;
    const next = await client().login(victim.email, 'spread-next-wrong');
    expect(next.status).toBe(429);
    expect(next.body.error.retryAfter).toBe(1);
    // However many guesses have come in, the account-wide wait is capped at 30 seconds.
    await owner`update login_throttle set failures = 500, last_attempt_at = now() where key = ${key}`;
    const capped = await client().login(victim.email, victim.password);
    expect(capped.status).toBe(429);
    expect(capped.body.error.retryAfter).toBe(loginThrottle.account.maxDelaySeconds);
    await owner`update login_throttle set last_attempt_at = now() - interval '30 seconds' where key = ${key}`;
    expect((await client().login(victim.email, victim.password)).status).toBe(200);
  });

  it(`slows an address after ${loginThrottle.address.free} failures across accounts, not other addresses`, async () => {
    const attacker = client();
    for (let i = 0; i < loginThrottle.address.free; i++) {
      expect((await attacker.login(`spray-${i}-${uid()}@example.test`, 'spray-password')).status).toBe(401);
    }
    await lastAttemptAgo(attacker.address, 0);
    const blocked = await attacker.login(group.users.receptionist.email, group.users.receptionist.password);
    expect(blocked.status).toBe(429);
    const elsewhere = await client().login(group.users.receptionist.email, group.users.receptionist.password);
    expect(elsewhere.status).toBe(200);
  });

  it('counts the address the trusted proxy saw, not what the browser wrote before it', async () => {
    const victim = await target();
    const seen = newAddress();
    // A client may send its own X-Forwarded-For; the proxy appends the address it saw.
    const forged = () => client(`${newAddress()}, ${seen}`);
    for (let i = 0; i < loginThrottle.pair.free; i++)
      expect((await forged().login(victim.email, `chain-${i}-wrong`)).status).toBe(401);
    await lastAttemptAgo(seen, 0);
    expect((await forged().login(victim.email, 'chain-next-wrong')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const direct = testApi(testConfig());
    const server = await listening(direct);
    try {
      const victim = await target();
      // Each attempt claims another address; the API counts the socket's (127.0.0.1) for all.
      const spoofing = () => {
        const c = new Client(server.app);
        c.address = newAddress();
        return c;
      };
      for (let i = 0; i < loginThrottle.pair.free; i++)
        expect((await spoofing().login(victim.email, `spoof-${i}-wrong`)).status).toBe(401);
      await lastAttemptAgo('127.0.0.1', 0);
      expect((await spoofing().login(victim.email, 'spoof-next-wrong')).status).toBe(429);
    } finally {
      await server.close();
      await direct.close();
    }
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

    const dms = Client.withToken(app, created.token);
    const seen = (await dms.ok('GET', '/v1/stores')).items;
    expect(seen.map((s: { id: string }) => s.id)).toEqual([storeId]);
    // A token needs no CSRF header, and cannot act as a person.
    expect((await dms.request('GET', '/v1/users')).status).toBe(403);

    expect((await admin.request('DELETE', `/v1/stores/${storeId}/api-tokens/${created.id}`)).status).toBe(
      204,
    );
    expect((await dms.request('GET', '/v1/stores')).status).toBe(401);
    expect((await Client.withToken(app, `${created.token}x`).request('GET', '/v1/stores')).status).toBe(401);
  });

  it('a store admin cannot manage the tokens of a store that is not theirs', async () => {
    const admin = client();
    await admin.login(group.users.store_admin.email, group.users.store_admin.password);
    const reply = await admin.request('POST', `/v1/stores/${group.storeIds[1]}/api-tokens`, { name: 'x' });
    expect(reply.status).toBe(404);
  });
});
