import { type Actor, ingestEvents, issueMemberCard, runMembershipNightly } from '@crm/core';
import { type SeededGroup, seedGroup, uid } from '@crm/core/testing';
import { classificationKind } from '@crm/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

/**
 * 忠诚度 is judged against the brand's service interval (domain.md: "a yearly-service
 * brand's owner who comes every year is loyal"), read from the store's classification
 * rules: a store selling a yearly-service brand sets 365 days for it; any other car keeps
 * the built-in half year.
 */
const api = testApi();
let group: SeededGroup;
let storeId: string;
let hq: Client;
let hqActor: Actor;

const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const randomVin = () => Array.from({ length: 17 }, () => vinChars[Math.floor(Math.random() * 33)]).join('');

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  hqActor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  // The store's classification: the built-in rules, with Mercedes-Benz serviced once a year.
  await hq.ok('PUT', `/v1/stores/${storeId}/rule-sets/classification/draft`, {
    ...classificationKind.defaults,
    maintenanceIntervals: { defaultDays: 182, byVehicle: [{ brand: '梅赛德斯-奔驰', days: 365 }] },
  });
  await hq.ok('POST', `/v1/stores/${storeId}/rule-sets/classification/publish`, {});
});
afterAll(() => api.close());

async function ingest(at: string, event: Record<string, unknown>) {
  const result = await ingestEvents({
    db: api.deps.db,
    actor: group.system,
    storeId,
    now: new Date(at),
    events: [event],
  });
  const item = result.items[0];
  if (!item || item.status === 'rejected') throw new Error(`rejected: ${JSON.stringify(item)}`);
  return item;
}

/**
 * A car delivered 2023-01-10 with a member card from 2023-03-01, serviced once a year:
 * first maintenance 2024-01-15, then 2025-01-20 (with a ¥100,000 major repair) and
 * 2026-01-18. ¥100,900 spent in all.
 */
async function yearlyServicedCar(brand: string) {
  const vin = randomVin();
  const item = await ingest('2023-01-10T10:00:00+08:00', {
    type: 'delivery',
    dmsId: `D-${uid()}`,
    deliveredAt: '2023-01-10T10:00:00+08:00',
    customer: { dmsId: `C-${uid()}`, name: `车主${uid()}`, birthday: '1980-05-01' },
    vehicle: { vin, brand },
  });
  const vehicleId = item.vehicleId as string;
  const card = await issueMemberCard({
    db: api.deps.db,
    actor: hqActor,
    storeId,
    input: { vehicleId, documents: { idCard: true, vehicleLicence: true, drivingLicence: true } },
    now: new Date('2023-03-01T03:00:00Z'),
  });
  const visit = (orderTypes: string[], labourFen: number, closedAt: string) =>
    ingest(closedAt, {
      type: 'repairOrder',
      dmsId: `RO-${uid()}`,
      vehicle: { vin },
      orderTypes,
      payer: 'self',
      labourFen,
      partsFen: 0,
      openedAt: closedAt,
      closedAt,
    });
  await visit(['firstMaintenance'], 30_000, '2024-01-15T11:00:00+08:00');
  await visit(['maintenance', 'majorRepair'], 10_000_000, '2025-01-20T11:00:00+08:00');
  await visit(['maintenance'], 60_000, '2026-01-18T11:00:00+08:00');
  return { vehicleId, cardId: card.id };
}

describe('loyalty against the brand service interval', () => {
  it('classes a yearly-service owner who comes every year as coming for every maintenance, and moves the card up to 金钻', async () => {
    const benz = await yearlyServicedCar('梅赛德斯-奔驰');
    const toyota = await yearlyServicedCar('丰田');
    // 2026-01-18, 734 days after the first maintenance, 3 maintenance days:
    //   Benz (365 d): 2 due, 2 after the first → 100 % → everyMaintenance;
    //   Toyota (182 d): 4 due, 2 after the first → 50 % → sometimes.
    const file = (vehicleId: string) => hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
    expect((await file(benz.vehicleId)).vehicle.loyaltyCategory).toBe('everyMaintenance');
    expect((await file(toyota.vehicleId)).vehicle.loyaltyCategory).toBe('sometimes');

    // The card page's next-tier figures judge attendance the same way, on the real today:
    // maintenances due = whole intervals since 2024-01-15, two done after the first.
    const since = (Date.now() - Date.parse('2024-01-15T00:00:00+08:00')) / 86_400_000;
    const attendance = async (cardId: string) => {
      const page = await hq.ok('GET', `/v1/stores/${storeId}/membership/cards/${cardId}`);
      return page.progress.requirements.find(
        (r: { fact: string }) => r.fact === 'maintenanceAttendancePercent',
      )?.current;
    };
    expect(await attendance(benz.cardId)).toBe(
      Math.min(100, Math.round((2 / Math.floor(since / 365)) * 100)),
    );
    expect(await attendance(toyota.cardId)).toBe(
      Math.min(100, Math.round((2 / Math.floor(since / 182)) * 100)),
    );

    // 2026-02-01 (748 days): Benz 2 due, 100 %, ¥100,900 → 金钻 (≥ ¥100,000 and ≥ 80 %);
    // Toyota 4 due, 50 % → 银卡 (≥ ¥30,000 and ≥ 50 %).
    const night = await runMembershipNightly({
      db: api.deps.db,
      tenantId: group.tenantId,
      storeId,
      now: new Date('2026-02-01T02:00:00+08:00'),
    });
    const moves = night.tierMoves.filter((m) => m.cardId === benz.cardId || m.cardId === toyota.cardId);
    expect(moves).toEqual(
      [
        { cardId: benz.cardId, from: 'member', to: 'goldDiamond', ruleId: 'tier-gold-diamond' },
        { cardId: toyota.cardId, from: 'member', to: 'silver', ruleId: 'tier-silver' },
      ].sort((a, b) => a.cardId.localeCompare(b.cardId)),
    );
  });

  it('names an interval entry that gives neither brand nor model as a problem of the draft', async () => {
    const saved = await hq.ok('PUT', `/v1/stores/${storeId}/rule-sets/classification/draft`, {
      ...classificationKind.defaults,
      maintenanceIntervals: { defaultDays: 182, byVehicle: [{ days: 365 }] },
    });
    expect(saved.issues.map((i: { path: string }) => i.path)).toEqual(['maintenanceIntervals.byVehicle[0]']);
    await hq.ok('DELETE', `/v1/stores/${storeId}/rule-sets/classification/draft`);
  });
});
