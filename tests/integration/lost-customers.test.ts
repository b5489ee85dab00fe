import { markLostCustomers } from '@crm/core';
import { type SeededGroup, seedGroup } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';

const api = testApi();
afterAll(() => api.close());

let group: SeededGroup;
let store: string;
let hq: Client;
let agent: Client;
const cars: Record<'away400' | 'away200' | 'recent', { serial: number; vehicleId: string }> = {
  away400: { serial: 0, vehicleId: '' },
  away200: { serial: 0, vehicleId: '' },
  recent: { serial: 0, vehicleId: '' },
};

/** A car delivered long ago whose last visit (a maintenance) was `visitDaysAgo` days ago. */
async function carLastSeen(visitDaysAgo: number): Promise<{ serial: number; vehicleId: string }> {
  const serial = Math.floor(Math.random() * 1e7);
  const delivered = await hq.ok('POST', `/v1/stores/${store}/events`, {
    events: [deliveryEvent(serial, 900)],
  });
  await hq.ok('POST', `/v1/stores/${store}/events`, {
    events: [
      repairOrderEvent(serial, {
        orderTypes: ['maintenance'],
        openedAt: daysAgo(visitDaysAgo + 0.2),
        closedAt: daysAgo(visitDaysAgo),
      }),
    ],
  });
  return { serial, vehicleId: delivered.items[0].vehicleId };
}

const lostList = async (query = '') =>
  (await hq.ok('GET', `/v1/stores/${store}/lost-customers${query}`)).items as {
    vehicleId: string;
    phone: string;
    contacts: number;
    wonBack: boolean;
    lastContact: { channel: string; result: string; wonBack: boolean } | null;
  }[];
const mine = (items: { vehicleId: string }[]) =>
  items.map((i) => i.vehicleId).filter((id) => Object.values(cars).some((c) => c.vehicleId === id));

beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 1 });
  store = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  agent = new Client(api.app);
  await agent.login(group.users.callback_agent.email, group.users.callback_agent.password);
  cars.away400 = await carLastSeen(400);
  cars.away200 = await carLastSeen(200);
  cars.recent = await carLastSeen(10);
});

describe('the lost-customer list (流失客户)', () => {
  it('lists a car not seen for 12 months, number masked, not yet contacted', async () => {
    const items = await lostList();
    expect(mine(items)).toEqual([cars.away400.vehicleId]);
    const row = items.find((i) => i.vehicleId === cars.away400.vehicleId);
    expect(row).toMatchObject({ contacts: 0, wonBack: false, lastContact: null });
    expect(row?.phone).toMatch(/^138\*\*\*\*\d{4}$/);
  });

  it('adds a car as the months pass, by the nightly pass of the classification rules', async () => {
    const inSixMonths = new Date(Date.now() + 170 * 86_400_000);
    const first = await markLostCustomers({
      db: api.deps.db,
      tenantId: group.tenantId,
      storeId: store,
      now: inSixMonths,
    });
    expect(first).toMatchObject({ markedLost: 1, cleared: 0 });
    // The night runs twice: nothing more changes.
    const again = await markLostCustomers({
      db: api.deps.db,
      tenantId: group.tenantId,
      storeId: store,
      now: inSixMonths,
    });
    expect(again).toMatchObject({ markedLost: 0, cleared: 0 });
    // Longest absent first.
    expect(mine(await lostList())).toEqual([cars.away400.vehicleId, cars.away200.vehicleId]);
  });
});

describe('the contact log (流失客户联络表)', () => {
  it('records each contact with who, how, the result, the customer view and won back', async () => {
    const path = `/v1/stores/${store}/lost-customers/${cars.away400.vehicleId}/contacts`;
    const first = await agent.request('POST', path, {
      channel: 'phone',
      result: 'reached',
      contactedAt: '2026-01-05T10:00:00+08:00',
      lostReason: 'distance',
      customerView: '搬家了,离店太远',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      channel: 'phone',
      result: 'reached',
      lostReason: 'distance',
      customerView: '搬家了,离店太远',
      wonBack: false,
      contactedBy: { id: group.users.callback_agent.id },
    });
    await agent.ok('POST', path, { channel: 'sms', result: 'appointmentMade', wonBack: true });
    const log = await agent.ok('GET', path);
    expect(log.items.map((c: { channel: string; wonBack: boolean }) => [c.channel, c.wonBack])).toEqual([
      ['sms', true],
      ['phone', false],
    ]);
    const row = (await lostList()).find((i) => i.vehicleId === cars.away400.vehicleId);
    expect(row).toMatchObject({
      contacts: 2,
      wonBack: true,
      lastContact: { channel: 'sms', result: 'appointmentMade', wonBack: true },
    });
  });

  it('filters by contacted and won back', async () => {
    expect(mine(await lostList('?contacted=never'))).toEqual([cars.away200.vehicleId]);
    expect(mine(await lostList('?contacted=yes'))).toEqual([cars.away400.vehicleId]);
    expect(mine(await lostList('?wonBack=true'))).toEqual([cars.away400.vehicleId]);
    expect(mine(await lostList('?wonBack=false'))).toEqual([cars.away200.vehicleId]);
  });

  it('refuses a contact with a customer who is not lost, and one dated in the future', async () => {
    const recent = await agent.request(
      'POST',
      `/v1/stores/${store}/lost-customers/${cars.recent.vehicleId}/contacts`,
      {
        channel: 'phone',
        result: 'reached',
      },
    );
    expect(recent.status).toBe(409);
    const future = await agent.request(
      'POST',
      `/v1/stores/${store}/lost-customers/${cars.away200.vehicleId}/contacts`,
      { channel: 'phone', result: 'reached', contactedAt: new Date(Date.now() + 86_400_000).toISOString() },
    );
    expect(future.status).toBe(400);
  });
});
