import { deliverSms, requestSms, signWebhook } from '@crm/core';
import { seedGroup } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const api = testApi();
afterAll(() => api.close());

let hq: Client;
let store: string;
let hooks: { receiptsUrl: string; repliesUrl: string; webhookSecret: string };
let customer: { id: string; mobile: string; vehicleId: string };
let tenantId: string;

beforeAll(async () => {
  const group = await seedGroup(api.deps.db, { stores: 1 });
  store = group.storeIds[0] as string;
  tenantId = group.tenantId;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  await hq.ok('PATCH', `/v1/stores/${store}`, { smsSignature: '六安鑫宝', phone: '0564-3336666' });
  const n = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const mobile = `137${n}`;
  const ingested = await hq.ok('POST', `/v1/stores/${store}/events`, {
    events: [
      {
        type: 'delivery',
        dmsId: `D${n}`,
        deliveredAt: '2024-03-01T10:00:00+08:00',
        customer: { dmsId: `C${n}`, name: '李四', gender: 'male', mobile },
        vehicle: { vin: 'LFV2A21K6A3123456', plate: '皖N12345', model: '卡罗拉 1.2T' },
      },
    ],
  });
  const file = await hq.ok('GET', `/v1/stores/${store}/customer-files/${ingested.items[0].vehicleId}`);
  customer = { id: file.customer.id, mobile, vehicleId: ingested.items[0].vehicleId };
  hooks = await hq.ok('GET', `/v1/stores/${store}/sms/settings`);
});

/** Posts to a webhook as the gateway would: raw JSON, timestamp and signature headers. */
async function webhook(url: string, body: unknown, { secret = hooks.webhookSecret, at = Date.now() } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(at);
  return new Client(api.app).request('POST', url, undefined, {
    raw,
    headers: { 'x-sms-timestamp': timestamp, 'x-sms-signature': signWebhook(secret, timestamp, raw) },
  });
}

describe('template preview', () => {
  it('renders the template for a real customer with the signature first and counts the parts', async () => {
    const preview = await hq.ok('POST', `/v1/stores/${store}/sms/preview`, {
      text: '尊敬的{customerName}{customerTitle},您的爱车{plate}该保养了,预约电话{storePhone}。',
      customerId: customer.id,
    });
    expect(preview).toEqual({
      body: '【六安鑫宝】尊敬的李四先生,您的爱车皖N12345该保养了,预约电话0564-3336666。',
      characters: 47,
      segments: 1,
      forbiddenPhrases: [],
    });
  });

  it('refuses an unknown variable, naming it', async () => {
    const reply = await hq.request('POST', `/v1/stores/${store}/sms/preview`, { text: '您好{customerNmae}' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([
      { path: 'text', message: 'Unknown template variable {customerNmae}.' },
    ]);
  });

  it('warns about the store’s forbidden phrases and counts a long text in 67-character parts', async () => {
    const preview = await hq.ok('POST', `/v1/stores/${store}/sms/preview`, {
      text: `这个问题我不大清楚,改天再通知你。${'请'.repeat(60)}`,
    });
    expect(preview.forbiddenPhrases).toEqual(expect.arrayContaining(['我不大清楚', '改天再通知你']));
    expect(preview.characters).toBe(6 + 17 + 60);
    expect(preview.segments).toBe(2);
  });
});

describe('manual send and the send log', () => {
  it('queues a message to the customer and lists it with the number masked', async () => {
    const sent = await hq.request('POST', `/v1/stores/${store}/sms/messages`, {
      customerId: customer.id,
      text: '{customerName}{customerTitle},您的爱车已保养完毕,请来取车。',
      idempotencyKey: 'pickup-1',
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      status: 'queued',
      reason: 'manual',
      category: 'transactional',
      body: '【六安鑫宝】李四先生,您的爱车已保养完毕,请来取车。',
      phone: `${customer.mobile.slice(0, 3)}****${customer.mobile.slice(-4)}`,
      segments: 1,
    });
    const again = await hq.ok('POST', `/v1/stores/${store}/sms/messages`, {
      customerId: customer.id,
      text: '{customerName}{customerTitle},您的爱车已保养完毕,请来取车。',
      idempotencyKey: 'pickup-1',
    });
    expect(again.id).toBe(sent.body.id);
    const log = await hq.ok(
      'GET',
      `/v1/stores/${store}/sms/messages?phoneTail=${customer.mobile.slice(-4)}&status=queued&reason=manual`,
    );
    expect(log.items.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
    expect((await hq.ok('GET', `/v1/stores/${store}/sms/messages?status=failed`)).items).toEqual([]);
  });
});

describe('gateway webhooks', () => {
  it('a delivery receipt sent twice changes the status once; a wrong or stale signature is refused', async () => {
    const { id } = await hq.ok('POST', `/v1/stores/${store}/sms/messages`, {
      customerId: customer.id,
      text: '请问您对本次服务是否满意?请回复1-10分',
    });
    const receipt = { messageId: id, status: 'delivered' };
    expect((await webhook(hooks.receiptsUrl, receipt, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await webhook(hooks.receiptsUrl, receipt, { at: Date.now() - 10 * 60_000 })).status).toBe(401);
    const first = await webhook(hooks.receiptsUrl, receipt);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ matched: true, changed: true });
    expect((await webhook(hooks.receiptsUrl, receipt)).body).toEqual({ matched: true, changed: false });
    const [message] = (await hq.ok('GET', `/v1/stores/${store}/sms/messages?status=delivered`)).items;
    expect(message.id).toBe(id);
  });

  it('a reply of TD opts the customer out; the reply shows in the send log', async () => {
    const reply = await webhook(hooks.repliesUrl, { replyId: 'gw-r-1', from: customer.mobile, text: 'TD' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ meaning: 'optOut', flagged: false, created: true });
    const log = await hq.ok('GET', `/v1/stores/${store}/sms/messages?status=delivered`);
    expect(log.items[0].replies).toEqual([expect.objectContaining({ text: 'TD', meaning: 'optOut' })]);
    const file = await hq.ok('GET', `/v1/stores/${store}/customer-files/${customer.vehicleId}`);
    expect(file.customer.smsOptedOut).toBe(true);
  });

  it('refuses a webhook for a store of another tenant or a malformed address', async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const url = `/webhooks/sms/${other.tenantId}/${store}/receipts`;
    expect((await webhook(url, { messageId: crypto.randomUUID(), status: 'delivered' })).status).toBe(401);
    expect((await webhook('/webhooks/sms/x/y/receipts', { status: 'delivered' })).status).toBe(401);
  });
});

describe('survey replies through the webhook', () => {
  /** Another customer of the store, delivered through the DMS events; their id, number and car. */
  async function anotherCustomer() {
    const n = String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
    const mobile = `136${n}`;
    const ingested = await hq.ok('POST', `/v1/stores/${store}/events`, {
      events: [
        {
          type: 'delivery',
          dmsId: `D${n}`,
          deliveredAt: '2024-03-01T10:00:00+08:00',
          customer: { dmsId: `C${n}`, name: '王五', gender: 'male', mobile },
          vehicle: { vin: `LFV2A21K6B${n.slice(0, 7)}`, plate: `皖N${n.slice(0, 5)}` },
        },
      ],
    });
    const vehicleId = ingested.items[0].vehicleId as string;
    const file = await hq.ok('GET', `/v1/stores/${store}/customer-files/${vehicleId}`);
    return { id: file.customer.id as string, mobile, vehicleId };
  }

  /** A satisfaction survey to the customer, as the callback flow asks for one. */
  const survey = (c: { id: string; mobile: string }) =>
    api.deps.db.withTenant(tenantId, (tx) =>
      requestSms(tx, tenantId, {
        storeId: store,
        customerId: c.id,
        phone: c.mobile,
        reason: 'survey',
        category: 'reminder',
        idempotencyKey: `survey:${c.id}`,
        text: '请问您对本店的服务是否满意?请回复1-10分(10分为非常满意)',
        signature: '六安鑫宝',
      }),
    );
  const at = (iso: string) => () => new Date(iso);

  it('a reply that arrives while its survey waits out quiet hours is kept, scored, and the survey is not sent', async () => {
    const c = await anotherCustomer();
    const { id } = await survey(c);
    // 23:00 in the store (UTC+8): quiet hours hold the survey until 08:00.
    const held = await deliverSms({
      db: api.deps.db,
      tenantId,
      messageId: id,
      now: at('2024-05-02T15:00:00Z'),
    });
    expect(held.outcome).toBe('deferred');
    const reply = await webhook(hooks.repliesUrl, {
      replyId: `early-${c.mobile}`,
      from: c.mobile,
      text: '给个8分吧',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      messageId: id,
      meaning: 'score',
      score: 8,
      optedOut: false,
      flagged: false,
    });
    const [message] = (await hq.ok('GET', `/v1/stores/${store}/sms/messages?phoneTail=${c.mobile.slice(-8)}`))
      .items;
    expect(message).toMatchObject({ id, status: 'suppressed', statusReason: 'answered' });
    expect(message.replies).toEqual([
      expect.objectContaining({ text: '给个8分吧', meaning: 'score', score: 8 }),
    ]);
    const morning = await deliverSms({
      db: api.deps.db,
      tenantId,
      messageId: id,
      now: at('2024-05-03T01:00:00Z'),
    });
    expect(morning.outcome).toBe('skipped');
  });

  it('an early reply that is not a score is kept with its survey, flagged, and the survey still goes', async () => {
    const c = await anotherCustomer();
    const { id } = await survey(c);
    await deliverSms({ db: api.deps.db, tenantId, messageId: id, now: at('2024-05-02T15:00:00Z') });
    const reply = await webhook(hooks.repliesUrl, {
      replyId: `early-${c.mobile}`,
      from: c.mobile,
      text: '8分或9分',
    });
    expect(reply.body).toMatchObject({ messageId: id, meaning: 'unclear', score: null, flagged: true });
    const sent = await deliverSms({
      db: api.deps.db,
      tenantId,
      messageId: id,
      now: at('2024-05-03T01:00:00Z'),
    });
    expect(sent.outcome).toBe('sent');
  });

  it('"10分 退订" records the score of 10 and opts the customer out', async () => {
    const c = await anotherCustomer();
    const { id } = await survey(c);
    await deliverSms({ db: api.deps.db, tenantId, messageId: id, now: at('2024-05-02T04:00:00Z') });
    const reply = await webhook(hooks.repliesUrl, {
      replyId: `td-${c.mobile}`,
      from: c.mobile,
      text: '10分 退订',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      messageId: id,
      meaning: 'score',
      score: 10,
      optedOut: true,
      flagged: false,
    });
    const file = await hq.ok('GET', `/v1/stores/${store}/customer-files/${c.vehicleId}`);
    expect(file.customer.smsOptedOut).toBe(true);
  });
});

describe('SMS gateway address (no internal addresses)', () => {
  const platformList = 'sms.example.com,*.gw.example.cn';
  beforeAll(() => {
    process.env.SMS_GATEWAY_ALLOWED_HOSTS = platformList;
  });
  afterAll(() => {
    delete process.env.SMS_GATEWAY_ALLOWED_HOSTS;
  });
  const save = (httpUrl: string) =>
    hq.request('PUT', `/v1/stores/${store}/sms/settings`, {
      provider: 'http',
      httpUrl,
      httpAuthorization: 'Bearer store-secret',
      httpBodyTemplate: '{"to":"{{phone}}","content":"{{text}}","ref":"{{id}}"}',
    });

  it.each([
    ['http://127.0.0.1/send', '只支持 https 网址'],
    ['https://169.254.169.254/latest/meta-data', '不能指向内网、本机或保留地址'],
    ['https://10.0.0.1/send', '不能指向内网、本机或保留地址'],
    ['https://[::1]/send', '不能指向本机地址'],
    ['https://localhost/send', '不能指向本机地址'],
    ['https://sms.evil.example.org/send', '网关主机 sms.evil.example.org 不在平台允许的名单内'],
  ])('refuses to save %s, naming the field: %s', async (url, reason) => {
    const reply = await save(url);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: [{ path: 'httpUrl', message: reason }],
    });
    const settings = await hq.ok('GET', `/v1/stores/${store}/sms/settings`);
    expect(settings).toMatchObject({ provider: 'log', httpUrl: null });
  });

  it('saves an https gateway on the platform list', async () => {
    const reply = await save('https://a.gw.example.cn/v1/send');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ provider: 'http', httpUrl: 'https://a.gw.example.cn/v1/send' });
    expect((await hq.ok('PUT', `/v1/stores/${store}/sms/settings`, { provider: 'log' })).provider).toBe(
      'log',
    );
  });

  it('at send time, a gateway name that resolves to loopback fails its message with the reason and nothing is sent', async () => {
    process.env.SMS_GATEWAY_ALLOWED_HOSTS = '*';
    try {
      // A URL saved before these checks, whose name resolves to this machine.
      await api.deps.db.withTenant(
        tenantId,
        (tx) => tx`
        update sms_settings set provider = 'http', http_url = 'https://localhost:9/send',
          http_body_template = '{"to":"{{phone}}"}'
        where store_id = ${store}`,
      );
      const { id } = await hq.ok('POST', `/v1/stores/${store}/sms/messages`, {
        customerId: customer.id,
        text: '您的爱车已修好',
      });
      const outcome = await deliverSms({
        db: api.deps.db,
        tenantId,
        messageId: id,
        now: () => new Date('2024-05-02T04:00:00Z'),
      });
      expect(outcome).toEqual({
        outcome: 'failed',
        reason: expect.stringMatching(
          /^gateway address refused: localhost 解析到非公网地址 (127\.0\.0\.1|::1)$/,
        ),
      });
      const [message] = (await hq.ok('GET', `/v1/stores/${store}/sms/messages?status=failed`)).items;
      expect(message).toMatchObject({ id, status: 'failed', attempts: 1 });
    } finally {
      process.env.SMS_GATEWAY_ALLOWED_HOSTS = platformList;
      await api.deps.db.withTenant(
        tenantId,
        (tx) => tx`
        update sms_settings set provider = 'log', http_url = null, http_body_template = null where store_id = ${store}`,
      );
    }
  });
});
