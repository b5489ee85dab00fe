import { seedGroup, testConfig } from '@crm/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

describe.each([
  ['redis', true],
  ['postgres', false],
])('readiness with the %s queue backend', (kind, redis) => {
  const api = testApi(testConfig({ redis }));
  afterAll(() => api.close());

  it('reports the database and the queue reachable', async () => {
    const reply = await new Client(api.app).request('GET', '/readyz');
    expect(reply.body).toEqual({ status: 'ok', database: true, queue: true, queueBackend: kind });
    expect(reply.status).toBe(200);
  });

  it('answers /healthz and lets a seeded HQ admin sign in', async () => {
    expect((await new Client(api.app).request('GET', '/healthz')).status).toBe(200);
    const group = await seedGroup(api.deps.db, { stores: 1 });
    const client = new Client(api.app);
    const reply = await client.login(group.users.hq_admin.email, group.users.hq_admin.password);
    expect(reply.status).toBe(200);
    const me = await client.ok('GET', '/v1/auth/me');
    expect(me.tenant.id).toBe(group.tenantId);
    expect(me.stores).toHaveLength(1);
  });
});
