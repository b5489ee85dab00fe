import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn, textOf } from '../support/browser.ts';

const storeName = '北京鑫宝奔驰4S店';
const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
/** A well-formed VIN (no I/O/Q) per serial; brands here need no check digit. */
const vin = (serial: number) => {
  let n = serial;
  let tail = '';
  for (let i = 0; i < 7; i++) {
    tail = (vinChars[n % 33] ?? 'A') + tail;
    n = Math.floor(n / 33);
  }
  return `WDDGF8AB${'A'}${tail}`.slice(0, 17).padEnd(17, 'A');
};

// 60 good deliveries and 3 bad rows: no customer name on a delivery, a date that is no
// date (both seen in the dry run), and a VIN with an O (refused when the row is ingested).
// One good delivery (row 11, 导入客户7) has a number that is no mobile: it is imported
// without it, and its customer goes on the uncertain-customer list.
const good = 60;
const headers = [
  '客户姓名',
  '联系电话',
  '车架号',
  '车牌号',
  '车型',
  '车辆系列',
  '交车日期',
  '销售顾问',
  '备注',
];

async function workbook(serial: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('交车明细');
  sheet.addRow(headers);
  const row = (i: number) => [
    `导入客户${i}`,
    i === 7 ? '12345' : `137${String((serial + i) % 100_000_000).padStart(8, '0')}`,
    vin(serial * 100 + i),
    `京N${String((serial + i) % 100_000).padStart(5, '0')}`,
    'C260L',
    'C级',
    '2026-10-15',
    '刘销售',
    '',
  ];
  for (let i = 0; i < good; i++) {
    if (i === 2)
      sheet.addRow([
        '',
        '13700000000',
        vin(serial * 100 + 90),
        '',
        'C260L',
        'C级',
        '2026-10-16',
        '',
        '无姓名',
      ]);
    if (i === 4)
      sheet.addRow([
        '日期错',
        '13700000001',
        vin(serial * 100 + 91),
        '',
        'C260L',
        'C级',
        '2026-13-45',
        '',
        '',
      ]);
    sheet.addRow(row(i));
  }
  sheet.addRow(['车架号错', '13700000002', 'WDDGF8ABOOOOOOOOO', '', 'C260L', 'C级', '2026-10-17', '', '']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the import wizard in the browser', () => {
  const webUrl = inject('webUrl');
  const serial = Date.now() % 1_000_000;
  let browser: Browser;
  let page: Page;
  let file: Buffer;
  const field = (header: string) => page.getByLabel(`“${header}”列对应的字段`);
  /** The field a column's select stands on, by its API name ('' = not imported). */
  const chosen = (header: string) => field(header).inputValue();

  beforeAll(async () => {
    file = await workbook(serial);
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('uploads an XLSX with Chinese headers and shows the detected mapping and the rows with errors', async () => {
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await page.locator('#store-switcher').selectOption({ label: storeName });
    await expect
      .poll(() => page.getByRole('region', { name: '当前门店' }).textContent())
      .toContain(storeName);

    await page.getByRole('navigation').getByRole('link', { name: '数据导入' }).click();
    await page.waitForURL(`${webUrl}/customers/import`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('数据导入');
    // The wizard's page marker survives every step: no step reloads the page.
    await page.evaluate(() => Object.assign(window, { wizardMarker: 'kept' }));

    // A file over the web server's body limit (512K by default) is stopped in the browser, in words.
    await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles({
      name: '太大.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.alloc(600 * 1024, 1),
    });
    await page.getByRole('button', { name: '上传并预览' }).click();
    expect(await textOf(page.getByRole('alert').filter({ hasText: '超过单个文件' }))).toContain(
      '文件 0.6 MB',
    );

    // A binary file named .csv is refused by the API; the wizard says why in Chinese, not in the API's English.
    await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles({
      name: '客户.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
    await page.getByRole('button', { name: '上传并预览' }).click();
    const refused = page.getByRole('alert').filter({ hasText: '这不是文本格式的 CSV 文件' });
    await refused.waitFor({ timeout: 15_000 });
    expect(await textOf(refused)).not.toContain('binary');

    await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles({
      name: '奔驰交车明细.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByRole('button', { name: '上传并预览' }).click();

    const mapping = page.getByRole('table', { name: '核对列对应：奔驰交车明细.xlsx' });
    await mapping.waitFor({ timeout: 15_000 });
    // The focus moves to the mapping, so the keyboard carries on from there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-mapping-title');
    expect(await chosen('客户姓名')).toBe('customerName');
    expect(await chosen('联系电话')).toBe('mobile');
    expect(await chosen('车架号')).toBe('vin');
    expect(await chosen('车牌号')).toBe('plate');
    expect(await chosen('车型')).toBe('model');
    expect(await chosen('交车日期')).toBe('deliveredOn');
    expect(await chosen('销售顾问')).toBe('salesConsultant');
    expect(await chosen('车辆系列')).toBe('');
    expect(await chosen('备注')).toBe('');
    expect(await textOf(page.getByText(/共 63 行数据/))).toContain('已对应 7 列，2 列不导入');

    const preview = page.getByRole('table', { name: '试运行预览（前 20 行）' });
    const row = (n: number) =>
      preview
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: String(n), exact: true }) })
        .first();
    expect(await textOf(row(4))).toMatch(/客户姓名\s*is required for a delivery/);
    expect(await textOf(row(7))).toMatch(/交车日期\s*\S+/);
    expect(await textOf(row(2))).toContain('无误');
    expect(await textOf(row(2))).toContain('交车');
    expect(await textOf(row(2))).not.toContain('不确定客户');
    expect(await textOf(row(11))).toContain('无误');
    expect(await textOf(row(11))).toContain('号码无效，导入时不带此号码，客户列入不确定客户记录表');
    expect(await textOf(page.getByRole('status').filter({ hasText: '预览中' }))).toContain('有错误 2 行');
  });

  it('takes a column mapped by hand, with the keyboard, into the preview', async () => {
    // 车辆系列 is not a header the API knows: the user maps it to 车系 from the keyboard.
    const previewed = page.waitForResponse((r) => r.url().includes('/customers/import?/preview'));
    await field('车辆系列').focus();
    // 车系 is the twelfth field after 不导入: twelve steps down, one preview after the last.
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    expect((await previewed).status()).toBe(200);
    expect(await chosen('车辆系列')).toBe('series');
    expect(await textOf(page.getByText(/共 63 行数据/))).toContain('已对应 8 列，1 列不导入');
  });

  it('starts the import and shows the progress live until 100 %, with the counts', async () => {
    await page.getByRole('button', { name: '开始导入 63 行' }).click();
    await page.waitForURL(/\/customers\/import\/[0-9a-f-]{36}$/);
    const bar = page.getByRole('progressbar', { name: '导入进度' });
    await bar.waitFor();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const value = (await bar.getAttribute('value')) ?? '';
          seen.add(value);
          return value;
        },
        { timeout: 45_000, interval: 200 },
      )
      .toBe('100');
    expect(await textOf(page.locator('[data-percent]'))).toBe('100%');
    expect(await textOf(page.getByRole('status').filter({ hasText: '已处理' }))).toContain('已完成');
    expect(await textOf(page.getByRole('status').filter({ hasText: '已处理' }))).toContain(
      '已处理 63 / 63 行',
    );
    const count = async (key: string) => textOf(page.locator(`[data-count="${key}"] dd`));
    expect(await count('imported')).toBe(String(good));
    expect(await count('created')).toBe(String(good));
    expect(await count('updated')).toBe('0');
    expect(await count('unchanged')).toBe('0');
    expect(await count('rejected')).toBe('3');
    expect(await page.evaluate(() => (window as unknown as { wizardMarker?: string }).wizardMarker)).toBe(
      'kept',
    );
    expect(seen.size).toBeGreaterThan(0);
  });

  it('downloads the rejected rows as XLSX, the reason beside each', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载被拒绝的行（Excel，含错误原因）' }).click();
    const download = await downloading;
    const path = join(tmpdir(), `rejected-${serial}.xlsx`);
    await download.saveAs(path);
    expect(download.suggestedFilename()).toBe('奔驰交车明细-rejected.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('the workbook has no sheet');
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const [head, ...body] = rows.map((r) =>
      r.slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
    expect(head).toEqual(['行号 (row)', ...headers, '错误原因 (reason)']);
    // Row number, the file's own cells (the VIN in its column), the reason last.
    expect(body.map((r) => [r[0], r[3]])).toEqual([
      ['4', vin(serial * 100 + 90)],
      ['7', vin(serial * 100 + 91)],
      ['64', 'WDDGF8ABOOOOOOOOO'],
    ]);
    expect(body.map((r) => r.at(-1)?.split(':')[0])).toEqual(['客户姓名', '交车日期', '车架号']);
  });

  it('lists the customer with the wrong number on the uncertain-customer list, from the import', async () => {
    await page.goto(`${webUrl}/customers/uncertain`);
    const record = page
      .getByRole('table', { name: '不确定客户记录表' })
      .getByRole('row')
      .filter({ hasText: '导入客户7' });
    const text = await textOf(record);
    expect(text).toContain('号码错误');
    expect(text).toContain('导入');
    expect(text).toContain('奔驰交车明细.xlsx row 11');
  });
});
