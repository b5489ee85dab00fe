import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn, textOf } from '../support/browser.ts';

/** A callback-window rule set whose sales window runs from day `from` to day `to` after delivery. */
const callbackWindow = (from: number, to: number) =>
  JSON.stringify(
    {
      kind: 'callbackWindow',
      smsFallbackAfterAttempts: 4,
      rules: [
        {
          id: 'sales-callback',
          name: `交车后第${from}–${to}天销售回访`,
          priority: 10,
          conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'delivery' }] },
          event: { type: 'openCallback', params: { callback: 'sales', fromDay: from, toDay: to } },
        },
        {
          id: 'after-sales-callback',
          name: '工单结算后第3–7天售后回访',
          priority: 10,
          conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'repairOrder' }] },
          event: { type: 'openCallback', params: { callback: 'afterSales', fromDay: 3, toDay: 7 } },
        },
      ],
    },
    null,
    2,
  );

describe('the rule editor in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    // Publishing asks for confirmation.
    page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('edits the callback window, shows the error, simulates the fix, publishes it and lists the new version', async () => {
    await signIn(page, inject('hqLogin'), inject('hqPassword'));

    await page.getByRole('navigation').getByRole('link', { name: '规则配置' }).click();
    await page.waitForURL(`${webUrl}/admin/rules`);
    await page
      .getByRole('row')
      .filter({ hasText: 'callbackWindow' })
      .getByRole('link', { name: '编辑' })
      .click();
    await page.waitForURL(`${webUrl}/admin/rules/callbackWindow`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('回访窗口');

    // A window that ends before it starts: the live check points at the field, on its line.
    const editor = page.getByLabel('规则集 JSON');
    await editor.fill(callbackWindow(9, 5));
    const issues = page.getByTestId('rule-issues');
    const issueText = await textOf(issues);
    expect(issueText).toContain('rules[0].event.params.toDay');
    expect(issueText).toContain('fromDay must not be after toDay.');
    expect(issueText).toMatch(/第 \d+ 行/);

    // Publishing it anyway is refused with the same path.
    await page.getByRole('button', { name: '发布', exact: true }).click();
    expect(await textOf(page.getByRole('alert').first())).toContain('请检查填写的内容');
    expect(await textOf(issues)).toContain('rules[0].event.params.toDay');

    // Fixed: days 5 to 9.
    await editor.fill(callbackWindow(5, 9));
    expect(await textOf(page.getByText('校验通过，可以发布'))).toBe('校验通过，可以发布');
    await expect.poll(() => issues.count()).toBe(0);

    // Simulate on the kind's examples: the delivery now opens its callback on day 5.
    await page.getByRole('button', { name: '填入示例' }).click();
    await page.getByRole('button', { name: '运行模拟' }).click();
    const summary = await textOf(page.getByTestId('simulation-summary'));
    expect(summary).toMatch(/\d+ 个样例的决策有变化/);
    const delivery = page.locator('details.sample').filter({ hasText: '新车交车' });
    const decision = await textOf(delivery.locator('pre').first());
    expect(decision).toContain('"fromDay": 5');
    expect(decision).toContain('"opensOn": "2024-05-06"');

    // Publish: the new version is in effect and heads the history.
    await page.getByRole('button', { name: '发布', exact: true }).click();
    const notice = await textOf(page.getByRole('status').filter({ hasText: '已发布第' }));
    const version = Number(/已发布第 (\d+) 版/.exec(notice)?.[1]);
    expect(version).toBeGreaterThan(0);
    expect(await textOf(page.getByTestId('effective-version'))).toBe(`生效：本店版本 第 ${version} 版`);
    const top = page.getByTestId('rule-history').getByRole('row').nth(1);
    const topText = await textOf(top);
    expect(topText).toContain(`v${version}`);
    expect(topText).toContain('已发布');
    // The editor now shows the published body.
    expect(await editor.inputValue()).toContain('"fromDay": 5');
  });
});
