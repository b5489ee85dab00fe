import { seedGroup } from '@crm/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const api = testApi();
afterAll(() => api.close());

describe('the people a complaint can go to', () => {
  it("are the store's active people and HQ, with their jobs and nothing more", async () => {
    const group = await seedGroup(api.deps.db);
    const [s1, s2] = group.storeIds as [string, string];
    const agent = new Client(api.app);
    await agent.login(group.users.callback_agent.email, group.users.callback_agent.password);
    const { items } = await agent.ok('GET', `/v1/stores/${s1}/complaint-people`);
    const staff = items.find((p: { id: string }) => p.id === group.users.staff.id);
    expect(staff).toEqual({
      id: group.users.staff.id,
      name: `staff ${group.code}`,
      roles: [{ role: 'staff', position: 'sales_consultant' }],
    });
    expect(Object.keys(staff).sort()).toEqual(['id', 'name', 'roles']);
    expect(items.map((p: { id: string }) => p.id).sort()).toEqual(
      Object.values(group.users)
        .map((u) => u.id)
        .sort(),
    );
    // Nobody works at S2 but HQ.
    const hq = new Client(api.app);
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const other = await hq.ok('GET', `/v1/stores/${s2}/complaint-people`);
    expect(other.items.map((p: { id: string }) => p.id)).toEqual([group.users.hq_admin.id]);
  });
});
