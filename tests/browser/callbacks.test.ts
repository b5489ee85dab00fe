import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn, textOf } from '../support/browser.ts';
import { deliveryEvent } from '../support/dms.ts';

/** The API as HQ, for setup: three cars delivered 9 days ago at BJ-BENZ by one consultant. */
async function hqApi() {
  const apiUrl = inject('apiUrl');
  const login = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: inject('hqLogin'), password: inject('hqPassword') }),
  });
  const { session } = (await login.json()) as { session: { token: string; csrfToken: string } };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}/v1${path}`, {
      method,
      headers: {
        cookie: `crm_session=${session.token}`,
        'x-csrf-token': session.csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
}

const consultant = '浏览器顾问';
const opening = '您好,这里是{门店}回访中心,浏览器测试。';

describe('the callback workbench in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;
  let month: string;
  let resetScript: () => Promise<unknown>;

  beforeAll(async () => {
    const call = await hqApi();
    const { items: stores } = await call('GET', '/stores');
    const store = (stores as { id: string; code: string }[]).find((s) => s.code === 'BJ-BENZ');
    if (!store) throw new Error('no BJ-BENZ store');
    const events = [1, 2, 3].map((i) => ({
      ...deliveryEvent(9_000_000 + i, 9),
      salesConsultant: consultant,
    }));
    month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
      .format(new Date(events[0]?.deliveredAt ?? ''))
      .slice(0, 7);
    await call('POST', `/stores/${store.id}/events`, { events });
    resetScript = () =>
      call('PUT', `/stores/${store.id}/callback-script`, {
        salesOpening: null,
        afterSalesOpening: null,
        closing: null,
      });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, 'callback.bj@xinbao.demo', 'Xinbao-2024');
  });
  afterAll(async () => {
    await resetScript?.();
    await browser?.close();
  });

  async function consultantRow(): Promise<string[]> {
    await page.goto(`${webUrl}/callbacks/statistics?by=salesConsultant&month=${month}`);
    const row = page.getByRole('row').filter({ hasText: consultant });
    return (await row.locator('td').allTextContents()).map((t) => t.trim());
  }

  async function scores(value: string) {
    for (const item of ['waitingTime', 'productKnowledge', 'useAndMaintenance']) {
      await page.locator(`[data-item="${item}"] input`).fill(value);
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  }

  it('lets the store admin set the call script’s opening line', async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(admin, 'admin.bj@xinbao.demo', 'Xinbao-2024');
    await admin.getByRole('navigation').getByRole('link', { name: '回访话术设置' }).click();
    await admin.waitForURL(`${webUrl}/callbacks/script`);
    await admin.getByLabel('新车回访开头语').fill(opening);
    await admin.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => textOf(admin.getByRole('status')), { timeout: 10_000 }).toContain('话术已保存');
    await admin.reload();
    expect(await admin.getByLabel('新车回访开头语').inputValue()).toBe(opening);
    await admin.context().close();
  });

  it('works three calls from the queue with the keyboard and sees the statistics change', async () => {
    // Before: three deliveries, nobody called yet.
    expect((await consultantRow()).slice(0, 8)).toEqual([consultant, '3', '0', '0', '0', '0', '0', '0.0%']);

    await page.getByRole('navigation').getByRole('link', { name: '回访工作台' }).click();
    await page.waitForURL(`${webUrl}/callbacks`);
    expect(await page.locator('table.queue tbody tr').count()).toBeGreaterThanOrEqual(3);

    // 1: satisfied — N for the call, the answers, 1, Enter.
    await page.keyboard.press('n');
    const panel = page.locator('section.call');
    await panel.waitFor();
    expect(await textOf(panel)).toContain('新车销售电话调查问卷');
    expect(await textOf(panel)).toContain('您好,这里是北京鑫宝奔驰4S店回访中心,浏览器测试。');
    await scores('9');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page.getByRole('status')), { timeout: 10_000 }).toContain('回访已完成');

    // 2: busy — a new time agreed, the reschedule picker's 1 小时后.
    await page.keyboard.press('n');
    await panel.waitFor();
    await page.keyboard.press('4');
    await page.getByRole('button', { name: '1 小时后' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page.getByRole('status')), { timeout: 10_000 }).toContain('已改约');

    // 3: dissatisfied — the comments become a complaint-follow-up record.
    await page.keyboard.press('n');
    await panel.waitFor();
    await scores('4');
    await page.keyboard.press('2');
    await page.getByLabel('投诉类别').selectOption({ label: '等待时间' });
    await page.getByLabel('客户意见 / 投诉内容').fill('交车等待太久');
    await page.keyboard.press('Control+Enter');
    await expect
      .poll(() => textOf(page.getByRole('status')), { timeout: 10_000 })
      .toContain('已生成投诉记录');

    // After: 3 attempted, 2 reached, 1 other (busy), 1 fully and 1 dissatisfied.
    //                              events attempted reached 拒访 无法接通 其他 success 完全 基本 不满 完全率 基本率
    expect((await consultantRow()).slice(0, 13)).toEqual([
      consultant,
      '3',
      '3',
      '2',
      '0',
      '0',
      '1',
      '66.7%',
      '1',
      '0',
      '1',
      '50.0%',
      '0.0%',
    ]);
  });

  it('draws the twelve-month trend and exports the statistics table as the seed-shaped workbook', async () => {
    await page.goto(`${webUrl}/callbacks/statistics?by=salesConsultant&month=${month}`);
    const trend = page.locator('canvas.trend');
    expect(await trend.getAttribute('data-months')).toBe('12');
    // chart.js has drawn on it: some pixel is not blank.
    expect(
      await trend.evaluate((canvas: HTMLCanvasElement) =>
        (canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? []).some(
          (v) => v !== 0,
        ),
      ),
    ).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^销售顾问满意率统计表-.*\.xlsx$/);
  });

  it('shows HQ every store side by side, ranked, with the calls just worked', async () => {
    const hqPage = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(hqPage, inject('hqLogin'), inject('hqPassword'));
    await hqPage.getByRole('navigation').getByRole('link', { name: '各店回访满意率' }).click();
    await hqPage.waitForURL(`${webUrl}/hq/callback-statistics`);
    await hqPage.goto(`${webUrl}/hq/callback-statistics?by=salesConsultant&month=${month}`);
    const rows = hqPage.locator('table.stats tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const ranks = await rows.locator('td:first-child').allTextContents();
    expect(ranks.map((r) => r.trim())).toEqual(ranks.map((_, i) => String(i + 1)));
    const benz = (await rows.filter({ hasText: '北京鑫宝奔驰4S店' }).locator('td').allTextContents()).map(
      (t) => t.trim(),
    );
    // rank, store, events, attempted, reached: at least the three calls of the test above.
    expect(Number(benz[3])).toBeGreaterThanOrEqual(3);
    expect(Number(benz[4])).toBeGreaterThanOrEqual(2);
    expect(await hqPage.locator('canvas.trend').getAttribute('data-months')).toBe('12');
    const [download] = await Promise.all([
      hqPage.waitForEvent('download'),
      hqPage.getByRole('link', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^各门店销售顾问满意率统计表-.*\.xlsx$/);
  });
});
