import { type SeededGroup, seedGroup, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const api = testApi();
afterAll(() => api.close());

const daysAgo = (days: number, hour = 10) => {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCHours(hour - 8, 0, 0, 0);
  return d.toISOString();
};
const localDay = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(instant));
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A VIN with a valid check digit (Chinese WMI), distinct per serial. */
function vin(serial: number): string {
  const body = `LSVAU218${'0'}N${String(serial).padStart(7, '0')}`;
  const values: Record<string, number> = { A: 1, L: 3, N: 5, S: 2, U: 4, V: 5 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = body.charAt(i);
    sum += (/\d/.test(c) ? Number(c) : (values[c] ?? 0)) * (weights[i] ?? 0);
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${body.slice(0, 8)}${check}${body.slice(9)}`;
}

const delivery = (n: number, deliveredAt = daysAgo(2)) => ({
  type: 'delivery',
  dmsId: `D${n}`,
  deliveredAt,
  salesConsultant: '王销售',
  contractNo: `HT${n}`,
  customer: {
    dmsId: `C${n}`,
    name: `客户${n}`,
    mobile: `138${String(n).padStart(8, '0')}`,
    idNumber: '340102199001011234',
    homeAddress: '安徽省六安市金安区梅山路88号',
  },
  vehicle: {
    vin: vin(n),
    plate: `皖A${String(n).padStart(5, '0')}`,
    brand: '丰田',
    series: '卡罗拉',
    model: '1.8L 豪华',
  },
});

const order = (n: number, vehicleSerial: number, extra: Record<string, unknown> = {}) => ({
  type: 'repairOrder',
  dmsId: `O${n}`,
  vehicle: { vin: vin(vehicleSerial) },
  orderTypes: ['firstMaintenance'],
  payer: 'self',
  labourFen: 30_000,
  partsFen: 20_050,
  serviceAdvisor: '李顾问',
  repairTeam: '一组',
  mileageKm: 5_000,
  openedAt: daysAgo(1, 9),
  closedAt: daysAgo(1, 16),
  ...extra,
});

let group: SeededGroup;
let storeId: string;
let dms: Client;
let hq: Client;

async function signedIn(user: { email: string; password: string }) {
  const client = new Client(api.app);
  await client.login(user.email, user.password);
  return client;
}

async function count(table: string): Promise<number> {
  const [row] = await api.deps.db.withTenant(
    group.tenantId,
    (tx) => tx<{ n: number }[]>`select count(*)::int as n from ${tx(table)}`,
  );
  return row?.n ?? 0;
}

beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 2 });
  storeId = group.storeIds[0] ?? '';
  hq = await signedIn(group.users.hq_admin);
  const token = await hq.ok('POST', `/v1/stores/${storeId}/api-tokens`, { name: 'DMS' });
  dms = Client.withToken(api.app, token.token);
});

describe('DMS ingestion', () => {
  it('records a delivery and an order with their decisions, and the same batch again changes nothing', async () => {
    const delivered = delivery(1);
    const batch = [delivered, order(1, 1)];
    const first = await dms.request('POST', `/v1/stores/${storeId}/events`, { events: batch });
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    const [deliveryResult, orderResult] = first.body.items;
    const deliveredOn = localDay(delivered.deliveredAt);
    expect(deliveryResult.decisions).toContainEqual({
      kind: 'card',
      from: null,
      to: 'A',
      reason: 'boughtHere',
    });
    expect(deliveryResult.decisions).toContainEqual({
      kind: 'callback',
      callbackType: 'sales',
      opensOn: addDays(deliveredOn, 7),
      closesOn: addDays(deliveredOn, 10),
      opened: true,
      ruleSetId: null,
      ruleSetVersion: 0,
      ruleId: 'sales-callback',
    });
    // Points are for members only: this car has no member card, so its order earns none.
    expect(orderResult.decisions.filter((d: { kind: string }) => d.kind === 'points')).toEqual([]);
    expect(orderResult.decisions).toContainEqual({
      kind: 'card',
      from: 'A',
      to: 'C',
      reason: 'firstMaintenance',
    });
    expect(orderResult.decisions.map((d: { kind: string }) => d.kind)).toEqual(
      expect.arrayContaining(['callback', 'reminder', 'classification']),
    );

    const before = await Promise.all(
      [
        'customers',
        'vehicles',
        'deliveries',
        'repair_orders',
        'callback_tasks',
        'points_entries',
        'reminder_schedule',
        'card_transitions',
        'vehicle_ownerships',
      ].map(count),
    );
    expect(before).toEqual([1, 1, 1, 1, 2, 0, before[6], 2, 1]);
    const again = await dms.request('POST', `/v1/stores/${storeId}/events`, { events: batch });
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual([deliveryResult.id, orderResult.id]);
    expect(again.body.items.every((i: { decisions: unknown[] }) => i.decisions.length === 0)).toBe(true);
    const after = await Promise.all(
      [
        'customers',
        'vehicles',
        'deliveries',
        'repair_orders',
        'callback_tasks',
        'points_entries',
        'reminder_schedule',
        'card_transitions',
        'vehicle_ownerships',
      ].map(count),
    );
    expect(after).toEqual(before);
  });

  it('updates an order the DMS sends again with other amounts, and the file follows', async () => {
    const first = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [delivery(2), order(2, 2)],
    });
    const changed = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [order(2, 2, { labourFen: 100_000, partsFen: 0 })],
    });
    expect(changed.items[0]).toMatchObject({ status: 'updated', id: first.items[1].id });
    // A member's corrected order posts its points difference: tests/integration/membership.test.ts.
    expect(changed.items[0].decisions.filter((d: { kind: string }) => d.kind === 'points')).toEqual([]);
    const file = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${changed.items[0].vehicleId}`);
    expect(file.vehicle.cumulativeSpendFen).toBe(100_000);
  });

  it('turns an A card into a C card at the first maintenance', async () => {
    const delivered = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [delivery(3, daysAgo(40))],
    });
    const vehicleId = delivered.items[0].vehicleId;
    const before = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    expect(before.vehicle.cardType).toBe('A');
    const serviced = await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [order(3, 3)] });
    expect(serviced.items[0].decisions).toContainEqual({
      kind: 'card',
      from: 'A',
      to: 'C',
      reason: 'firstMaintenance',
    });
    const after = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    expect(after.vehicle).toMatchObject({ cardType: 'C', visits6m: 1, cumulativeSpendFen: 50_050 });
    expect(after.timeline.map((t: { kind: string }) => t.kind)).toEqual(
      expect.arrayContaining(['delivery', 'repairOrder', 'callbackTask', 'cardChange']),
    );
  });

  it('keeps an A card through a repair that is not a maintenance', async () => {
    await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [delivery(4)] });
    const repaired = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [order(4, 4, { orderTypes: ['minorRepair'] })],
    });
    expect(repaired.items[0].decisions.filter((d: { kind: string }) => d.kind === 'card')).toEqual([]);
  });

  it('gives a car bought elsewhere a C card at its first visit', async () => {
    const result = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [
        order(5, 5, {
          orderTypes: ['maintenance'],
          customer: { dmsId: 'C5', name: '外购客户', mobile: '13900000005' },
        }),
      ],
    });
    expect(result.items[0].status).toBe('created');
    expect(result.items[0].decisions).toContainEqual({
      kind: 'card',
      from: null,
      to: 'C',
      reason: 'boughtElsewhere',
    });
  });

  it('rejects bad events naming the field, and takes the good ones of the same batch', async () => {
    const badVin = delivery(6);
    badVin.vehicle.vin = 'LSVAU2180N200000I';
    const badMobile = delivery(7);
    badMobile.customer.mobile = '12345';
    const noOwner = order(8, 8);
    const unpaid = order(9, 1, {
      split: { selfPaidFen: 1, insuranceFen: 0, warrantyFen: 0, freeMaintenanceFen: 0 },
    });
    const reply = await dms.ok('POST', `/v1/stores/${storeId}/events`, {
      events: [badVin, badMobile, noOwner, unpaid, delivery(10), { type: 'parking' }],
    });
    expect(reply.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 5 });
    const errorsOf = (i: number) => reply.items[i].errors.map((e: { path: string }) => e.path);
    expect(errorsOf(0)).toEqual(['vehicle.vin']);
    expect(reply.items[0].errors[0].message).toBe('must not contain I, O or Q');
    expect(errorsOf(1)).toEqual(['customer.mobile']);
    expect(errorsOf(2)).toEqual(['customer']);
    expect(errorsOf(3)).toEqual(['split']);
    expect(reply.items[4].status).toBe('created');
    expect(errorsOf(5)).toEqual(['type']);
  });

  it('flags a VIN whose check digit does not match, but keeps it', async () => {
    const flagged = delivery(11);
    const good = vin(11);
    flagged.vehicle.vin = `${good.slice(0, 8)}${good[8] === '0' ? '1' : '0'}${good.slice(9)}`;
    const reply = await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [flagged] });
    expect(reply.items[0].status).toBe('created');
    expect(reply.items[0].warnings).toEqual([
      { path: 'vehicle.vin', message: 'check digit (position 9) does not match: please verify' },
    ]);
  });

  it('keeps what an earlier row of the batch sent for a customer when a later row of the same customer leaves it out', async () => {
    const first = delivery(30);
    const second = delivery(31);
    second.customer = { dmsId: first.customer.dmsId, name: '客户30' } as typeof second.customer;
    const reply = await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [first, second] });
    expect(reply.counts.rejected).toBe(0);
    const [customer] = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ mobile: string | null; homeAddress: string | null; cars: number }[]>`
        select c.mobile, c.home_address, (select count(*)::int from vehicles v where v.current_owner_id = c.id) as cars
        from customers c where c.store_id = ${storeId} and c.dms_id = ${first.customer.dmsId}`,
    );
    expect(customer).toEqual({
      mobile: first.customer.mobile,
      homeAddress: first.customer.homeAddress,
      cars: 2,
    });
  });

  it('takes two overlapping batches at once without duplicates or a deadlock', async () => {
    const a = Array.from({ length: 150 }, (_, i) => delivery(1000 + i));
    const b = Array.from({ length: 150 }, (_, i) => delivery(1075 + i));
    const ordersA = Array.from({ length: 75 }, (_, i) => order(1000 + i, 1075 + i));
    const replies = await Promise.all([
      dms.request('POST', `/v1/stores/${storeId}/events`, { events: [...a, ...ordersA] }),
      dms.request('POST', `/v1/stores/${storeId}/events`, { events: [...b].reverse() }),
      dms.request('POST', `/v1/stores/${storeId}/events`, { events: [...a].reverse() }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const [row] = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ deliveries: number; customers: number; vehicles: number; owners: number }[]>`
        select (select count(*)::int from deliveries where dms_id like 'D1%' and length(dms_id) = 5) as deliveries,
          (select count(*)::int from customers where dms_id like 'C1%' and length(dms_id) = 5) as customers,
          (select count(*)::int from vehicles where store_id = ${storeId}) as vehicles,
          (select count(*)::int from vehicle_ownerships where to_at is null) as owners`,
    );
    expect(row).toMatchObject({ deliveries: 225, customers: 225 });
    expect(row?.owners).toBe(row?.vehicles);
    const created = replies.reduce((sum, r) => sum + r.body.counts.created, 0);
    expect(created).toBe(225 + 75);
  });
});

describe('the customer file', () => {
  let vehicleId: string;
  let customerId: string;
  beforeAll(async () => {
    const reply = await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [delivery(20)] });
    vehicleId = reply.items[0].vehicleId;
    const file = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    customerId = file.customer.id;
  });

  it.each([
    ['phone tail', '00000020'],
    ['plate', '皖a00020'],
    ['VIN', vin(20)],
    ['name', '客户20'],
  ])('is found by %s', async (_, q) => {
    const reply = await hq.ok('GET', `/v1/stores/${storeId}/customer-files?q=${encodeURIComponent(q)}`);
    expect(reply.items.map((i: { vehicleId: string }) => i.vehicleId)).toContain(vehicleId);
    expect(reply.items[0].mobile).toBe('138****0020');
  });

  it('masks phones, ID number and address for every role by default', async () => {
    const staff = await signedIn(group.users.staff);
    const file = await staff.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    expect(file.customer).toMatchObject({
      mobile: '138****0020',
      idNumber: '340***********1234',
      homeAddress: '安徽省六安市****',
    });
    expect(file.unmasked).toBe(false);
  });

  it('refuses to unmask for sales and after-sales staff', async () => {
    const staff = await signedIn(group.users.staff);
    const reply = await staff.request('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}?unmask=true`);
    expect(reply.status).toBe(403);
  });

  it('shows the callback specialist the clear values and logs the view', async () => {
    const before = await count('personal_data_access_log');
    const agent = await signedIn(group.users.callback_agent);
    const file = await agent.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}?unmask=true`);
    expect(file.customer).toMatchObject({
      mobile: '13800000020',
      idNumber: '340102199001011234',
      homeAddress: '安徽省六安市金安区梅山路88号',
    });
    expect(await count('personal_data_access_log')).toBe(before + 1);
    const [entry] = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ actorUserId: string; customerId: string; action: string; fields: string[] }[]>`
        select actor_user_id, customer_id, action, fields from personal_data_access_log order by at desc limit 1`,
    );
    expect(entry).toEqual({
      actorUserId: group.users.callback_agent.id,
      customerId,
      action: 'view',
      fields: ['mobile', 'landline', 'idNumber', 'homeAddress', 'mailingAddress'],
    });
  });

  it('records who edited which fields of a customer', async () => {
    const agent = await signedIn(group.users.callback_agent);
    const updated = await agent.ok('PATCH', `/v1/stores/${storeId}/customers/${customerId}`, {
      name: '客户二十',
      mobile: '+86 139 0000 0020',
      refusesCalls: true,
    });
    expect(updated).toMatchObject({ name: '客户二十', mobile: '139****0020', refusesCalls: true });
    const [audit] = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ actorUserId: string; details: { fields: string[] } }[]>`
        select actor_user_id, details from audit_log where action = 'customer.update' and entity_id = ${customerId}`,
    );
    expect(audit).toEqual({
      actorUserId: group.users.callback_agent.id,
      details: { fields: ['name', 'mobile', 'refusesCalls'] },
    });
    const bad = await agent.request('PATCH', `/v1/stores/${storeId}/customers/${customerId}`, {
      mobile: '123',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('mobile');
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another group's store, by token and by session", async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const otherHq = await signedIn(other.users.hq_admin);
    const otherStore = other.storeIds[0] ?? '';
    const token = await otherHq.ok('POST', `/v1/stores/${otherStore}/api-tokens`, { name: `DMS ${uid()}` });
    const otherDms = Client.withToken(api.app, token.token);

    expect(
      (await otherDms.request('POST', `/v1/stores/${storeId}/events`, { events: [delivery(30)] })).status,
    ).toBe(404);
    expect(
      (await otherHq.request('POST', `/v1/stores/${storeId}/events`, { events: [delivery(30)] })).status,
    ).toBe(404);
    const mine = await dms.ok('POST', `/v1/stores/${storeId}/events`, { events: [delivery(31)] });
    const vehicleId = mine.items[0].vehicleId;
    expect((await otherHq.request('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`)).status).toBe(
      404,
    );
    expect(
      (await otherHq.request('GET', `/v1/stores/${otherStore}/customer-files/${vehicleId}`)).status,
    ).toBe(404);
    const search = await otherHq.ok('GET', `/v1/stores/${otherStore}/customer-files?q=${vin(31)}`);
    expect(search.items).toEqual([]);
  });

  it("refuses a store token for the group's other store", async () => {
    const reply = await dms.request('POST', `/v1/stores/${group.storeIds[1]}/events`, {
      events: [delivery(40)],
    });
    expect(reply.status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('describes the events batch, its items and the customer file', async () => {
    const doc = (await new Client(api.app).request('GET', '/openapi.json')).body;
    expect(
      doc.paths['/v1/stores/{storeId}/events'].post.requestBody.content['application/json'].schema.properties
        .events.items,
    ).toEqual({
      $ref: '#/components/schemas/IngestEvent',
    });
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'IngestEvent',
        'DeliveryEvent',
        'RepairOrderEvent',
        'IngestResult',
        'CustomerFile',
      ]),
    );
    expect(doc.paths['/v1/stores/{storeId}/customer-files/{vehicleId}'].get).toBeDefined();
  });
});
