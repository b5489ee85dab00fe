import { type SeededGroup, seedGroup, uid } from '@crm/core/testing';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * HQ's side-by-side table as XLSX laid out like the seed's 满意率统计表 (门店 first, rank last,
 * the group's 合计), the monthly trend sheet of both exports with a real Excel line chart over
 * its cells, and the store's call script lines edited by the store admin and shown on the call screen.
 */
const api = testApi();
let group: SeededGroup;
let hq: Client;
let admin: Client;
let agent: Client;
let busy: string;
let quiet: string;
const serial = () => Math.floor(Math.random() * 1e7);
/** The month (in Shanghai) of the deliveries below, 8 days ago. */
const month = new Date(Date.now() - 8 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 7);

async function salesTask(at: string, consultant: string): Promise<string> {
  const reply = await hq.ok('POST', `/v1/stores/${at}/events`, {
    events: [{ ...deliveryEvent(serial(), 8), salesConsultant: consultant }],
  });
  const file = await hq.ok('GET', `/v1/stores/${at}/customer-files/${reply.items[0].vehicleId}`);
  return file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask').id;
}

async function satisfied(at: string, taskId: string, score: number) {
  await hq.ok('POST', `/v1/stores/${at}/callbacks/${taskId}/claim`);
  await hq.ok('POST', `/v1/stores/${at}/callbacks/${taskId}/calls`, {
    outcome: 'satisfied',
    answers: {
      waitingTime: score,
      productKnowledge: score,
      testDriveOffered: true,
      deliveryOnTime: true,
      useAndMaintenance: score,
    },
  });
}

async function workbookOf(path: string) {
  const file = await hq.download(path);
  expect(file.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file.bytes.buffer as ArrayBuffer);
  return { workbook, zip: await JSZip.loadAsync(file.bytes) };
}

/** The chart of the trend sheet: its part, and the sheet it is drawn on. */
async function trendChart(zip: JSZip) {
  const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const relId = workbookXml.match(/<sheet [^>]*name="月度趋势"[^>]*r:id="([^"]+)"/)?.[1];
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const target = rels.match(new RegExp(`Id="${relId}"[^>]*Target="([^"]+)"`))?.[1] ?? '';
  const sheetFile = target.split('/').at(-1);
  const sheetXml = (await zip.file(`xl/worksheets/${sheetFile}`)?.async('string')) ?? '';
  const sheetRels = (await zip.file(`xl/worksheets/_rels/${sheetFile}.rels`)?.async('string')) ?? '';
  const drawingId = sheetXml.match(/<drawing r:id="([^"]+)"\/>/)?.[1];
  const drawing = sheetRels.match(new RegExp(`Id="${drawingId}"[^>]*Target="\\.\\./drawings/([^"]+)"`))?.[1];
  const drawingRels = (await zip.file(`xl/drawings/_rels/${drawing}.rels`)?.async('string')) ?? '';
  const chart = drawingRels.match(/Target="\.\.\/charts\/([^"]+)"/)?.[1];
  const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
  return {
    chartXml: (await zip.file(`xl/charts/${chart}`)?.async('string')) ?? '',
    typed: types.includes(`/xl/charts/${chart}`) && types.includes(`/xl/drawings/${drawing}`),
  };
}

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  admin = new Client(api.app);
  await admin.login(group.users.store_admin.email, group.users.store_admin.password);
  agent = new Client(api.app);
  await agent.login(group.users.callback_agent.email, group.users.callback_agent.password);
  busy = (await hq.ok('POST', '/v1/stores', { code: `BU${uid()}`, name: '忙碌店' })).id;
  quiet = (await hq.ok('POST', '/v1/stores', { code: `QU${uid()}`, name: '安静店' })).id;
  await satisfied(busy, await salesTask(busy, '王默'), 9);
  await satisfied(busy, await salesTask(busy, '王默'), 7);
  await salesTask(busy, '李磊');
  await satisfied(quiet, await salesTask(quiet, '赵新'), 6);
});
afterAll(() => api.close());

describe('HQ export of every store side by side', () => {
  it('lays the stores out like the seed’s table, in rank order, with the group’s total', async () => {
    const { workbook } = await workbookOf(`/v1/callback-statistics.xlsx?by=salesConsultant&month=${month}`);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('各门店销售顾问满意率统计表');
    expect(sheet?.getCell('A1').value).toBe('各门店销售顾问满意率统计表');
    expect(sheet?.getCell('A2').value).toBe(
      `统计期间:${month}-01 至 ${sheet?.getCell('A2').text.slice(-10)}`,
    );
    expect(sheet?.getCell('A3').value).toBe('门店');
    expect(sheet?.getCell('B3').value).toBe('新车交付数');
    expect(sheet?.getCell('E3').value).toBe('回访未成功数');
    expect(sheet?.getCell('E4').value).toBe('拒访+无人接听');
    const lastCol = sheet?.getRow(3).cellCount ?? 0;
    expect(sheet?.getRow(3).getCell(lastCol).value).toBe('排名');
    const lines = [] as unknown[][];
    sheet?.eachRow((row, n) => {
      if (n > 4) lines.push((row.values as unknown[]).slice(1));
    });
    const stores = lines.slice(0, -1);
    const byName = new Map(stores.map((l) => [l[0], l]));
    // 忙碌店: 3 deliveries, 2 reached, both fully (9) and basically (7) satisfied → 50 % fully.
    expect(byName.get('忙碌店')?.slice(0, 13)).toEqual([
      '忙碌店',
      3,
      2,
      2,
      0,
      0,
      0,
      2 / 3,
      1,
      1,
      0,
      0.5,
      0.5,
    ]);
    expect(byName.get('安静店')?.slice(0, 13)).toEqual(['安静店', 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1]);
    // Ranked by fully-satisfied rate: 忙碌店 before 安静店; the rank is the last column.
    const names = stores.map((l) => l[0]);
    expect(names.indexOf('忙碌店')).toBeLessThan(names.indexOf('安静店'));
    expect(stores.map((l) => l.at(-1))).toEqual(stores.map((_, i) => i + 1));
    const total = lines.at(-1) ?? [];
    expect(total.slice(0, 13)).toEqual(['合计', 4, 3, 3, 0, 0, 0, 3 / 4, 1, 2, 0, 1 / 3, 2 / 3]);
    // The waiting-time average of the group: (9 + 7 + 6) / 3.
    expect(total[13]).toBeCloseTo(22 / 3, 10);
  });

  it('adds the monthly trend with an Excel line chart over its cells', async () => {
    const { workbook, zip } = await workbookOf(
      `/v1/callback-statistics.xlsx?by=salesConsultant&month=${month}`,
    );
    const trend = workbook.getWorksheet('月度趋势');
    expect(trend?.getRow(1).values).toEqual(
      expect.arrayContaining(['月份', '新车交付数', '完全满意率', '忙碌店 完全满意率', '安静店 完全满意率']),
    );
    expect(trend?.getCell('A13').value).toBe(month);
    expect(trend?.getCell('B13').value).toBe(4);
    expect(trend?.getCell('F13').value).toBeCloseTo(1 / 3, 10);
    const { chartXml, typed } = await trendChart(zip);
    expect(typed).toBe(true);
    expect(chartXml).toContain('<c:lineChart>');
    expect(chartXml).toContain("<c:f>'月度趋势'!$A$2:$A$13</c:f>");
    expect(chartXml).toContain("<c:f>'月度趋势'!$F$2:$F$13</c:f>");
    expect(chartXml.match(/<c:ser>/g)).toHaveLength(3);
  });

  it('puts the same chart in a store’s export, and is HQ’s alone', async () => {
    const { zip } = await workbookOf(
      `/v1/stores/${busy}/callback-statistics.xlsx?by=salesConsultant&month=${month}`,
    );
    const { chartXml, typed } = await trendChart(zip);
    expect(typed).toBe(true);
    expect(chartXml).toContain("<c:f>'月度趋势'!$E$2:$E$13</c:f>");
    const refused = await admin.download(`/v1/callback-statistics.xlsx?by=salesConsultant&month=${month}`);
    expect(refused.status).toBe(403);
  });
});

describe('the call script of a store', () => {
  it('starts with the built-in lines; the store admin sets its own, shown on the call screen; null goes back', async () => {
    const at = group.storeIds[0] as string;
    const path = `/v1/stores/${at}/callback-script`;
    const before = await agent.ok('GET', path);
    expect(before).toMatchObject({ salesOpening: null, afterSalesOpening: null, closing: null });
    expect(before.defaults.salesOpening).toContain('{门店}');

    const taskId = await salesTask(at, '王默');
    const screen = () => agent.ok('GET', `/v1/stores/${at}/callbacks/${taskId}`);
    expect((await screen()).script.opening).toContain('测试店 1');

    const lines = {
      salesOpening: '  您好,这里是{门店}客服中心,打扰您两分钟。 ',
      afterSalesOpening: null,
      closing: '感谢您对{门店}的支持,再见!',
    };
    expect((await agent.request('PUT', path, lines)).status).toBe(403);
    const saved = await admin.ok('PUT', path, lines);
    expect(saved).toMatchObject({
      salesOpening: '您好,这里是{门店}客服中心,打扰您两分钟。',
      afterSalesOpening: null,
    });
    expect((await screen()).script).toMatchObject({
      opening: '您好,这里是测试店 1客服中心,打扰您两分钟。',
      closing: '感谢您对测试店 1的支持,再见!',
    });

    const wrong = await admin.request('PUT', path, { ...lines, closing: '' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('closing');

    await admin.ok('PUT', path, { salesOpening: null, afterSalesOpening: null, closing: null });
    expect((await screen()).script.opening).toBe(
      before.defaults.salesOpening.replaceAll('{门店}', '测试店 1'),
    );
  });
});
