import { createDatabase, ingestEvents } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryEvent } from '../support/dms.ts';

/**
 * A repair order's references (store, car, customer, service advisor, repair team) are
 * checked once per statement rather than by a foreign key per row (migration 0016): the
 * guarantee must stay the foreign keys' — an order naming something not on file is refused
 * with the key's name, and what an order names cannot be deleted from under it.
 */
const config = testConfig();
const db = createDatabase({ url: config.databaseAppUrl, max: 2 });
const owner = postgres(config.DATABASE_URL, { max: 1, onnotice: () => {} });
let group: SeededGroup;
let storeId: string;
const run = uid();
const serial = 7_000_000 + Math.floor(Math.random() * 1_000_000);
let order: {
  id: string;
  vehicleId: string;
  customerId: string;
  serviceAdvisorId: string;
  repairTeamId: string;
};

beforeAll(async () => {
  group = await seedGroup(db);
  storeId = group.storeIds[0] as string;
  const delivery = deliveryEvent(serial, 30);
  const result = await ingestEvents({
    db,
    actor: group.system,
    storeId,
    events: [
      delivery,
      {
        type: 'repairOrder',
        dmsId: `IO-${run}`,
        vehicle: { vin: delivery.vehicle.vin },
        orderTypes: ['minorRepair'],
        payer: 'self',
        labourFen: 10_000,
        partsFen: 0,
        serviceAdvisor: `完整性顾问${run}`,
        repairTeam: `完整性班组${run}`,
        openedAt: new Date(Date.now() - 86_400_000).toISOString(),
        closedAt: new Date(Date.now() - 80_000_000).toISOString(),
      },
    ],
  });
  expect(result.counts).toMatchObject({ created: 2, rejected: 0 });
  const [row] = await owner<(typeof order)[]>`
    select id, vehicle_id as "vehicleId", customer_id as "customerId", service_advisor_id as "serviceAdvisorId",
      repair_team_id as "repairTeamId"
    from repair_orders where tenant_id = ${group.tenantId} and dms_id = ${`IO-${run}`}`;
  if (!row) throw new Error('order not on file');
  order = row;
});
afterAll(async () => {
  await owner.end();
  await db.close();
});

/** The order on file again under a new DMS id, then one of its references changed: one transaction. */
const copyNaming = (column: string, id: string) =>
  owner.begin(async (sql) => {
    await sql`
      insert into repair_orders (tenant_id, store_id, dms_id, vehicle_id, customer_id, order_types, payer, labour_fen,
        parts_fen, self_paid_fen, service_advisor_id, repair_team_id, opened_at, opened_on, closed_at, closed_on,
        content_hash)
      select tenant_id, store_id, ${`IO-${run}-${column}`}, vehicle_id, customer_id, order_types, payer, labour_fen,
        parts_fen, self_paid_fen, service_advisor_id, repair_team_id, opened_at, opened_on, closed_at, closed_on,
        content_hash
      from repair_orders where id = ${order.id}`;
    await sql`update repair_orders set ${sql(column)} = ${id} where dms_id = ${`IO-${run}-${column}`}`;
  });

describe('a repair order’s references', () => {
  it.each([
    ['store_id', 'repair_orders_tenant_id_store_id_fkey'],
    ['vehicle_id', 'repair_orders_tenant_id_vehicle_id_fkey'],
    ['customer_id', 'repair_orders_tenant_id_customer_id_fkey'],
    ['service_advisor_id', 'repair_orders_tenant_id_service_advisor_id_fkey'],
    ['repair_team_id', 'repair_orders_tenant_id_repair_team_id_fkey'],
  ])('refuses an order whose %s is not on file, naming %s', async (column, constraint) => {
    await expect(
      owner`
        insert into repair_orders (tenant_id, store_id, dms_id, vehicle_id, customer_id, order_types, payer,
          labour_fen, parts_fen, self_paid_fen, service_advisor_id, repair_team_id, opened_at, opened_on,
          content_hash)
        select tenant_id, ${column === 'store_id' ? crypto.randomUUID() : storeId}, ${`IO-${run}-new-${column}`},
          ${column === 'vehicle_id' ? crypto.randomUUID() : order.vehicleId},
          ${column === 'customer_id' ? crypto.randomUUID() : order.customerId}, order_types, payer, labour_fen,
          parts_fen, self_paid_fen, ${column === 'service_advisor_id' ? crypto.randomUUID() : order.serviceAdvisorId},
          ${column === 'repair_team_id' ? crypto.randomUUID() : order.repairTeamId}, opened_at, opened_on,
          content_hash
        from repair_orders where id = ${order.id}`,
    ).rejects.toMatchObject({ code: '23503', constraint_name: constraint });
    // A change of an order on file to something not on file is refused the same way.
    await expect(copyNaming(column, crypto.randomUUID())).rejects.toMatchObject({
      code: '23503',
      constraint_name: constraint,
    });
    const [{ orders } = { orders: -1 }] = await owner<{ orders: number }[]>`
      select count(*)::int as orders from repair_orders where dms_id like ${`IO-${run}-%${column}`}`;
    expect(orders).toBe(0);
  });

  it('keeps a staff member, or a car, that an order names, even for the owner', async () => {
    await expect(owner`delete from staff_members where id = ${order.serviceAdvisorId}`).rejects.toMatchObject(
      {
        code: '23503',
        constraint_name: 'repair_orders_tenant_id_service_advisor_id_fkey',
      },
    );
    await expect(
      owner`update staff_members set id = ${crypto.randomUUID()} where id = ${order.repairTeamId}`,
    ).rejects.toMatchObject({
      code: '23503',
      constraint_name: 'repair_orders_tenant_id_repair_team_id_fkey',
    });
    // The car's other records (delivery, ownership, card) let go of it first: only the order holds it.
    await expect(
      owner.begin(async (sql) => {
        for (const table of [
          'deliveries',
          'vehicle_ownerships',
          'card_transitions',
          'callback_tasks',
          'reminder_schedule',
        ])
          await sql`delete from ${sql(table)} where tenant_id = ${group.tenantId} and vehicle_id = ${order.vehicleId}`;
        await sql`delete from vehicles where id = ${order.vehicleId}`;
      }),
    ).rejects.toMatchObject({ code: '23503', constraint_name: 'repair_orders_tenant_id_vehicle_id_fkey' });
    const [{ staff, cars } = { staff: 0, cars: 0 }] = await owner<{ staff: number; cars: number }[]>`
      select (select count(*)::int from staff_members
          where id in (${order.serviceAdvisorId}, ${order.repairTeamId})) as staff,
        (select count(*)::int from vehicles where id = ${order.vehicleId}) as cars`;
    expect([staff, cars]).toEqual([2, 1]);
  });

  it('lets the application delete no car, customer or staff member', async () => {
    for (const statement of [
      (tx: postgres.TransactionSql) => tx`delete from vehicles where id = ${order.vehicleId}`,
      (tx: postgres.TransactionSql) => tx`delete from customers where id = ${order.customerId}`,
      (tx: postgres.TransactionSql) => tx`delete from staff_members where id = ${order.repairTeamId}`,
    ])
      await expect(db.withTenant(group.tenantId, statement)).rejects.toMatchObject({ code: '42501' });
  });
});
