import { runReminderScan } from '@crm/core';
import { type SeededGroup, seedGroup } from '@crm/core/testing';
import { smsReminderKind } from '@crm/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { vinFor } from '../support/dms.ts';

/**
 * Reminder dates come from the store's smsReminder rules (domain.md: "never from a copy of
 * the defaults; a published change reschedules the reminders not yet sent"). Seed 004's
 * 首保 text: "您的爱车已购3个月了,进入首次保养期" — the built-in window is 90–120 days after
 * purchase; this store moves it to 60–90 days.
 */
const api = testApi();
let group: SeededGroup;
let storeId: string;
let hq: Client;

// The store keeps Beijing time; dates below count from its today.
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
});
afterAll(() => api.close());

/** A car bought (and delivered) on `purchasedOn`, sent by the DMS today. */
async function carBoughtOn(serial: number, purchasedOn: string): Promise<string> {
  const reply = await hq.ok('POST', `/v1/stores/${storeId}/events`, {
    events: [
      {
        type: 'delivery',
        dmsId: `D${serial}`,
        deliveredAt: `${purchasedOn}T10:00:00+08:00`,
        customer: {
          dmsId: `C${serial}`,
          name: `客户${serial}`,
          mobile: `139${String(serial).padStart(8, '0')}`,
        },
        vehicle: {
          vin: vinFor(serial),
          purchaseDate: purchasedOn,
          plate: `京A${String(serial % 100000).padStart(5, '0')}`,
        },
      },
    ],
  });
  if (!reply.items[0].vehicleId) throw new Error(JSON.stringify(reply.items[0]));
  return reply.items[0].vehicleId;
}

async function firstMaintenanceReminders(vehicleId: string) {
  const file = await hq.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
  return file.timeline
    .filter(
      (t: { kind: string; summary: { reminder: string } }) =>
        t.kind === 'reminder' && t.summary.reminder === 'firstMaintenance',
    )
    .map((t: { on: string; summary: { status: string }; ruleSetVersion: number }) => ({
      on: t.on,
      status: t.summary.status,
      ruleSetVersion: t.ruleSetVersion,
    }));
}

describe("first-maintenance reminders follow the store's smsReminder rules", () => {
  it('dates new deliveries by the moved window, moves the reminders not yet sent, leaves the sent one', async () => {
    // Under the built-in rules (90 days after purchase, version 0):
    const sent = await carBoughtOn(7_100_001, addDays(today, -90)); // due today
    const pending = await carBoughtOn(7_100_002, addDays(today, -10)); // due in 80 days
    const inWindow = await carBoughtOn(7_100_003, addDays(today, -70)); // due in 20 days
    expect(await firstMaintenanceReminders(pending)).toEqual([
      { on: addDays(today, 80), status: 'scheduled', ruleSetVersion: 0 },
    ]);
    expect(await firstMaintenanceReminders(inWindow)).toEqual([
      { on: addDays(today, 20), status: 'scheduled', ruleSetVersion: 0 },
    ]);
    await runReminderScan({ db: api.deps.db, tenantId: group.tenantId, storeId, now: new Date() });
    expect(await firstMaintenanceReminders(sent)).toEqual([{ on: today, status: 'sent', ruleSetVersion: 0 }]);

    // The store moves its first-maintenance window to 60–90 days after purchase.
    const rules = structuredClone(smsReminderKind.defaults);
    const first = rules.rules.find((r) => r.id === 'first-maintenance');
    if (!first || !('all' in first.conditions)) throw new Error('no first-maintenance rule');
    first.conditions.all[0] = {
      fact: 'vehicle',
      path: '$.purchaseDate',
      operator: 'daysSinceBetween',
      value: [60, 90],
    };
    await hq.ok('PUT', `/v1/stores/${storeId}/rule-sets/smsReminder/draft`, rules);
    const published = await hq.ok('POST', `/v1/stores/${storeId}/rule-sets/smsReminder/publish`, {});
    expect(published.version).toBe(1);

    // Pending: purchase + 60 days. Day 70 of the car in the window: its window is open, due today.
    expect(await firstMaintenanceReminders(pending)).toEqual([
      { on: addDays(today, 50), status: 'scheduled', ruleSetVersion: 1 },
    ]);
    expect(await firstMaintenanceReminders(inWindow)).toEqual([
      { on: today, status: 'scheduled', ruleSetVersion: 1 },
    ]);
    // Sent is sent: its day and the version that decided it stay.
    expect(await firstMaintenanceReminders(sent)).toEqual([{ on: today, status: 'sent', ruleSetVersion: 0 }]);

    // A delivery sent after the publish gets the new day: bought 5 days ago → in 55 days.
    const later = await carBoughtOn(7_100_004, addDays(today, -5));
    expect(await firstMaintenanceReminders(later)).toEqual([
      { on: addDays(today, 55), status: 'scheduled', ruleSetVersion: 1 },
    ]);
  });
});
