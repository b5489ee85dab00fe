import { seedGroup, testConfig } from '@crm/core/testing';
import { afterAll, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

// Small caps so the test moves little data: JSON bodies 64 KiB, import uploads 512 KiB.
const api = testApi(
  testConfig({ env: { MAX_BODY_BYTES: String(64 * 1024), IMPORT_MAX_BYTES: String(512 * 1024) } }),
);
afterAll(() => api.close());

it('an import upload may exceed the JSON body cap up to its own cap, and no further', async () => {
  const group = await seedGroup(api.deps.db, { stores: 1 });
  const hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  const storeId = group.storeIds[0] as string;
  // A 200 KiB CSV: over the JSON cap, under the upload cap → read and previewed.
  const line = '张三,13800138000,LSVAU2180N0000011,皖A00001,卡罗拉,2026-11-01,王销售\n';
  const csv = `客户姓名,联系电话,车架号,车牌号,车型,交车日期,销售顾问\n${line.repeat(Math.ceil((200 * 1024) / Buffer.byteLength(line)))}`;
  const accepted = await hq.upload(
    `/v1/stores/${storeId}/imports`,
    'customers.csv',
    Buffer.from(csv),
    'text/csv',
  );
  expect(accepted.status).not.toBe(413);
  expect(accepted.status).toBeLessThan(300);
  // Over the upload cap → 413 in the error shape.
  const tooBig = await hq.upload(
    `/v1/stores/${storeId}/imports`,
    'big.csv',
    new Uint8Array(600 * 1024),
    'text/csv',
  );
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  // JSON elsewhere keeps the small cap.
  const json = await hq.request('POST', '/v1/stores', { code: 'BIG', name: 'x'.repeat(70 * 1024) });
  expect(json.status).toBe(413);
});
