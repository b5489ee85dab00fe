import { type Actor, createDatabase, ingestEvents, issueMemberCard } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vinFor } from '../support/dms.ts';

/**
 * Concurrent DMS batches over the same customers: each batch locks vehicles, orders and
 * members' points accounts. Every customer here owns two cars, so two batches may share no
 * car and meet only on their owners' points accounts; sent in opposite customer orders they
 * must still all commit (no deadlock error), and the file and the ledger hold each thing once.
 */
const config = testConfig();
// A pool wide enough for every batch to hold its own transaction at the same time.
const db = createDatabase({ url: config.databaseAppUrl, max: 8 });
let group: SeededGroup;
let storeId: string;
let hqActor: Actor;
const run = uid();
const serialBase = 5_000_000 + Math.floor(Math.random() * 1_000_000);
const owners = Array.from({ length: 40 }, (_, i) => ({
  dmsId: `CC-${run}-${i}`,
  name: `并发客户${i}`,
  mobile: `136${String(serialBase + i).padStart(8, '0')}`,
}));
/** Each owner's first and second car. */
const fleets = [0, 1].map((k) => owners.map((_, i) => vinFor(serialBase + 1000 * k + i)));

beforeAll(async () => {
  group = await seedGroup(db);
  storeId = group.storeIds[0] as string;
  hqActor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  const delivered = await ingestEvents({
    db,
    actor: group.system,
    storeId,
    now: new Date('2024-01-05T10:00:00+08:00'),
    events: fleets.flatMap((vins, k) =>
      vins.map((vin, i) => ({
        type: 'delivery',
        dmsId: `CD-${run}-${k}-${i}`,
        deliveredAt: '2024-01-05T10:00:00+08:00',
        customer: { ...owners[i], birthday: '1980-05-05' },
        vehicle: { vin },
      })),
    ),
  });
  expect(delivered.counts).toMatchObject({ created: 80, rejected: 0 });
  // Every owner is a member, so each order also moves a points account.
  for (const item of delivered.items)
    await issueMemberCard({
      db,
      actor: hqActor,
      storeId,
      input: {
        vehicleId: item.vehicleId as string,
        documents: { idCard: true, vehicleLicence: true, drivingLicence: true },
      },
      now: new Date('2024-01-10T10:00:00+08:00'),
    });
});
afterAll(() => db.close());

/**
 * Batch `b`: a self-paid order of ¥100 × (b + 1) for one car of every owner — the first cars
 * in batches 0 and 2, the second in 1 and 3 — in owner order for 0 and 3, backwards for 1 and 2.
 */
function batch(b: number, tag: string) {
  const events = (fleets[b % 2] ?? []).map((vin, i) => ({
    type: 'repairOrder',
    dmsId: `CO-${run}-${tag}-${b}-${i}`,
    vehicle: { vin },
    orderTypes: ['minorRepair'],
    payer: 'self',
    labourFen: 10_000 * (b + 1),
    partsFen: 0,
    serviceAdvisor: `顾问${i % 3}`,
    openedAt: `2024-02-0${b + 1}T09:00:00+08:00`,
    closedAt: `2024-02-0${b + 1}T15:00:00+08:00`,
  }));
  return b === 1 || b === 2 ? events.reverse() : events;
}

const ingest = (events: unknown[]) =>
  ingestEvents({ db, actor: group.system, storeId, events, now: new Date('2024-02-10T10:00:00+08:00') });

async function onFile(tag: string) {
  const [row] = await db.withTenant(
    group.tenantId,
    (tx) => tx<{ orders: number; entries: number; distinctEntries: number }[]>`
      select count(distinct o.id)::int as orders, count(p.id)::int as entries,
        count(distinct (p.source_id, p.reason, p.revision))::int as distinct_entries
      from repair_orders o left join points_entries p on p.source_kind = 'repairOrder' and p.source_id = o.id
      where o.dms_id like ${`CO-${run}-${tag}-%`}`,
  );
  const balances = await db.withTenant(
    group.tenantId,
    (tx) => tx<{ balance: number; ledger: number }[]>`
      select a.balance, (select sum(e.points)::int from points_entries e where e.customer_id = a.customer_id) as ledger
      from points_accounts a join customers c on c.id = a.customer_id
      where c.dms_id like ${`CC-${run}-%`}`,
  );
  return { ...row, balances };
}

describe('concurrent ingestion', () => {
  it('commits four batches over the same 40 members in opposite orders, each order and entry once', async () => {
    const results = await Promise.allSettled([0, 1, 2, 3].map((b) => ingest(batch(b, 'a'))));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failed).toEqual([]);
    for (const r of results)
      if (r.status === 'fulfilled')
        expect(r.value.counts).toEqual({ created: 40, updated: 0, unchanged: 0, rejected: 0 });
    // ¥100 + ¥200 + ¥300 + ¥400 self-paid per member: 1,000 points each, from four entries.
    const file = await onFile('a');
    expect(file).toMatchObject({ orders: 160, entries: 160, distinctEntries: 160 });
    expect(file.balances).toHaveLength(40);
    expect(file.balances.every((b) => b.balance === 1000 && b.ledger === 1000)).toBe(true);

    // The same four batches again, at once: nothing changes.
    const again = await Promise.all([3, 2, 1, 0].map((b) => ingest(batch(b, 'a'))));
    for (const r of again) expect(r.counts).toEqual({ created: 0, updated: 0, unchanged: 40, rejected: 0 });
    expect(await onFile('a')).toEqual(file);
  });

  it('records a batch sent twice at once one time: one copy creates, the other finds it unchanged', async () => {
    const [first, second] = await Promise.all([ingest(batch(0, 'b')), ingest(batch(0, 'b').reverse())]);
    expect((first?.counts.created ?? 0) + (second?.counts.created ?? 0)).toBe(40);
    expect((first?.counts.unchanged ?? 0) + (second?.counts.unchanged ?? 0)).toBe(40);
    const file = await onFile('b');
    expect(file).toMatchObject({ orders: 40, entries: 40, distinctEntries: 40 });
    // 1,000 from the first test and ¥100 more each.
    expect(file.balances.every((b) => b.balance === 1100 && b.ledger === 1100)).toBe(true);
  });
});
