import { deliverSms, evaluateReminderRules, runReminderScan, signWebhook } from '@crm/core';
import { seedGroup } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const api = testApi();
afterAll(() => api.close());

let hq: Client;
let tenantId: string;
let store: string;
let hooks: { repliesUrl: string; webhookSecret: string };
/** The preview's day: two days on, when the cars delivered 88 days ago reach their 90th. */
let day: string;

const dayOf = (at: Date) => at.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A VIN with a valid check digit, numbered `n`. */
function vin(n: number): string {
  const body = `LSVAU2180P${String(n).padStart(7, '0')}`;
  const values: Record<string, number> = { A: 1, L: 3, P: 7, S: 2, U: 4, V: 5 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = body.charAt(i);
    sum += (/\d/.test(c) ? Number(c) : (values[c] ?? 0)) * (weights[i] ?? 0);
  }
  return `${body.slice(0, 8)}${sum % 11 === 10 ? 'X' : String(sum % 11)}${body.slice(9)}`;
}

const counts = async () => {
  const [row] = await api.deps.db.withTenant(
    tenantId,
    (tx) => tx<{ messages: number; outbox: number; scheduled: number }[]>`
      select (select count(*)::int from sms_messages) as messages,
        (select count(*)::int from outbox where name like 'sms.%') as outbox,
        (select count(*)::int from reminder_schedule where status = 'scheduled') as scheduled`,
  );
  return row;
};

beforeAll(async () => {
  const group = await seedGroup(api.deps.db, { stores: 1 });
  tenantId = group.tenantId;
  store = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  await hq.ok('PATCH', `/v1/stores/${store}`, {
    name: '六安鑫宝',
    smsSignature: '六安鑫宝',
    phone: '0564-3336666',
  });
  const today = dayOf(new Date());
  day = addDays(today, 2);
  const delivered = addDays(today, -88);
  const seed = Math.floor(Math.random() * 1e6);
  const events = [
    // Three cars reach their first maintenance (90 days) on `day`; one owner has no number.
    ...[0, 1, 2, 3].map((i) => ({
      type: 'delivery',
      dmsId: `D${seed}-${i}`,
      deliveredAt: `${delivered}T10:00:00+08:00`,
      customer: {
        dmsId: `C${seed}-${i}`,
        name: `车主${i}`,
        gender: 'male',
        ...(i < 3
          ? {
              mobile: `1370000${String(seed + i)
                .padStart(4, '0')
                .slice(-4)}`,
            }
          : {}),
      },
      vehicle: { vin: vin((seed % 1000) + i), plate: `皖N${String(10_000 + i)}` },
    })),
    // A car bought long ago whose policy ends ten days after `day`: a renewal reminder.
    {
      type: 'delivery',
      dmsId: `D${seed}-9`,
      deliveredAt: '2023-03-01T10:00:00+08:00',
      customer: { dmsId: `C${seed}-9`, name: '王五', gender: 'female', mobile: '13955556666' },
      vehicle: { vin: vin((seed % 1000) + 9), plate: '皖N99999', insuranceExpiryDate: addDays(day, 10) },
    },
  ];
  const ingested = await hq.ok('POST', `/v1/stores/${store}/events`, { events });
  expect(ingested.items.every((i: { vehicleId?: string }) => i.vehicleId)).toBe(true);
  hooks = await hq.ok('GET', `/v1/stores/${store}/sms/settings`);
});

describe('campaign preview', () => {
  it('counts per reason what the scan of that day would queue, queues nothing, and the scan then queues exactly that', async () => {
    const before = await counts();
    const preview = await hq.ok('GET', `/v1/stores/${store}/sms/campaign-preview?date=${day}&sample=3`);
    expect(await counts()).toEqual(before);
    expect(before?.messages).toBe(0);

    expect(preview.day).toBe(day);
    expect(new Date(preview.scanAt).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' })).toBe(
      '02:00:00',
    );
    const reasons = Object.fromEntries(
      preview.byReason.map((r: { reason: string; count: number }) => [r.reason, r.count]),
    );
    expect(reasons.firstMaintenance).toBe(3);
    expect(reasons.insuranceRenewal).toBe(1);
    expect(preview.total).toBe(
      preview.byReason.reduce((sum: number, r: { count: number }) => sum + r.count, 0),
    );
    expect(preview.noNumber).toBeGreaterThanOrEqual(1);
    expect(preview.alreadySent).toBe(0);
    // The sample shows every reason before a second of any, numbers masked.
    expect(preview.sample).toHaveLength(3);
    expect(new Set(preview.sample.map((s: { reason: string }) => s.reason))).toEqual(
      new Set(preview.byReason.slice(0, 3).map((r: { reason: string }) => r.reason)),
    );
    for (const s of preview.sample) expect(s.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const renewal = preview.sample.find((s: { reason: string }) => s.reason === 'insuranceRenewal');
    expect(renewal).toMatchObject({ customerName: '王五', plate: '皖N99999', phone: '139****6666' });
    expect(renewal.text).toContain(addDays(day, 10));

    // The nightly scan at that instant queues what the preview said, reason by reason.
    const now = new Date(preview.scanAt);
    await runReminderScan({ db: api.deps.db, tenantId, storeId: store, now });
    await evaluateReminderRules({ db: api.deps.db, tenantId, storeId: store, now });
    const queued = await api.deps.db.withTenant(
      tenantId,
      (tx) => tx<{ reason: string; n: number }[]>`
        select reason, count(*)::int as n from sms_messages group by reason`,
    );
    expect(Object.fromEntries(queued.map((q) => [q.reason, q.n]))).toEqual(reasons);

    // Previewed again: nothing new; the calendar reminders are already queued for their period.
    const again = await hq.ok('GET', `/v1/stores/${store}/sms/campaign-preview?date=${day}`);
    expect(again.total).toBe(0);
    expect(again.byReason).toEqual([]);
    expect(again.alreadySent).toBe(preview.total - reasons.firstMaintenance);
  });

  it('defaults to the next nightly scan (02:00 on the store’s clock) and validates its query', async () => {
    const preview = await hq.ok('GET', `/v1/stores/${store}/sms/campaign-preview`);
    const at = Date.parse(preview.scanAt);
    expect(at).toBeGreaterThan(Date.now() - 60_000);
    expect(at - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect(new Date(at).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' })).toBe('02:00:00');
    expect(preview.day).toBe(dayOf(new Date(at)));

    const bad = await hq.request('GET', `/v1/stores/${store}/sms/campaign-preview?date=2024-13-01&sample=99`);
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['date', 'sample']);
  });

  it('is not shown to another group', async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const stranger = new Client(api.app);
    await stranger.login(other.users.hq_admin.email, other.users.hq_admin.password);
    const reply = await stranger.request('GET', `/v1/stores/${store}/sms/campaign-preview`);
    expect([403, 404]).toContain(reply.status);
  });
});

describe('send log export (短信发送记录表)', () => {
  async function webhook(url: string, body: unknown) {
    const raw = JSON.stringify(body);
    const timestamp = String(Date.now());
    return new Client(api.app).request('POST', url, undefined, {
      raw,
      headers: {
        'x-sms-timestamp': timestamp,
        'x-sms-signature': signWebhook(hooks.webhookSecret, timestamp, raw),
      },
    });
  }

  async function sheetOf(path: string) {
    const file = await hq.download(path);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(file.headers.get('content-disposition') ?? '')).toContain(
      '六安鑫宝短信发送记录表',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('短信发送记录表');
    if (!sheet) throw new Error('no sheet');
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
    });
    return rows;
  }

  it('exports the filtered log laid out like the seed, with the status and the reply text', async () => {
    // The renewal reminder goes out; the customer answers it.
    const [renewal] = await api.deps.db.withTenant(
      tenantId,
      (tx) => tx<{ id: string }[]>`select id from sms_messages where reason = 'insuranceRenewal'`,
    );
    const result = await deliverSms({
      db: api.deps.db,
      tenantId,
      messageId: renewal?.id as string,
      now: () => new Date(`${day}T04:00:00Z`),
    });
    expect(result.outcome).toBe('sent');
    const reply = await webhook(hooks.repliesUrl, {
      replyId: `r-${renewal?.id}`,
      from: '13955556666',
      text: '好的，下周过去续保',
    });
    expect(reply.status).toBe(200);

    const sent = await sheetOf(`/v1/stores/${store}/sms/messages.xlsx?status=sent`);
    expect(sent[0]?.[0]).toBe('六安鑫宝短信发送记录表');
    expect(sent[1]?.[0]).toContain('状态:已发送');
    expect(sent[2]).toEqual([
      '客户姓名',
      '号码',
      '原因',
      '类型',
      '发送时间',
      '发送状态',
      '客户回复内容',
      '短信内容',
    ]);
    expect(sent).toHaveLength(4);
    const [name, phone, reason, type, at, status, replies, body] = sent[3] as string[];
    expect([name, phone, reason, type, status]).toEqual([
      '王五',
      '139****6666',
      '续保提醒',
      '提醒',
      '已发送',
    ]);
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(replies).toContain('好的，下周过去续保');
    expect(body).toMatch(/^【六安鑫宝】尊敬的王五女士,您的爱车皖N99999保险将于/);

    // Another filter, another cut: the first-maintenance reminders, still queued, no replies.
    const firsts = await sheetOf(`/v1/stores/${store}/sms/messages.xlsx?reason=firstMaintenance`);
    expect(firsts[1]?.[0]).toContain('原因:首保提醒');
    const lines = firsts.slice(3);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.slice(2, 4)).toEqual(['首保提醒', '提醒']);
      expect(line[5]).toBe('排队中');
      expect(line[6]).toBe('');
    }
    expect(lines.map((l) => l[0]).sort()).toEqual(['车主0', '车主1', '车主2']);

    const [audit] = await api.deps.db.withTenant(
      tenantId,
      (tx) => tx<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'sms.log.export'`,
    );
    expect(audit?.n).toBe(2);
  });

  it('names the field of a bad filter', async () => {
    const bad = await hq.request('GET', `/v1/stores/${store}/sms/messages.xlsx?status=lost&phoneTail=12`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'phoneTail',
      'status',
    ]);
  });
});
