import { smsReminderKind } from '@crm/rules';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateCustomer } from '../customers/update-customer.ts';
import { createDatabase, type Database } from '../db/database.ts';
import { ingestEvents } from '../events/ingest.ts';
import type { Actor } from '../identity/actor.ts';
import { createLogger } from '../logger.ts';
import { type Relay, startRelay } from '../outbox/relay.ts';
import { createQueueBackend, type QueueBackend } from '../queues/backend.ts';
import { startWorkers } from '../queues/worker.ts';
import { publishBody } from '../rulesets/versions.ts';
import { updateStore } from '../tenancy/stores.ts';
import {
  type FakeSmsGateway,
  type IsolatedDatabase,
  isolatedDatabase,
  type SeededGroup,
  seedGroup,
  startFakeSmsGateway,
  uid,
} from '../testing/index.ts';
import { sendSmsToCustomer } from './compose.ts';
import { deliverSms } from './deliver-sms.ts';
import { recordDeliveryReceipt } from './receipts.ts';
import { recordInboundReply } from './replies.ts';
import { requestSms } from './request-sms.ts';
import { saveSmsSettings } from './settings.ts';

const log = createLogger({ name: 'test', level: 'silent' });

async function until(check: () => Promise<boolean>, ms = 25_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let iso: IsolatedDatabase;
let db: Database;
let backend: QueueBackend;
let group: SeededGroup;
let hq: Actor;
let gateway: FakeSmsGateway;

beforeAll(async () => {
  iso = await isolatedDatabase();
  db = createDatabase({ url: iso.config.databaseAppUrl, max: 8 });
  backend = createQueueBackend({
    redisUrl: iso.config.REDIS_URL,
    databaseUrl: iso.config.databaseAppUrl,
    prefix: iso.config.QUEUE_PREFIX,
  });
  group = await seedGroup(db, { stores: 2 });
  hq = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  await updateStore({ db, actor: hq, storeId: group.storeIds[0] as string, input: { smsSignature: '鑫宝' } });
  gateway = await startFakeSmsGateway();
  // The fake gateway listens on loopback: allowed only by this development switch.
  process.env.SMS_GATEWAY_ALLOW_LOOPBACK = 'true';
});
afterAll(async () => {
  delete process.env.SMS_GATEWAY_ALLOW_LOOPBACK;
  await gateway.close();
  await backend.close();
  await db.close();
  await iso.drop();
});

const noon = () => new Date('2024-05-02T04:00:00Z');
const s1 = () => group.storeIds[0] as string;
const s2 = () => group.storeIds[1] as string;

let serial = 0;
/** A customer with a car, delivered at `storeId` through ingestion; returns their ids and number. */
async function customerAt(
  storeId: string,
): Promise<{ customerId: string; vehicleId: string; mobile: string }> {
  serial += 1;
  const n = `${Date.now() % 1e6}${serial}`.padStart(8, '0').slice(-8);
  const mobile = `139${n}`;
  const vin = `LFV2A21K${String(serial).padStart(9, '0')}`.slice(0, 17);
  const result = await ingestEvents({
    db,
    actor: group.system,
    storeId,
    events: [
      {
        type: 'delivery',
        dmsId: `D-${uid()}`,
        deliveredAt: '2024-01-10T10:00:00+08:00',
        customer: { dmsId: `C-${uid()}`, name: `客户${serial}`, gender: 'female', mobile },
        vehicle: { vin, plate: `皖A${String(10000 + serial)}` },
      },
    ],
  });
  const vehicleId = result.items[0]?.vehicleId;
  if (!vehicleId) throw new Error(`delivery rejected: ${JSON.stringify(result.items[0]?.errors)}`);
  const [row] = await iso.owner<
    { customerId: string }[]
  >`select current_owner_id as customer_id from vehicles where id = ${vehicleId}`;
  return { customerId: row?.customerId as string, vehicleId, mobile };
}

/** A reminder-category message asked for as the reminder scan does. */
const remind = (storeId: string, c: { customerId: string; mobile: string }, key = uid()) =>
  db.withTenant(group.tenantId, (tx) =>
    requestSms(tx, group.tenantId, {
      storeId,
      customerId: c.customerId,
      phone: c.mobile,
      reason: 'periodicMaintenance',
      category: 'reminder',
      idempotencyKey: `reminder:${c.customerId}:periodicMaintenance:${key}`,
      text: '您的爱车该保养了',
      signature: '鑫宝',
    }),
  );

const message = async (id: string) =>
  (
    await iso.owner<
      {
        status: string;
        statusReason: string | null;
        attempts: number;
        notBefore: Date | null;
        body: string;
      }[]
    >`select status, status_reason, attempts, not_before, body from sms_messages where id = ${id}`
  )[0];

describe('quiet hours', () => {
  it('defers on each store’s own clock: 21:30 in Shanghai waits for 08:00, 19:30 in Urumqi goes', async () => {
    await updateStore({ db, actor: hq, storeId: s2(), input: { timeZone: 'Asia/Urumqi' } });
    const shanghai = await remind(s1(), await customerAt(s1()));
    const urumqi = await remind(s2(), await customerAt(s2()));
    const at = new Date('2024-05-01T13:30:00Z'); // 21:30 in Shanghai, 19:30 in Urumqi

    expect(await deliverSms({ db, tenantId: group.tenantId, messageId: shanghai.id, now: () => at })).toEqual(
      {
        outcome: 'deferred',
        until: '2024-05-02T00:00:00.000Z',
        why: 'quietHours',
      },
    );
    expect(
      await deliverSms({ db, tenantId: group.tenantId, messageId: urumqi.id, now: () => at }),
    ).toMatchObject({
      outcome: 'sent',
    });
    // A deferred message asks for a job at 08:00 (10.5 hours on), and a duplicate run before then does nothing.
    const [deferredJob] = await iso.owner<{ delayMs: number }[]>`
      select delay_ms from outbox where payload->>'messageId' = ${shanghai.id} and delay_ms > 0`;
    expect(deferredJob?.delayMs).toBe(10.5 * 3600_000);
    expect(
      await deliverSms({
        db,
        tenantId: group.tenantId,
        messageId: shanghai.id,
        now: () => new Date('2024-05-01T20:00:00Z'),
      }),
    ).toEqual({ outcome: 'skipped' });
    expect(
      await deliverSms({
        db,
        tenantId: group.tenantId,
        messageId: shanghai.id,
        now: () => new Date('2024-05-02T00:00:00Z'),
      }),
    ).toMatchObject({ outcome: 'sent' });
    // Urumqi's 21:00 is 15:00 UTC: then it waits for 08:00 there (02:00 UTC).
    const late = await remind(s2(), await customerAt(s2()));
    expect(
      await deliverSms({
        db,
        tenantId: group.tenantId,
        messageId: late.id,
        now: () => new Date('2024-05-01T15:00:00Z'),
      }),
    ).toMatchObject({ outcome: 'deferred', until: '2024-05-02T02:00:00.000Z' });
  });
});

describe('opt-out', () => {
  it('a staff flag stops reminders but not a transactional message', async () => {
    const c = await customerAt(s1());
    await updateCustomer({
      db,
      actor: hq,
      storeId: s1(),
      customerId: c.customerId,
      input: { smsOptedOut: true },
    });
    const reminder = await remind(s1(), c);
    expect(await deliverSms({ db, tenantId: group.tenantId, messageId: reminder.id, now: noon })).toEqual({
      outcome: 'suppressed',
    });
    expect(await message(reminder.id)).toMatchObject({ status: 'suppressed', statusReason: 'optedOut' });

    const notice = await sendSmsToCustomer({
      db,
      actor: hq,
      storeId: s1(),
      input: {
        customerId: c.customerId,
        text: '{customerName}{customerTitle},您的爱车已修好,请来取车。',
        category: 'transactional',
      },
    });
    expect(notice.body).toMatch(/^【鑫宝】客户\d+女士,您的爱车已修好,请来取车。$/);
    expect(notice).toMatchObject({
      status: 'queued',
      segments: 1,
      category: 'transactional',
      reason: 'manual',
    });
    expect(await deliverSms({ db, tenantId: group.tenantId, messageId: notice.id, now: noon })).toMatchObject(
      {
        outcome: 'sent',
      },
    );
  });

  it('a reply of 退订 opts the number out: the next reminder is suppressed', async () => {
    const c = await customerAt(s1());
    const first = await remind(s1(), c);
    await deliverSms({ db, tenantId: group.tenantId, messageId: first.id, now: noon });
    const reply = await recordInboundReply({
      db,
      tenantId: group.tenantId,
      storeId: s1(),
      reply: { replyId: `r-${uid()}`, from: `+86 ${c.mobile}`, text: '退订' },
    });
    expect(reply).toMatchObject({ messageId: first.id, meaning: 'optOut', flagged: false, created: true });
    const second = await remind(s1(), c);
    expect(await deliverSms({ db, tenantId: group.tenantId, messageId: second.id, now: noon })).toEqual({
      outcome: 'suppressed',
    });
  });

  it('no reminder goes twice: the same (customer, reason, period) is the same message', async () => {
    const c = await customerAt(s1());
    const once = await remind(s1(), c, '2024');
    const again = await remind(s1(), c, '2024');
    expect(again).toEqual({ id: once.id, created: false });
  });
});

describe('survey replies', () => {
  it('records a score, flags an unclear reply, and keeps a reply posted twice once', async () => {
    const c = await customerAt(s1());
    const survey = await db.withTenant(group.tenantId, (tx) =>
      requestSms(tx, group.tenantId, {
        storeId: s1(),
        customerId: c.customerId,
        phone: c.mobile,
        reason: 'survey',
        category: 'reminder',
        idempotencyKey: `survey:${c.customerId}:${uid()}`,
        text: '请问您对本店的服务是否满意?请回复1-10分',
        signature: '鑫宝',
      }),
    );
    await deliverSms({
      db,
      tenantId: group.tenantId,
      messageId: survey.id,
      now: () => new Date('2024-05-02T04:00:00Z'),
    });
    const post = (replyId: string, text: string) =>
      recordInboundReply({
        db,
        tenantId: group.tenantId,
        storeId: s1(),
        reply: { replyId, from: c.mobile, text },
      });
    expect(await post('a', '9分')).toMatchObject({
      messageId: survey.id,
      meaning: 'score',
      score: 9,
      flagged: false,
    });
    expect(await post('a', '9分')).toMatchObject({ meaning: 'score', score: 9, created: false });
    expect(await post('b', '还行吧，就是等太久')).toMatchObject({
      meaning: 'unclear',
      score: null,
      flagged: true,
    });
    const [count] =
      await iso.owner`select count(*)::int as n from sms_replies where message_id = ${survey.id}`;
    expect(count?.n).toBe(2);
  });
});

describe('providers through the queue (retries with backoff)', () => {
  let workers: Worker[];
  let relay: Relay;
  beforeAll(async () => {
    await storeAlwaysAwake();
    await saveSmsSettings({
      db,
      actor: hq,
      storeId: s1(),
      input: {
        provider: 'http',
        httpUrl: gateway.url,
        httpAuthorization: 'Bearer gw-secret',
        httpBodyTemplate: gateway.bodyTemplate,
        httpTimeoutMs: 300,
      },
    });
    workers = startWorkers({ db, backend, log });
    relay = startRelay({ db, backend, log, intervalMs: 50 });
  });
  afterAll(async () => {
    await relay.stop();
    await Promise.all(workers.map((w) => w.close()));
  });

  /** A transactional message now (so quiet hours at the test's wall-clock time do not hold it). */
  const transactional = async () => {
    const c = await customerAt(s1());
    return db.withTenant(group.tenantId, (tx) =>
      requestSms(tx, group.tenantId, {
        storeId: s1(),
        customerId: c.customerId,
        phone: c.mobile,
        reason: 'manual',
        category: 'transactional',
        idempotencyKey: `manual:${uid()}`,
        text: '您的车已修好',
        signature: '鑫宝',
      }),
    );
  };

  it('a gateway that fails three times (two 503s and a timeout) then accepts: sent, once, on the fourth attempt', async () => {
    const { id } = await transactional();
    gateway.plan = (ref, attempt) =>
      ref !== id || attempt > 3
        ? { status: 200 }
        : attempt === 2
          ? { status: 200, delayMs: 1_000 }
          : { status: 503 };
    await until(async () => (await message(id))?.status === 'sent');
    expect(await message(id)).toMatchObject({ status: 'sent', attempts: 4, statusReason: null });
    const toGateway = gateway.requests.filter((r) => r.ref === id);
    expect(toGateway).toHaveLength(4);
    expect(toGateway[0]?.authorization).toBe('Bearer gw-secret');
    expect(toGateway[0]?.text).toBe('【鑫宝】您的车已修好');
  }, 40_000);

  it('a gateway that always fails: failed after five attempts, with its reason', async () => {
    const { id } = await transactional();
    gateway.plan = (ref) =>
      ref === id ? { status: 503, body: '{"error":"carrier down"}' } : { status: 200 };
    await until(async () => (await message(id))?.status === 'failed', 40_000);
    expect(await message(id)).toMatchObject({
      status: 'failed',
      attempts: 5,
      statusReason: 'gateway answered 503: {"error":"carrier down"}',
    });
  }, 50_000);

  it('a refused number fails at once, without retries', async () => {
    const { id } = await transactional();
    gateway.plan = (ref) =>
      ref === id ? { status: 400, body: '{"error":"invalid mobile"}' } : { status: 200 };
    await until(async () => (await message(id))?.status === 'failed');
    expect(await message(id)).toMatchObject({
      attempts: 1,
      statusReason: 'gateway answered 400: {"error":"invalid mobile"}',
    });
  });

  it('a delivery receipt sent twice moves the status once; a late "failed" does not undo "delivered"', async () => {
    gateway.plan = () => ({ status: 200 });
    const { id } = await transactional();
    await until(async () => (await message(id))?.status === 'sent');
    const receipt = (status: 'delivered' | 'failed') =>
      recordDeliveryReceipt({
        db,
        tenantId: group.tenantId,
        storeId: s1(),
        receipt: { providerMessageId: `gw-${id}`, status },
      });
    expect(await receipt('delivered')).toEqual({ matched: true, changed: true });
    expect(await receipt('delivered')).toEqual({ matched: true, changed: false });
    expect(await receipt('failed')).toEqual({ matched: true, changed: false });
    expect((await message(id))?.status).toBe('delivered');
  });
});

/** Quiet hours off at S1 (a store rule: start = end) for the queue tests, which run at the machine's real time. */
async function storeAlwaysAwake() {
  await publishBody({
    db,
    actor: hq,
    storeId: s1(),
    kind: 'smsReminder',
    body: { ...smsReminderKind.defaults, quietHours: { start: '00:00', end: '00:00' } },
  });
}
