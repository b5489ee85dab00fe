import { type SeededGroup, type SeededUser, seedGroup } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * 不确定客户记录表: records opened by a callback that hit a wrong number and by hand, the
 * list per store, and each way a record is worked off (corrected, confirmed, unreachable,
 * closed), with the file's flag and the audit log.
 */
const api = testApi();
let group: SeededGroup;
let storeId: string;
let hq: Client;
let agent: Client;
let staff: Client;
/** The callback specialist's name as the people list shows it. */
let agentName: string;

async function signedIn(user: SeededUser): Promise<Client> {
  const client = new Client(api.app);
  await client.login(user.email, user.password);
  return client;
}

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  hq = await signedIn(group.users.hq_admin);
  agent = await signedIn(group.users.callback_agent);
  staff = await signedIn(group.users.staff);
  agentName = (await hq.ok('GET', `/v1/users/${group.users.callback_agent.id}`)).name;
});
afterAll(() => api.close());

const base = () => `/v1/stores/${storeId}/uncertain-customers`;
let serial = 4_100_000;

/** A car delivered `days` ago to a new customer at `at`; its file's ids and the customer's mobile. */
async function delivered(days = 2, at = storeId) {
  const n = serial++;
  const reply = await hq.ok('POST', `/v1/stores/${at}/events`, { events: [deliveryEvent(n, days)] });
  const vehicleId = reply.items[0].vehicleId as string;
  const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${vehicleId}`);
  return { vehicleId, customerId: file.customer.id as string, mobile: `138${String(n).padStart(8, '0')}` };
}

async function openByHand(customerId: string, reason = 'wrongNumber') {
  return agent.ok('POST', base(), { customerId, reason, note: '客户说打错了' });
}

async function openList(client: Client = agent) {
  return (await client.ok('GET', base())).items as { id: string; customerId: string }[];
}

async function auditOf(recordId: string) {
  return api.deps.db.withTenant(
    group.tenantId,
    (tx) => tx<{ action: string; actorUserId: string; details: { fields: string[] } }[]>`
      select action, actor_user_id, details from audit_log where entity_id = ${recordId} order by at, id`,
  );
}

describe('the uncertain-customer list', () => {
  it('lists the record a wrong-number callback opened, with reason, source, date and the masked phone', async () => {
    const { vehicleId, customerId, mobile } = await delivered(8);
    const file = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    const task = file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask');
    const taskPath = `/v1/stores/${storeId}/callbacks/${task.id}`;
    await agent.ok('POST', `${taskPath}/claim`);
    const recorded = await agent.ok('POST', `${taskPath}/calls`, {
      outcome: 'wrongNumber',
      reason: 'wrongNumber',
    });

    const items = await openList();
    const record = items.find((r) => r.customerId === customerId);
    expect(record).toMatchObject({
      id: recorded.uncertainRecordId,
      reason: 'wrongNumber',
      source: 'callback',
      mobile: `${mobile.slice(0, 3)}****${mobile.slice(-4)}`,
      vehicleId,
      openedByName: agentName,
      resolution: null,
      resolvedAt: null,
    });
    expect(Date.now() - Date.parse((record as unknown as { openedAt: string }).openedAt)).toBeLessThan(
      60_000,
    );
  });

  it('opens a record by hand (source manual), flags the file, and refuses a second open one', async () => {
    const { vehicleId, customerId } = await delivered();
    const record = await openByHand(customerId, 'emptyNumber');
    expect(record).toMatchObject({
      customerId,
      reason: 'emptyNumber',
      source: 'manual',
      note: '客户说打错了',
    });
    const file = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    expect(file.customer.uncertain).toBe(true);
    expect(file.openUncertainRecord).toMatchObject({ id: record.id, reason: 'emptyNumber' });
    const again = await agent.request('POST', base(), { customerId, reason: 'other' });
    expect(again.status).toBe(409);
    expect((await openList()).filter((r) => r.customerId === customerId)).toHaveLength(1);
  });

  it('names the field when the customer is not one of the store', async () => {
    const other = await delivered(2, group.storeIds[1]);
    const reply = await agent.request('POST', base(), {
      customerId: other.customerId,
      reason: 'wrongNumber',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('customerId');
  });

  it('lets sales staff read the list but not work it', async () => {
    const { customerId } = await delivered();
    const record = await openByHand(customerId);
    expect((await openList(staff)).map((r) => r.id)).toContain(record.id);
    const reply = await staff.request('POST', `${base()}/${record.id}/resolve`, { resolution: 'confirmed' });
    expect(reply.status).toBe(403);
    expect((await openList()).map((r) => r.id)).toContain(record.id);
  });
});

describe('working a record off the list', () => {
  it('corrects the mobile: validated, written to the file, flag cleared, audited by field name', async () => {
    const { vehicleId, customerId } = await delivered();
    const record = await openByHand(customerId);

    const bad = await agent.request('POST', `${base()}/${record.id}/resolve`, {
      resolution: 'corrected',
      mobile: '12345',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['mobile']);
    const missing = await agent.request('POST', `${base()}/${record.id}/resolve`, {
      resolution: 'corrected',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(['mobile']);
    expect((await openList()).map((r) => r.id)).toContain(record.id);

    const resolved = await agent.ok('POST', `${base()}/${record.id}/resolve`, {
      resolution: 'corrected',
      mobile: '+86 139-1234-5678',
      address: '安徽省六安市裕安区解放路1号',
      note: '客户来电更正',
    });
    expect(resolved).toMatchObject({
      resolution: 'corrected',
      mobile: '139****5678',
      resolutionNote: '客户来电更正',
    });
    expect((await openList()).map((r) => r.id)).not.toContain(record.id);
    const done = (await agent.ok('GET', `${base()}?status=resolved`)).items;
    expect(done.map((r: { id: string }) => r.id)).toContain(record.id);

    const file = await agent.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}?unmask=true`);
    expect(file.customer).toMatchObject({
      mobile: '13912345678',
      mailingAddress: '安徽省六安市裕安区解放路1号',
      uncertain: false,
    });
    expect(file.openUncertainRecord).toBeNull();
    expect(await auditOf(record.id)).toEqual([
      expect.objectContaining({ action: 'uncertainCustomer.open' }),
      {
        action: 'uncertainCustomer.corrected',
        actorUserId: group.users.callback_agent.id,
        details: { customerId, fields: ['mobile', 'mailing_address'] },
      },
    ]);
  });

  it.each([['confirmed'], ['unreachable'], ['closed']])(
    '%s: leaves the list, keeps the number, clears the flag',
    async (resolution) => {
      const { vehicleId, customerId, mobile } = await delivered();
      const record = await openByHand(customerId);
      const withMobile = await agent.request('POST', `${base()}/${record.id}/resolve`, {
        resolution,
        mobile: '13912345678',
      });
      expect(withMobile.status).toBe(400);
      expect(withMobile.body.error.details.map((d: { path: string }) => d.path)).toEqual(['mobile']);

      const resolved = await agent.ok('POST', `${base()}/${record.id}/resolve`, { resolution });
      expect(resolved).toMatchObject({ resolution, resolvedByName: agentName });
      expect((await openList()).map((r) => r.id)).not.toContain(record.id);
      const file = await agent.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}?unmask=true`);
      expect(file.customer).toMatchObject({ mobile, uncertain: false });
      const audit = await auditOf(record.id);
      expect(audit.at(-1)).toMatchObject({
        action: `uncertainCustomer.${resolution}`,
        details: { fields: [] },
      });

      const twice = await agent.request('POST', `${base()}/${record.id}/resolve`, { resolution });
      expect(twice.status).toBe(409);
    },
  );

  it('does not find a record of another store', async () => {
    const { customerId } = await delivered();
    const record = await openByHand(customerId);
    const reply = await hq.request(
      'POST',
      `/v1/stores/${group.storeIds[1]}/uncertain-customers/${record.id}/resolve`,
      { resolution: 'confirmed' },
    );
    expect(reply.status).toBe(404);
  });
});
