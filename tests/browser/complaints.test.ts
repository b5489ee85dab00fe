import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';

describe('complaints in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;
  let storeIds: string[] = [];

  beforeAll(async () => {
    const api = await hqApi();
    const { items: stores } = await api.call('GET', '/stores');
    for (const store of stores as { id: string }[]) {
      await api.call('PUT', `/stores/${store.id}/complaint-settings`, {
        repeatWithinDays: 90,
        forbiddenPhrases: ['我不大清楚', '改天再通知你'],
        responsibilities: [
          { category: 'repairQuality', department: 'service', responsibleUserId: api.userId },
        ],
        departmentManagers: [{ department: 'service', managerUserId: api.userId }],
      });
    }
    storeIds = (stores as { id: string }[]).map((store) => store.id);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the dispatch clock of a complaint turn from amber to red as it runs out', async () => {
    // Received 29 min 40 s ago, just before the board opens: the 30-minute dispatch clock is
    // in its last quarter (amber) and runs out 20 s later (red), on whichever store is shown.
    const api = await hqApi();
    for (const storeId of storeIds) {
      await api.call('POST', `/stores/${storeId}/complaints`, {
        channel: 'letter',
        category: 'waitingTime',
        severity: 'ordinary',
        receivedAt: new Date(Date.now() - 30 * 60_000 + 20_000).toISOString(),
        complainantName: '时限测试',
        customerWords: '等待时间过长',
      });
    }
    await page.getByRole('navigation').getByRole('link', { name: '投诉看板' }).click();
    await page.waitForURL(`${webUrl}/complaints`);
    const badge = page
      .getByRole('row')
      .filter({ hasText: '时限测试' })
      .first()
      .locator('[data-clock="dispatch"]');
    // Under 20 seconds left: amber, and a whole minute in words, never "0分".
    await badge.waitFor();
    expect(await badge.evaluate((el) => [el.getAttribute('data-tone'), el.textContent?.trim()])).toEqual([
      'amber',
      '派发 剩余 1 分钟',
    ]);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('tr')].some(
          (row) =>
            row.textContent?.includes('时限测试') &&
            row.querySelector('[data-clock="dispatch"]')?.getAttribute('data-tone') === 'red',
        ),
      undefined,
      { timeout: 40_000 },
    );
    // Just run out: overdue in words, not "-0分".
    expect(await textOf(badge)).toBe('派发 已超时 1 分钟');
  });

  it('takes a letter dated three days ago with its receipt now: both shown, the dispatch clock green', async () => {
    await page.goto(`${webUrl}/complaints/new`);
    await page.getByLabel('反映渠道').selectOption('letter');
    await page.getByLabel('投诉时间').fill('2026-03-02T09:00');
    await page.getByLabel('发生时间').fill('2026-02-27T15:30');
    await page.getByLabel('投诉人').fill('来信客户');
    await page.getByLabel('投诉内容(客户原话)').fill('三天前寄出的投诉信');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/);
    // The demo stores keep Beijing time: the wall-clock times come back as typed.
    expect(await textOf(page.locator('[data-field="complainedAt"]'))).toBe('2026/03/02 09:00');
    expect(await textOf(page.locator('[data-field="occurredAt"]'))).toBe('2026/02/27 15:30');
    expect(await textOf(page.locator('[data-field="receivedAt"]'))).not.toBe('2026/03/02 09:00');
    expect(await page.locator('[data-clock="dispatch"]').getAttribute('data-tone')).toBe('green');
    // The board lists it by its receipt, the letter's date beside it.
    await page.goto(`${webUrl}/complaints`);
    const received = page
      .getByRole('row')
      .filter({ hasText: '来信客户' })
      .locator('[data-field="receivedAt"]');
    expect(await textOf(received)).toContain('(2026/03/02 09:00)');
  });

  it('takes a complaint from intake through dispatch, answer and re-call to sign-off', async () => {
    await page.goto(`${webUrl}/complaints/new`);
    await page.getByLabel('反映渠道').selectOption('walkIn');
    await page.getByLabel('投诉性质').selectOption('repairQuality');
    await page.getByLabel('投诉人').fill('王先生');
    await page.getByLabel('联系电话').fill('13800001111');
    await page.getByLabel('投诉内容(客户原话)').fill('保养后方向盘抖动');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/);
    expect(await textOf(page.locator('.state'))).toBe('待判定');
    expect(await page.locator('[data-clock="dispatch"]').getAttribute('data-tone')).toBe('green');

    await page.getByRole('button', { name: '投诉成立' }).click();
    await page.waitForSelector('.state[data-state="upheld"]');
    await page.getByRole('button', { name: '派发' }).click();
    await page.waitForSelector('.state[data-state="dispatched"]');

    // A plan with a forbidden phrase is flagged while it is typed.
    await page.getByLabel('解决办法').fill('具体原因我不大清楚,明天安排检查');
    expect(await textOf(page.locator('[data-forbidden]'))).toContain('我不大清楚');
    await page.getByLabel('解决办法').fill('明天上午安排技师免费检查四轮定位');
    await page.getByRole('button', { name: '提交解决办法' }).click();
    await page.getByLabel('处理过程及情况').fill('已做四轮定位与动平衡');
    await page.getByRole('button', { name: '部门答复' }).click();
    await page.waitForSelector('.state[data-state="answered"]');

    await page.getByLabel('再次回访记录').selectOption('satisfied');
    await page.getByRole('button', { name: '记录回访' }).click();
    await page.waitForSelector('.state[data-state="satisfied"]');
    await page.getByLabel('处理结果总结').fill('四轮定位后抖动消除,客户满意');
    await page.getByRole('button', { name: '结案' }).click();
    await page.waitForSelector('.state[data-state="closed"]');

    const timeline = await page.locator('.timeline').innerText();
    for (const step of ['受理', '有效性判定', '派发', '解决办法', '部门答复', '再次回访', '结案']) {
      expect(timeline).toContain(step);
    }
  });
});
