import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { updateStore } from '../tenancy/stores.ts';
import {
  type IsolatedDatabase,
  isolatedDatabase,
  type SeededGroup,
  seedGroup,
  uid,
} from '../testing/index.ts';
import { deliverSmsBatch, retryDelayMs } from './deliver-batch.ts';
import { requestSmsBatch, type SmsRequest } from './request-sms.ts';
import { saveSmsSettings } from './settings.ts';

let iso: IsolatedDatabase;
let db: Database;
let group: SeededGroup;
let hq: Actor;

beforeAll(async () => {
  iso = await isolatedDatabase();
  db = createDatabase({ url: iso.config.databaseAppUrl, max: 4 });
  group = await seedGroup(db, { stores: 1 });
  hq = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  await updateStore({ db, actor: hq, storeId: store(), input: { smsSignature: '鑫宝' } });
});
afterAll(async () => {
  await db.close();
  await iso.drop();
});

const store = () => group.storeIds[0] as string;
const noon = () => new Date('2024-05-02T04:00:00Z'); // 12:00 in Shanghai

/** `n` customers on file (one opted out when asked) and a queued reminder to each, as a campaign asks. */
async function campaign(n: number, { optedOut = -1 } = {}): Promise<string[]> {
  const requests: SmsRequest[] = [];
  for (let i = 0; i < n; i++) {
    const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const [c] = await iso.owner<{ id: string }[]>`
      insert into customers (tenant_id, store_id, dms_id, name, mobile, sms_opted_out)
      values (${group.tenantId}, ${store()}, ${`C-${uid()}`}, ${`客户${i}`}, ${mobile}, ${i === optedOut})
      returning id`;
    requests.push({
      storeId: store(),
      customerId: c?.id as string,
      phone: mobile,
      reason: 'insuranceRenewal',
      category: 'reminder',
      idempotencyKey: `reminder:${c?.id}:insuranceRenewal:${uid()}`,
      text: '您的保险快到期了',
      signature: '鑫宝',
    });
  }
  return db.withTenant(group.tenantId, (tx) => requestSmsBatch(tx, group.tenantId, requests));
}

const statuses = async (ids: string[]) =>
  iso.owner<
    { id: string; status: string; statusReason: string | null; notBefore: Date | null; attempts: number }[]
  >`
    select id, status, status_reason, not_before, attempts from sms_messages where id = any(${ids}::uuid[])
    order by queued_at, id`;

describe('the batch send path', () => {
  it('queues one job per store for a campaign, sends it in one go, and a second run sends nothing', async () => {
    const ids = await campaign(6, { optedOut: 2 });
    const jobs = await iso.owner<{ payload: { storeId: string; messageIds: string[] } }[]>`
      select payload from outbox where name = 'sms.sendBatch' and payload->'messageIds' ? ${ids[0] as string}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.payload.messageIds.sort()).toEqual([...ids].sort());

    const first = await deliverSmsBatch({
      db,
      tenantId: group.tenantId,
      storeId: store(),
      messageIds: ids,
      now: noon,
    });
    expect(first).toEqual({ sent: 5, suppressed: 1, deferred: 0, retrying: 0, failed: 0, skipped: 0 });
    const rows = await statuses(ids);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(5);
    expect(rows.find((r) => r.status === 'suppressed')?.statusReason).toBe('optedOut');
    expect(rows.every((r) => r.attempts === (r.status === 'sent' ? 1 : 0))).toBe(true);

    const again = await deliverSmsBatch({
      db,
      tenantId: group.tenantId,
      storeId: store(),
      messageIds: ids,
      now: noon,
    });
    expect(again).toEqual({ sent: 0, suppressed: 0, deferred: 0, retrying: 0, failed: 0, skipped: 6 });
  });

  it('suppresses a reminder to a number an opted-out customer of the store holds, whoever the message names', async () => {
    const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await iso.owner`
      insert into customers (tenant_id, store_id, dms_id, name, mobile, sms_opted_out)
      values (${group.tenantId}, ${store()}, ${`C-${uid()}`}, '退订客户', ${mobile}, true)`;
    const request = (category: 'reminder' | 'transactional'): SmsRequest => ({
      storeId: store(),
      customerId: null,
      phone: mobile,
      reason: category === 'reminder' ? 'birthday' : 'manual',
      category,
      idempotencyKey: `by-number:${uid()}`,
      text: '祝您生日快乐',
      signature: '鑫宝',
    });
    const ids = await db.withTenant(group.tenantId, (tx) =>
      requestSmsBatch(tx, group.tenantId, [request('reminder'), request('transactional')]),
    );
    const outcome = await deliverSmsBatch({
      db,
      tenantId: group.tenantId,
      storeId: store(),
      messageIds: ids,
      now: noon,
    });
    expect(outcome).toMatchObject({ sent: 1, suppressed: 1 });
    const rows = await statuses(ids);
    expect(rows.find((r) => r.id === ids[0])).toMatchObject({
      status: 'suppressed',
      statusReason: 'optedOut',
    });
    expect(rows.find((r) => r.id === ids[1])?.status).toBe('sent');
  });

  it('two runs of the same batch at once send each message once', async () => {
    const ids = await campaign(40);
    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        deliverSmsBatch({ db, tenantId: group.tenantId, storeId: store(), messageIds: ids, now: noon }),
      ),
    );
    expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(40);
    const rows = await statuses(ids);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('takes only what is left of the store’s minute and defers the rest to the next minute, with a job', async () => {
    await saveSmsSettings({ db, actor: hq, storeId: store(), input: { provider: 'log', ratePerMinute: 4 } });
    const at = () => new Date('2024-05-03T04:00:10Z');
    const ids = await campaign(6);
    const first = await deliverSmsBatch({
      db,
      tenantId: group.tenantId,
      storeId: store(),
      messageIds: ids,
      now: at,
    });
    expect(first).toMatchObject({ sent: 4, deferred: 2 });
    const deferred = (await statuses(ids)).filter((r) => r.status === 'queued');
    expect(deferred.map((r) => r.statusReason)).toEqual(['rateLimit', 'rateLimit']);
    for (const r of deferred) {
      expect(r.notBefore?.getTime()).toBeGreaterThanOrEqual(Date.parse('2024-05-03T04:01:00Z'));
      expect(r.notBefore?.getTime()).toBeLessThan(Date.parse('2024-05-03T04:01:05Z'));
    }
    const [job] = await iso.owner<{ payload: { messageIds: string[] }; delayMs: number }[]>`
      select payload, delay_ms from outbox where name = 'sms.sendBatch' and payload->'messageIds' ? ${deferred[0]?.id as string}
      and delay_ms > 0`;
    expect(job?.payload.messageIds.sort()).toEqual(deferred.map((r) => r.id).sort());
    // The same minute again: the allowance is spent, nothing goes.
    const more = await campaign(1);
    expect(
      await deliverSmsBatch({ db, tenantId: group.tenantId, storeId: store(), messageIds: more, now: at }),
    ).toMatchObject({ sent: 0, deferred: 1 });
    // The next minute: the deferred ones go.
    const later = await deliverSmsBatch({
      db,
      tenantId: group.tenantId,
      storeId: store(),
      messageIds: deferred.map((r) => r.id),
      now: () => new Date('2024-05-03T04:01:06Z'),
    });
    expect(later).toMatchObject({ sent: 2 });
    await saveSmsSettings({
      db,
      actor: hq,
      storeId: store(),
      input: { provider: 'log', ratePerMinute: 1200 },
    });
  });

  it('in quiet hours sets the batch aside until 08:00 on the store’s clock with one delayed job', async () => {
    const ids = await campaign(3);
    const at = new Date('2024-05-01T14:30:00Z'); // 22:30 in Shanghai
    expect(
      await deliverSmsBatch({
        db,
        tenantId: group.tenantId,
        storeId: store(),
        messageIds: ids,
        now: () => at,
      }),
    ).toEqual({ sent: 0, suppressed: 0, deferred: 3, retrying: 0, failed: 0, skipped: 0 });
    const rows = await statuses(ids);
    expect(rows.every((r) => r.status === 'queued' && r.statusReason === 'quietHours')).toBe(true);
    expect(rows.every((r) => r.notBefore?.toISOString() === '2024-05-02T00:00:00.000Z')).toBe(true);
    const jobs = await iso.owner<{ delayMs: number }[]>`
      select delay_ms from outbox where name = 'sms.sendBatch' and payload->'messageIds' ? ${ids[0] as string}
      and delay_ms > 0`;
    expect(jobs.map((j) => j.delayMs)).toEqual([9.5 * 3600_000]);
    // A run before then does nothing; at 08:00 they go.
    expect(
      await deliverSmsBatch({
        db,
        tenantId: group.tenantId,
        storeId: store(),
        messageIds: ids,
        now: () => new Date('2024-05-01T20:00:00Z'),
      }),
    ).toMatchObject({ sent: 0, skipped: 3 });
    expect(
      await deliverSmsBatch({
        db,
        tenantId: group.tenantId,
        storeId: store(),
        messageIds: ids,
        now: () => new Date('2024-05-02T00:00:00Z'),
      }),
    ).toMatchObject({ sent: 3 });
  });

  it('backs off like the queue: 1 s, 2 s, 4 s, 8 s', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
  });
});
