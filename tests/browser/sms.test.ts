import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseStore, launchChromium, signIn, textOf } from '../support/browser.ts';
import { daysAgo, vinFor } from '../support/dms.ts';

/** Calls the API as a DMS or a signed-in person would; fails loudly on anything but 2xx. */
async function call(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${inject('apiUrl')}/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const storeName = '廊坊鑫宝丰田4S店';

describe('SMS and lost customers in the browser', () => {
  const webUrl = inject('webUrl');
  const serial = 6_000_000 + (Date.now() % 1_000_000);
  const plate = `冀R${String(serial % 100_000).padStart(5, '0')}`;
  const lostPlate = `冀R${String((serial + 1) % 100_000).padStart(5, '0')}`;
  const owner = `钱短信${serial % 1000}`;
  const dueOwner = `孙首保${serial % 1000}`;
  /** Two days on (the store's clock), when the car delivered 88 days ago reaches its first maintenance. */
  const dueDay = new Date(Date.now() + 2 * 86_400_000).toLocaleDateString('sv-SE', {
    timeZone: 'Asia/Shanghai',
  });
  const lostOwner = `周流失${serial % 1000}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const login = await call('POST', '/auth/login', {
      login: inject('hqLogin'),
      password: inject('hqPassword'),
    });
    const session = login.session as { token: string; csrfToken: string };
    const asHq = { cookie: `crm_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const me = await call('GET', '/auth/me', undefined, asHq);
    const store = (me.stores as { id: string; name: string }[]).find((s) => s.name === storeName);
    if (!store) throw new Error(`${storeName} is not in tenants-config`);
    const customer = (n: number, name: string) => ({
      dmsId: `C-${n}`,
      name,
      gender: 'male',
      mobile: `136${String(n).padStart(8, '0')}`,
    });
    // A car delivered last month, and one whose owner last came 400 days ago (a lost customer).
    await call(
      'POST',
      `/stores/${store.id}/events`,
      {
        events: [
          {
            type: 'delivery',
            dmsId: `D-${serial}`,
            deliveredAt: daysAgo(30),
            customer: customer(serial, owner),
            vehicle: { vin: vinFor(serial), plate, brand: '丰田', series: '卡罗拉' },
          },
          {
            type: 'delivery',
            dmsId: `D-${serial + 1}`,
            deliveredAt: daysAgo(900),
            customer: customer(serial + 1, lostOwner),
            vehicle: { vin: vinFor(serial + 1), plate: lostPlate, brand: '丰田', series: '凯美瑞' },
          },
          {
            type: 'delivery',
            dmsId: `D-${serial + 2}`,
            deliveredAt: daysAgo(88),
            customer: customer(serial + 2, dueOwner),
            vehicle: {
              vin: vinFor(serial + 2),
              plate: `冀R${String((serial + 2) % 100_000).padStart(5, '0')}`,
              brand: '丰田',
              series: '雷凌',
            },
          },
          {
            type: 'repairOrder',
            dmsId: `O-${serial + 1}`,
            vehicle: { vin: vinFor(serial + 1) },
            orderTypes: ['maintenance'],
            payer: 'self',
            labourFen: 30_000,
            partsFen: 20_000,
            mileageKm: 40_000,
            openedAt: daysAgo(400.2),
            closedAt: daysAgo(400),
          },
        ],
      },
      asHq,
    );

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await chooseStore(page, storeName);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('previews a message with the real customer, sends it, and shows it in the send log', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '发送短信' }).click();
    await page.waitForURL(`${webUrl}/sms/send`);
    await page.getByLabel('查找客户').fill(plate);
    await page.getByLabel('查找客户').press('Enter');
    await page.getByRole('row').filter({ hasText: plate }).getByRole('link', { name: '选择' }).click();
    await page.getByText(owner).waitFor();
    await page
      .getByLabel('短信内容')
      .fill('尊敬的{customerName}{customerTitle}，您的爱车{plate}已到保养期。');
    await page.getByRole('button', { name: '预览' }).click();
    const preview = await textOf(page.locator('[data-preview]'));
    expect(preview).toContain(`尊敬的${owner}先生，您的爱车${plate}已到保养期。`);
    expect(preview).toMatch(/^【.+】/);

    await page.getByRole('button', { name: '发送', exact: true }).click();
    await page.waitForURL(/\/sms\?sent=/);
    expect(await textOf(page.getByRole('status'))).toBe('短信已排队发送。');
    const row = await textOf(page.getByRole('row').filter({ hasText: owner }).first());
    expect(row).toContain('手工发送');
    expect(row).toContain(`您的爱车${plate}已到保养期`);
  });

  it('filters the send log by reason and by the number’s last digits', async () => {
    await page.getByLabel('原因').selectOption({ label: '手工发送' });
    await page.getByLabel('号码后几位').fill(String(serial).padStart(8, '0').slice(-4));
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/reason=manual/);
    const rows = page.getByRole('table', { name: '短信发送记录表' }).locator('tbody tr');
    expect(await textOf(rows.first())).toContain(owner);
  });

  it('exports the filtered send log to Excel (短信发送记录表)', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '导出 Excel' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^.+短信发送记录表-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = join(tmpdir(), `sms-log-${serial}.xlsx`);
    await download.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    await rm(path, { force: true });
    const sheet = book.getWorksheet('短信发送记录表');
    if (!sheet) throw new Error('the workbook has no send-log sheet');
    const text = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    expect(text(1)[0]).toMatch(/短信发送记录表$/);
    expect(text(2)[0]).toContain('原因:手工发送');
    expect(text(3).slice(0, 7)).toEqual([
      '客户姓名',
      '号码',
      '原因',
      '类型',
      '发送时间',
      '发送状态',
      '客户回复内容',
    ]);
    const line = text(4);
    expect(line[0]).toBe(owner);
    expect(line[1]).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(line[2]).toBe('手工发送');
  });

  it('previews what the nightly scan of a day would send, per reason, with recipients', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '提醒预览' }).click();
    await page.waitForURL(`${webUrl}/sms/campaign`);
    await page.getByTestId('campaign-headline').waitFor();
    await page.getByLabel('扫描日期').fill(dueDay);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(new RegExp(`date=${dueDay}`));
    const headline = await textOf(page.getByTestId('campaign-headline'));
    expect(headline).toMatch(new RegExp(`^(明天（)?${dueDay}）?：共 \\d+ 条提醒`));
    expect(headline).toMatch(/首保提醒 \d+ 条/);
    const first = page
      .getByRole('table', { name: '按原因' })
      .getByRole('row')
      .filter({ hasText: '首保提醒' });
    expect(Number((await textOf(first)).replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    // The sample takes a few recipients of each reason, numbers masked.
    const recipient = await textOf(
      page
        .getByRole('table', { name: '部分收件人' })
        .getByRole('row')
        .filter({ hasText: '首保提醒' })
        .first(),
    );
    expect(recipient).toMatch(/\d{3}\*{4}\d{4}/);
  });

  it('lists a lost customer and records a contact that wins them back', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '流失客户' }).click();
    await page.waitForURL(`${webUrl}/lost-customers`);
    await page.getByLabel('车牌').fill(lostPlate);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/plate=/);
    const row = page.getByRole('row').filter({ hasText: lostPlate });
    expect(await textOf(row)).toContain('未联络');
    await row.getByRole('link', { name: '联络记录' }).click();
    const panel = page.getByRole('complementary', { name: '流失客户联络表' });
    await panel.getByText('尚无联络记录。').waitFor();
    await panel.getByLabel('联络方式').selectOption({ label: '电话' });
    await panel.getByLabel('联络结果').selectOption({ label: '已预约回店' });
    await panel.getByLabel('流失原因').selectOption({ label: '距离远' });
    await panel.getByLabel('客户意见').fill('搬到城东了，周末回店保养');
    await panel.getByLabel('客户已回店（挽回）').check();
    await panel.getByRole('button', { name: '记录联络' }).click();
    expect(await textOf(panel.getByRole('status'))).toBe('已记录。');
    const logged = await textOf(panel.getByRole('row').filter({ hasText: '搬到城东了' }));
    expect(logged).toContain('距离远');
    expect(logged).toContain('已预约回店');
    expect(await textOf(page.getByRole('row').filter({ hasText: lostPlate }).first())).toContain('已挽回');
  });
});
