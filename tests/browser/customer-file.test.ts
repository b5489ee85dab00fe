import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseStore, hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';

/** A VIN with a valid check digit (Chinese WMI), distinct per serial. */
function vin(serial: number): string {
  const body = `LFMAP22C0N${String(serial).padStart(7, '0')}`;
  const values: Record<string, number> = { A: 1, C: 3, F: 6, L: 3, M: 4, N: 5, P: 7 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = body.charAt(i);
    sum += (/\d/.test(c) ? Number(c) : (values[c] ?? 0)) * (weights[i] ?? 0);
  }
  const check = sum % 11 === 10 ? 'X' : String(sum % 11);
  return `${body.slice(0, 8)}${check}${body.slice(9)}`;
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** Calls the API as a DMS or a signed-in person would; fails loudly on anything but 2xx. */
async function call(
  apiUrl: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${apiUrl}/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const storeName = '廊坊鑫宝丰田4S店';

describe('the customer file in the browser', () => {
  const webUrl = inject('webUrl');
  const apiUrl = inject('apiUrl');
  const serial = Date.now() % 10_000_000;
  const plate = `冀R${String(serial % 100_000).padStart(5, '0')}`;
  const mobile = `139${String(serial).padStart(8, '0')}`;
  const maskedMobile = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  const customerName = `赵文${serial % 1000}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The DMS of the Toyota store sends a delivery (A card) and, later, the first maintenance
    // (now a C card), with the store's own API token created by HQ.
    const login = await call(apiUrl, 'POST', '/auth/login', {
      login: inject('hqLogin'),
      password: inject('hqPassword'),
    });
    const session = login.session as { token: string; csrfToken: string };
    const asHq = { cookie: `crm_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const me = await call(apiUrl, 'GET', '/auth/me', undefined, asHq);
    const store = (me.stores as { id: string; name: string }[]).find((s) => s.name === storeName);
    if (!store) throw new Error(`${storeName} is not in tenants-config`);
    const token = await call(
      apiUrl,
      'POST',
      `/stores/${store.id}/api-tokens`,
      { name: 'DMS (browser test)' },
      asHq,
    );
    const result = await call(
      apiUrl,
      'POST',
      `/stores/${store.id}/events`,
      {
        events: [
          {
            type: 'delivery',
            dmsId: `D-${serial}`,
            deliveredAt: daysAgo(3),
            contractNo: `HT-${serial}`,
            salesConsultant: '邓超',
            customer: {
              dmsId: `C-${serial}`,
              name: customerName,
              gender: 'male',
              mobile,
              idNumber: '131002198805061234',
              homeAddress: '河北省廊坊市广阳区新华路 100 号',
              city: '廊坊',
            },
            vehicle: { vin: vin(serial), plate, brand: '一汽丰田', series: '卡罗拉', model: '1.8L 精英版' },
          },
          {
            type: 'repairOrder',
            dmsId: `O-${serial}`,
            vehicle: { vin: vin(serial) },
            orderTypes: ['firstMaintenance'],
            payer: 'self',
            labourFen: 30_000,
            partsFen: 20_050,
            serviceAdvisor: '彭宇',
            repairTeam: '维修一组',
            mileageKm: 5_000,
            openedAt: daysAgo(1),
            closedAt: daysAgo(1),
          },
        ],
      },
      { authorization: `Bearer ${token.token as string}` },
    );
    expect(result.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds the customer by plate without reloading the page, with the phone masked', async () => {
    await signIn(page, inject('hqLogin'), inject('hqPassword'));

    await page.locator('#store-switcher').selectOption({ label: storeName });
    await expect
      .poll(() => page.getByRole('region', { name: '当前门店' }).textContent())
      .toContain(storeName);
    await page.getByRole('navigation').getByRole('link', { name: '客户档案' }).click();
    await page.waitForURL(`${webUrl}/customers`);

    // A marker on the window survives client-side navigation only: a reload would drop it.
    await page.evaluate(() => Object.assign(window, { searchMarker: 'kept' }));
    const box = page.getByLabel('查找客户档案');
    await box.fill('不存在的客户');
    expect(await textOf(page.getByRole('status').filter({ hasText: '没有找到' }))).toContain('不存在的客户');
    await box.fill(plate);
    const row = page.getByRole('row').filter({ hasText: plate });
    const cells = await textOf(row);
    expect(cells).toContain(customerName);
    expect(cells).toContain(maskedMobile);
    expect(cells).not.toContain(mobile);
    expect(cells).toContain('C卡');
    expect(cells).toContain('1.8L 精英版');
    expect(page.url()).toBe(`${webUrl}/customers?q=${encodeURIComponent(plate)}`);
    expect(await page.evaluate(() => (window as unknown as { searchMarker?: string }).searchMarker)).toBe(
      'kept',
    );
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

    // Keyboard only: down into the results, Enter opens the file.
    await box.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  });

  it('shows the one-car-one-file masked, with its card, aggregates and timeline', async () => {
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`${customerName} · ${plate}`);
    const sheet = page.getByRole('region', { name: 'C卡客户信息表' });
    expect(await textOf(sheet)).toContain(maskedMobile);
    expect(await textOf(sheet)).not.toContain(mobile);
    expect(await sheet.locator('a[href^="tel:"]').count()).toBe(0);
    expect(await textOf(sheet)).toMatch(/首保是否来我店\s*是/);

    const facts = await textOf(page.getByRole('region', { name: '动态数据' }));
    expect(facts).toContain('¥500.50');
    expect(facts).toContain('首保');

    const timeline = page.getByRole('region', { name: '档案时间线' });
    expect(await textOf(timeline.getByRole('row').filter({ hasText: '交车' }).first())).toContain(
      `合同号 HT-${serial}`,
    );
    expect(await textOf(timeline.getByRole('row').filter({ hasText: `工单号 O-${serial}` }))).toContain(
      '服务顾问 彭宇',
    );
    // Both callbacks are open: sales 7–10 days after delivery, after-sales 3–7 days after the order.
    expect(await textOf(timeline)).toContain('销售回访');
    expect(await textOf(timeline)).toContain('售后回访');
  });

  it('shows the full number on request, as a tel: link', async () => {
    await page.getByRole('button', { name: '显示完整号码' }).click();
    const sheet = page.getByRole('region', { name: 'C卡客户信息表' });
    const tel = sheet.locator(`a[href="tel:${mobile}"]`);
    expect(await textOf(tel)).toBe(mobile);
    expect(await textOf(page.getByRole('status').filter({ hasText: '已显示完整信息' }))).toContain(
      '已记录访问日志',
    );
  });

  it('edits the name: the API’s field error shows beside the field, then the fix is saved', async () => {
    await page.getByRole('button', { name: '编辑客户资料' }).click();
    const name = page.getByLabel('姓名');
    // In clear, the phone may be edited too; it holds the full number, not the mask.
    expect(await page.getByLabel('联系电话').inputValue()).toBe(mobile);

    await name.fill('');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const fieldError = page.locator('#edit-name-error');
    expect(await textOf(fieldError)).not.toBe('');
    expect(await name.getAttribute('aria-invalid')).toBe('true');

    await name.fill(`${customerName}（已核实）`);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: '客户资料已保存' }))).toContain(
      '审计日志',
    );
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(
      `${customerName}（已核实） · ${plate}`,
    );
    // After saving, the file is masked again.
    expect(await textOf(page.getByRole('region', { name: 'C卡客户信息表' }))).toContain(maskedMobile);

    // The search finds the new name.
    await page.getByRole('link', { name: /返回搜索/ }).click();
    await page.getByLabel('查找客户档案').fill(plate);
    expect(await textOf(page.getByRole('row').filter({ hasText: plate }))).toContain(
      `${customerName}（已核实）`,
    );
  });

  it('reads the file page in English too, with no Chinese left in its chrome', async () => {
    await page.getByRole('link', { name: `${customerName}（已核实）` }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await textOf(page.getByRole('heading', { level: 2, name: 'C-card customer sheet' }))).toBe(
      'C-card customer sheet',
    );
    expect(await textOf(page.getByRole('button', { name: 'Show full number' }))).toBe('Show full number');
    expect(await textOf(page.getByRole('region', { name: 'Dynamic data' }))).toContain(
      'Visits, last 6 months',
    );
    const chrome = (await page.locator('nav, .page-head, h2, h3, dt, thead').allInnerTexts()).join('\n');
    expect(chrome).not.toMatch(/[卡档案交车维修回访积分客户基本联系车辆]/);
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
  });

  it('lets a sales consultant read the file but neither unmask nor edit it', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const staff = await context.newPage();
    await staff.goto(`${webUrl}/login`);
    await staff.getByLabel('邮箱或手机号').fill('sales.lf@xinbao.demo');
    // Every demo user starts with the group's password, as the HQ admin does.
    await staff.getByLabel('密码', { exact: true }).fill(inject('hqPassword'));
    await staff.getByRole('button', { name: '登录', exact: true }).click();
    await staff.waitForURL(`${webUrl}/`);
    await staff.goto(`${webUrl}/customers?q=${encodeURIComponent(plate)}`);
    await staff.getByRole('link', { name: `${customerName}（已核实）` }).click();
    await staff.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    expect(await textOf(staff.getByRole('region', { name: 'C卡客户信息表' }))).toContain(maskedMobile);
    expect(await staff.getByRole('button', { name: '显示完整号码' }).count()).toBe(0);
    expect(await staff.getByRole('button', { name: '编辑客户资料' }).count()).toBe(0);
    await context.close();
  });
});

describe('the uncertain list, the archive audit and the export in the browser', () => {
  const webUrl = inject('webUrl');
  const serial = (Date.now() + 5_000) % 10_000_000;
  const plate = `冀R${String((serial + 37) % 100_000).padStart(5, '0')}`;
  const mobile = `137${String(serial).padStart(8, '0')}`;
  const customerName = `钱档${serial % 1000}`;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // A car delivered at the Toyota store, whose number a callback specialist doubts (by hand).
    const hq = await hqApi();
    const me = await hq.call('GET', '/auth/me');
    const store = (me.stores as { id: string; name: string }[]).find((s) => s.name === storeName);
    if (!store) throw new Error(`${storeName} is not in tenants-config`);
    const result = await hq.call('POST', `/stores/${store.id}/events`, {
      events: [
        {
          type: 'delivery',
          dmsId: `D-U${serial}`,
          deliveredAt: daysAgo(2),
          contractNo: `HT-U${serial}`,
          customer: { dmsId: `C-U${serial}`, name: customerName, mobile },
          vehicle: { vin: vin(serial + 37), plate, brand: '一汽丰田', series: '凯美瑞' },
        },
      ],
    });
    const vehicleId = result.items[0].vehicleId as string;
    const file = await hq.call('GET', `/stores/${store.id}/customer-files/${vehicleId}`);
    await hq.call('POST', `/stores/${store.id}/uncertain-customers`, {
      customerId: file.customer.id,
      reason: 'wrongNumber',
      note: '接听人说不认识车主',
    });

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await chooseStore(page, storeName);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('corrects a doubtful number from the uncertain list: a bad number is named, a good one leaves the list', async () => {
    await page.goto(`${webUrl}/customers`);
    await page.getByRole('link', { name: '不确定客户' }).click();
    await page.waitForURL(`${webUrl}/customers/uncertain`);
    const row = page.getByRole('row').filter({ hasText: customerName });
    const cells = await textOf(row);
    expect(cells).toContain('号码错误');
    expect(cells).toContain('手工登记');
    expect(cells).toContain('接听人说不认识车主');
    expect(cells).toContain(`${mobile.slice(0, 3)}****${mobile.slice(-4)}`);

    const work = row.locator('xpath=following-sibling::tr[1]');
    await work.getByText('更正号码').click();
    await work.getByLabel('正确手机号').fill('12345');
    await work.getByRole('button', { name: '保存更正' }).click();
    const form = page.locator('tr.work').filter({ has: page.getByRole('alert') });
    expect(await textOf(form.getByRole('alert').first())).toMatch(/phone|手机|号码/);
    await form.getByLabel('正确手机号').fill('13912345678');
    await form.getByRole('button', { name: '保存更正' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: '已处理' }))).toContain(customerName);
    await expect.poll(() => page.getByRole('row').filter({ hasText: customerName }).count()).toBe(0);

    await page.getByRole('link', { name: '已处理' }).click();
    await page.waitForURL(`${webUrl}/customers/uncertain?status=resolved`);
    const done = await textOf(page.getByRole('row').filter({ hasText: customerName }));
    expect(done).toContain('已更正');
    expect(done).toContain('139****5678');
  });

  it('exports the search as XLSX, masked, and in clear for a role that may', async () => {
    await page.goto(`${webUrl}/customers?q=${encodeURIComponent(plate)}`);
    const rowsOf = async (link: 'masked' | 'clear') => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator(`a[data-export="${link}"]`).click(),
      ]);
      const path = await download.path();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path);
      const sheet = workbook.worksheets[0];
      const rows: string[][] = [];
      sheet?.eachRow((r) => {
        rows.push(Array.from((r.values as unknown[]).slice(1), (v) => String(v ?? '')));
      });
      return { name: download.suggestedFilename(), rows };
    };
    const masked = await rowsOf('masked');
    expect(masked.name).toMatch(/^客户档案-\d{4}-\d{2}-\d{2}-脱敏\.xlsx$/);
    expect(masked.rows.map((r) => r.slice(0, 3))).toEqual([
      ['客户姓名', '性别', '手机'],
      [customerName, '', '139****5678'],
    ]);
    const clear = await rowsOf('clear');
    expect(clear.rows[1]?.slice(0, 3)).toEqual([customerName, '', '13912345678']);
  });

  it("draws the week's files and saves a check with a defect", async () => {
    await page.goto(`${webUrl}/customers`);
    await page.getByRole('link', { name: '档案检核' }).click();
    await page.waitForURL(`${webUrl}/customers/archive-audit`);
    const draw = page.getByRole('button', { name: '抽取本周档案' });
    if ((await draw.count()) > 0) await draw.click();
    const first = page.locator('tr[data-file]').first();
    await first.waitFor();
    const files = await page.locator('tr[data-file]').count();
    expect(files).toBeGreaterThan(0);
    expect(files).toBeLessThanOrEqual(20);

    await first.getByLabel('检核状态').selectOption('abnormal');
    await first.getByRole('button', { name: '保存' }).click();
    expect(await textOf(page.locator('tr[data-file]').first().getByRole('alert'))).toBeTruthy();
    const again = page.locator('tr[data-file]').first();
    await again.getByLabel('检核状态').selectOption('abnormal');
    await again.getByLabel('异常状态描述').fill('缺少客户签字');
    await again.getByLabel('问题责任人').fill('邓超');
    await again.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(() => page.locator('[data-result]').textContent())
      .toMatch(new RegExp(`已检核 1 / ${files} 份，异常 1 份`));
    expect(await page.locator('tr[data-file]').first().getByLabel('异常状态描述').inputValue()).toBe(
      '缺少客户签字',
    );

    // Drawing is stored: reloading shows the same files.
    const before = await page
      .locator('tr[data-file]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')));
    await page.reload();
    const after = await page
      .locator('tr[data-file]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')));
    expect(after).toEqual(before);
  });
});
