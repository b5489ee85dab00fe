import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseMonth, launchChromium, signIn, textOf } from '../support/browser.ts';

/**
 * What the UI says in its own language rather than the browser's or the API's: the month
 * pickers (a year and a month select, "2026年" / "3月") and the sign-in throttle's wait.
 */
describe('the UI speaks its own language in month pickers and the sign-in throttle', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;
  // A month of last year, so choosing it changes the year select as well as the month.
  const lastYear = new Date().getFullYear() - 1;
  const month = `${lastYear}-03`;

  beforeAll(async () => {
    browser = await launchChromium();
    // An English-speaking browser: the pickers must follow the UI (zh-CN), not the browser.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The text of the option chosen in a picker's year or month select. */
  const selected = (label: string, select: string) =>
    page
      .getByRole('group', { name: label, exact: true })
      .getByRole('combobox', { name: select, exact: true })
      .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');

  it('shows the dashboard month picker in Chinese and loads the month chosen', async () => {
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await page.goto(`${webUrl}/hq/dashboard`);
    const picker = page.getByRole('group', { name: '月份', exact: true });
    const months = await picker
      .getByRole('combobox', { name: '月', exact: true })
      .locator('option')
      .allTextContents();
    expect(months).toEqual([
      '—',
      '1月',
      '2月',
      '3月',
      '4月',
      '5月',
      '6月',
      '7月',
      '8月',
      '9月',
      '10月',
      '11月',
      '12月',
    ]);
    expect(
      await picker.getByRole('combobox', { name: '年', exact: true }).locator('option').allTextContents(),
    ).toContain(`${lastYear}年`);
    expect(await page.locator('input[type="month"]').count()).toBe(0);

    await chooseMonth(page, '月份', month);
    await page.getByRole('button', { name: '查询' }).first().click();
    await page.waitForURL(new RegExp(`month=${month}`));
    // The board answered for that month: its range pickers now both show it.
    for (const label of ['开始月份', '结束月份']) {
      expect(await selected(label, '年')).toBe(`${lastYear}年`);
      expect(await selected(label, '月')).toBe('3月');
    }
  });

  it('names the months in English when the UI is in English', async () => {
    await page.context().addCookies([{ name: 'crm_locale', value: 'en', url: webUrl }]);
    await page.goto(`${webUrl}/hq/dashboard?month=${month}`);
    expect(await selected('Month', 'Month')).toBe('March');
    expect(await selected('Month', 'Year')).toBe(String(lastYear));
    await page.context().clearCookies();
  });

  it('tells someone who keeps mistyping the password to wait N seconds, in Chinese only', async () => {
    const login = `nobody-${Date.now()}@xinbao.demo`;
    await page.goto(`${webUrl}/login`);
    const alert = page.getByRole('alert');
    // Three free wrong attempts for this account from this address, then the throttle.
    for (let attempt = 1; attempt <= 8; attempt++) {
      await page.getByLabel('邮箱或手机号').fill(login);
      await page.getByLabel('密码', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.getByRole('button', { name: '登录', exact: true }).waitFor();
      await alert.waitFor();
      if ((await textOf(alert)).startsWith('尝试次数过多')) break;
    }
    const text = await textOf(alert);
    expect(text).toMatch(/^尝试次数过多\s*请 \d+ 秒后再试$/);
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
