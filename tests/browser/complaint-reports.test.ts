import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';

/** The smallest PNG there is (1×1), as a corrective action's photo. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('complaint reports, settings, actions and notifications in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;
  let dispatchedId: string;
  let storeCode: string;

  beforeAll(async () => {
    const api = await hqApi();
    const { items: stores } = await api.call('GET', '/stores');
    const store = (stores as { id: string; code: string }[]).sort((a, b) => a.code.localeCompare(b.code))[0];
    if (!store) throw new Error('no store');
    storeCode = store.code;
    const receive = (category: string, complainedAt: string) =>
      api.call('POST', `/stores/${store.id}/complaints`, {
        channel: 'phone',
        category,
        severity: 'ordinary',
        complainedAt,
        receivedAt: complainedAt,
        complainantName: '报表测试',
        customerWords: '报表测试',
      });
    const price = await receive('price', '2025-03-10T10:00:00+08:00');
    await api.call('POST', `/stores/${store.id}/complaints/${price.complaint.id}/judge`, {
      upheld: false,
      reason: '价格符合公示',
      reply: '已解释收费标准',
    });
    const late = await receive('staffError', '2025-03-12T09:00:00+08:00');
    dispatchedId = late.complaint.id;
    // Dispatched to HQ's own user: the dispatch clock ran out long ago, and HQ is notified.
    await api.call('POST', `/stores/${store.id}/complaints/${dispatchedId}/dispatch`, {
      department: 'customerRelations',
      responsibleUserId: api.userId,
    });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a month's figures for the store and downloads them as XLSX", async () => {
    await page.getByRole('navigation').getByRole('link', { name: '投诉统计', exact: true }).click();
    await page.waitForURL(`${webUrl}/complaints/reports`);
    await page.getByLabel('开始日期').fill('2025-03-01');
    await page.getByLabel('结束日期').fill('2025-03-31');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/from=2025-03-01&to=2025-03-31/);
    const figure = (name: string) => textOf(page.locator(`[data-figure="${name}"]`));
    expect(await figure('total')).toBe('2');
    expect(await figure('notUpheld')).toBe('1');
    expect(await figure('open')).toBe('1');
    // Every clock of both ran out: the not-upheld one's were stopped a year late, the other's
    // dispatch was done a year late and its plan and answer clocks still run.
    expect(await figure('breaches')).toBe('6');
    expect(await textOf(page.locator('[data-testid="report-times"] [data-step="dispatch"] td').nth(1))).toBe(
      '1',
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 XLSX' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${storeCode}-投诉统计-2025-03-01-2025-03-31.xlsx`);
  });

  it('shows every store side by side for HQ', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '各店投诉统计' }).click();
    await page.waitForURL(`${webUrl}/hq/complaint-reports`);
    await page.goto(`${webUrl}/hq/complaint-reports?from=2025-03-01&to=2025-03-31`);
    const rows = page.locator('[data-testid="group-report"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(
      await textOf(page.locator(`[data-testid="group-report"] tr[data-store="${storeCode}"] td`).nth(1)),
    ).toBe('2');
  });

  it('saves the category mapping, the repeat window and escalation SMS on the settings page', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '投诉设置' }).click();
    await page.waitForURL(`${webUrl}/complaints/settings`);
    await page.getByLabel('再次投诉判定期(天)').fill('45');
    await page.getByLabel('价格 责任部门').selectOption('finance');
    await page.getByLabel('超时升级时同时短信通知被升级人(需登记手机号)').check();
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('已保存').waitFor();
    await page.reload();
    expect(await page.getByLabel('再次投诉判定期(天)').inputValue()).toBe('45');
    expect(await page.getByLabel('价格 责任部门').inputValue()).toBe('finance');
    expect(await page.getByLabel('超时升级时同时短信通知被升级人(需登记手机号)').isChecked()).toBe(true);
  });

  it('counts the unread notifications on the bell and marks one read', async () => {
    const bell = page.locator('[data-testid="unread-count"]');
    const before = Number(await textOf(bell));
    expect(before).toBeGreaterThan(0);
    await page.locator('[data-testid="notification-bell"]').click();
    await page.waitForURL(`${webUrl}/notifications`);
    await page.getByRole('link', { name: '只看未读' }).click();
    await page.getByRole('button', { name: '标为已读' }).first().click();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="unread-count"]')?.textContent ?? '0') === n - 1,
      before,
    );
  });

  it('records a corrective action with a photo on the complaint page', async () => {
    await page.goto(`${webUrl}/complaints/${dispatchedId}`);
    const actions = page.locator('[data-testid="complaint-actions"]');
    await actions.getByLabel('措施内容').fill('收费前向客户逐项说明');
    await actions.getByRole('button', { name: '添加措施' }).click();
    await actions.getByText('收费前向客户逐项说明').waitFor();
    await actions
      .locator('input[type="file"]')
      .setInputFiles({ name: '说明.png', mimeType: 'image/png', buffer: png });
    await actions.getByRole('button', { name: '上传附件' }).click();
    await actions.getByRole('link', { name: '说明.png' }).waitFor();
    await actions.getByRole('button', { name: '标记完成' }).click();
    await actions.getByText(/^完成于/).waitFor();
  });
});
