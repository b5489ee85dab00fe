import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { ingestEvents } from '../events/ingest.ts';
import { type SeededGroup, seedGroup, testDatabase } from '../testing/index.ts';
import { evaluateReminderRules } from './evaluate-reminder-rules.ts';

let db: Database;
let group: SeededGroup;
let storeId: string;
let serial = Math.floor(Math.random() * 1e6);

const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const vin = () => Array.from({ length: 17 }, () => vinChars[Math.floor(Math.random() * 33)]).join('');

/** A car delivered to a customer (shared by `customerKey` when given), with the file fields named. */
function delivery({
  customer = {},
  vehicle = {},
  customerKey,
}: {
  customer?: Record<string, unknown>;
  vehicle?: Record<string, unknown>;
  customerKey?: string;
}) {
  serial += 1;
  return {
    type: 'delivery',
    dmsId: `D${serial}`,
    deliveredAt: '2024-07-10T10:00:00+08:00',
    customer: {
      dmsId: customerKey ?? `C${serial}`,
      name: `车主${serial}`,
      mobile: `139${String(serial).padStart(8, '0')}`,
      ...customer,
    },
    vehicle: { vin: vin(), plate: `皖A${String(serial % 100_000).padStart(5, '0')}`, ...vehicle },
  };
}

// The night of 16 June 2026, 02:00 in Shanghai.
const night = new Date('2026-06-15T18:00:00Z');

beforeAll(async () => {
  db = testDatabase();
  group = await seedGroup(db, { stores: 1 });
  storeId = group.storeIds[0] as string;
  await ingestEvents({
    db,
    actor: group.system,
    storeId,
    events: [
      // 706 days old: the warranty (2 years) ends within the month.
      delivery({ vehicle: { purchaseDate: '2024-07-10' } }),
      // One year old but 57,000 km: the warranty (60,000 km) ends soon.
      delivery({ vehicle: { purchaseDate: '2025-06-16', mileageKm: 57_000 } }),
      // One year old, 30,000 km: nothing is due.
      delivery({ vehicle: { purchaseDate: '2025-06-16', mileageKm: 30_000 } }),
      delivery({ vehicle: { purchaseDate: '2025-06-16', inspectionDueDate: '2026-07-01' } }),
      delivery({ vehicle: { purchaseDate: '2025-06-16', insuranceExpiryDate: '2026-07-10' } }),
      // Insurance due, but no mobile number on file.
      delivery({
        customer: { mobile: undefined, landline: '0564-3331234' },
        vehicle: { purchaseDate: '2025-06-16', insuranceExpiryDate: '2026-07-01' },
      }),
      // Birthday today, two cars: one greeting.
      delivery({
        customerKey: 'BDAY',
        customer: { birthday: '1980-06-16' },
        vehicle: { purchaseDate: '2025-06-16' },
      }),
      delivery({
        customerKey: 'BDAY',
        customer: { birthday: '1980-06-16' },
        vehicle: { purchaseDate: '2025-06-16' },
      }),
      // Birthday today, but opted out of SMS: nothing.
      delivery({
        customer: { birthday: '1985-06-16', smsOptedOut: true },
        vehicle: { purchaseDate: '2025-06-16' },
      }),
    ],
  });
});
afterAll(() => db.close());

const messages = () =>
  db.withTenant(
    group.tenantId,
    (tx) => tx<{ reason: string; body: string; category: string }[]>`
      select reason, body, category from sms_messages where store_id = ${storeId} order by reason, body`,
  );

describe('the nightly reminder rules over the store’s cars', () => {
  it('decides warranty end, annual inspection, insurance renewal and birthday from the rules', async () => {
    const result = await evaluateReminderRules({ db, tenantId: group.tenantId, storeId, now: night });
    expect(result).toEqual({
      day: '2026-06-16',
      vehicles: 9,
      requested: 5,
      noNumber: 1,
      decided: { warrantyEnd: 2, annualInspection: 1, insuranceRenewal: 2, birthday: 2 },
    });
    const sent = await messages();
    expect(sent.map((m) => [m.reason, m.category])).toEqual([
      ['annualInspection', 'reminder'],
      ['birthday', 'marketing'],
      ['insuranceRenewal', 'reminder'],
      ['warrantyEnd', 'reminder'],
      ['warrantyEnd', 'reminder'],
    ]);
    expect(sent.find((m) => m.reason === 'annualInspection')?.body).toContain('年审将于2026-07-01到期');
    expect(sent.find((m) => m.reason === 'insuranceRenewal')?.body).toContain('保险将于2026-07-10到期');
  });

  it('sends each reminder once per period: the same night again, and the next night', async () => {
    const again = await evaluateReminderRules({ db, tenantId: group.tenantId, storeId, now: night });
    expect(again.requested).toBe(0);
    const nextNight = new Date(night.getTime() + 86_400_000);
    const next = await evaluateReminderRules({ db, tenantId: group.tenantId, storeId, now: nextNight });
    expect(next).toMatchObject({ day: '2026-06-17', requested: 0 });
    expect(next.decided.birthday).toBeUndefined();
    expect(await messages()).toHaveLength(5);
  });

  it('wins back a customer not seen for a year, once per absence', async () => {
    serial += 1;
    const car = delivery({ vehicle: { purchaseDate: '2022-01-10' } });
    await ingestEvents({
      db,
      actor: group.system,
      storeId,
      events: [
        car,
        {
          type: 'repairOrder',
          dmsId: `O${serial}`,
          vehicle: { vin: car.vehicle.vin },
          orderTypes: ['maintenance'],
          payer: 'self',
          labourFen: 30_000,
          partsFen: 20_000,
          mileageKm: 40_000,
          openedAt: '2025-05-01T09:00:00+08:00',
          closedAt: '2025-05-01T16:00:00+08:00',
        },
      ],
    });
    const first = await evaluateReminderRules({ db, tenantId: group.tenantId, storeId, now: night });
    expect(first).toMatchObject({ requested: 1, decided: { lostCustomerWinBack: 1 } });
    const later = await evaluateReminderRules({
      db,
      tenantId: group.tenantId,
      storeId,
      now: new Date('2026-09-01T18:00:00Z'),
    });
    expect(later.requested).toBe(0);
    expect((await messages()).filter((m) => m.reason === 'lostCustomerWinBack')).toHaveLength(1);
  });
});

describe('holiday greetings', () => {
  it('greets every customer once on Mid-Autumn day, by the Chinese calendar, and not the day after', async () => {
    // 25 September 2026 is the 15th of the 8th lunar month.
    const midAutumn = new Date('2026-09-24T18:00:00Z');
    const result = await evaluateReminderRules({ db, tenantId: group.tenantId, storeId, now: midAutumn });
    // Ten cars; nine customers (one has two cars), one opted out, one without a mobile.
    expect(result).toMatchObject({
      day: '2026-09-25',
      decided: { holidayGreeting: 9 },
      requested: 7,
      noNumber: 1,
    });
    const greetings = (await messages()).filter((m) => m.reason === 'holidayGreeting');
    expect(greetings).toHaveLength(7);
    expect(greetings[0]?.body).toContain('预祝您中秋节佳节愉快');
    const after = await evaluateReminderRules({
      db,
      tenantId: group.tenantId,
      storeId,
      now: new Date('2026-09-25T18:00:00Z'),
    });
    expect(after.decided.holidayGreeting).toBeUndefined();
  });
});
