import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { ingestEvents } from '../events/ingest.ts';
import { type SeededGroup, seedGroup, testConfig, testDatabase, uid } from '../testing/index.ts';
import { type Posting, postEntries } from './ledger.ts';

/**
 * The points ledger's one writer: each posting appends its entries and moves the kept
 * balance in the same statement, so the balance is the sum of the entries whatever runs at
 * once, a replay moves nothing, and a debit past the balance is refused and writes nothing.
 */
const db = testDatabase();
// Enough connections for 16 writers to really run side by side.
const wide = createDatabase({ url: testConfig().databaseAppUrl, max: 16 });
let group: SeededGroup;
let storeId: string;

beforeAll(async () => {
  group = await seedGroup(db, { stores: 1 });
  storeId = group.storeIds[0] as string;
});
afterAll(async () => {
  await wide.close();
});

/** A customer on file through the DMS path (a delivery), with no points account yet. */
async function customer(): Promise<string> {
  const customerDmsId = `C-${uid()}`;
  await ingestEvents({
    db,
    actor: group.system,
    storeId,
    events: [
      {
        type: 'delivery',
        dmsId: `D-${uid()}`,
        deliveredAt: '2024-01-10T10:00:00+08:00',
        customer: { dmsId: customerDmsId, name: `车主${uid()}` },
        vehicle: { vin: `LBV${uid()}${uid()}`.slice(0, 17).toUpperCase().padEnd(17, '0') },
      },
    ],
  });
  const [row] = await db.withTenant(
    group.tenantId,
    (tx) => tx<{ id: string }[]>`select id from customers where dms_id = ${customerDmsId}`,
  );
  if (!row) throw new Error('delivery did not file its customer');
  return row.id;
}

const posting = (customerId: string, points: number, sourceId = crypto.randomUUID()): Posting => ({
  customerId,
  vehicleId: null,
  points,
  reason: 'test',
  sourceKind: 'test',
  sourceId,
});

const post = (postings: Posting[]) =>
  wide.withTenant(group.tenantId, (tx) => postEntries(tx, group.tenantId, storeId, postings));

async function account(customerId: string) {
  const [row] = await db.withTenant(
    group.tenantId,
    (tx) => tx<{ balance: number | null; sum: number | null; entries: number }[]>`
      select (select balance from points_accounts where customer_id = ${customerId}) as balance,
        (select sum(points)::int from points_entries where customer_id = ${customerId}) as sum,
        (select count(*)::int from points_entries where customer_id = ${customerId}) as entries`,
  );
  return row;
}

describe('points ledger postings', () => {
  it("opens a customer's account with their first entry and adds each later one", async () => {
    const id = await customer();
    expect(await account(id)).toEqual({ balance: null, sum: null, entries: 0 });
    await post([posting(id, 300)]);
    await post([posting(id, -120), posting(id, 45)]);
    expect(await account(id)).toEqual({ balance: 225, sum: 225, entries: 3 });
  });

  it('posts a replayed source once and moves the balance once', async () => {
    const id = await customer();
    const source = crypto.randomUUID();
    expect(await post([posting(id, 200, source)])).toHaveLength(1);
    expect(await post([posting(id, 200, source)])).toEqual([]);
    expect(await account(id)).toEqual({ balance: 200, sum: 200, entries: 1 });
  });

  it('refuses a debit past the balance as a conflict on points, and writes nothing of the statement', async () => {
    const id = await customer();
    const other = await customer();
    await post([posting(id, 100)]);
    const refusal = await post([posting(other, 50), posting(id, -150)]).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'CONFLICT', details: [{ path: 'points' }] });
    expect(await account(id)).toEqual({ balance: 100, sum: 100, entries: 1 });
    expect(await account(other)).toEqual({ balance: null, sum: null, entries: 0 });
  });

  it('keeps one account equal to the sum of its entries, never below zero, with 16 writers at once', async () => {
    const id = await customer();
    // Each writer alternately earns 10 and spends 25, starting from nothing: 80 credits of
    // 10 (800 in all) always go in, and only the spends the balance covers at the time.
    let spent = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 10; i++) {
          const points = i % 2 === 0 ? 10 : -25;
          try {
            await post([posting(id, points)]);
            if (points < 0) spent++;
          } catch (error) {
            expect(error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'points' }] });
            refused++;
          }
        }
      }),
    );
    expect(spent + refused).toBe(80);
    expect(spent).toBeGreaterThan(0);
    const after = await account(id);
    expect(after?.balance).toBe(800 - 25 * spent);
    expect(after?.sum).toBe(after?.balance);
    expect(after?.entries).toBe(80 + spent);
    expect(after?.balance).toBeGreaterThanOrEqual(0);
  });
});
