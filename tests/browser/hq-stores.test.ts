import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn, textOf } from '../support/browser.ts';

describe('group HQ in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    // An English-speaking browser: the UI must still start in Chinese, because zh-CN is the default.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 800 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('tells a user who mistypes the password that the account or password is wrong, in Chinese', async () => {
    await page.goto(`${webUrl}/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.getByLabel('邮箱或手机号').fill(inject('hqLogin'));
    await page.getByLabel('密码', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('账号或密码错误');
  });

  it('lets the HQ admin log in in Chinese, open a store, see it listed, and read the page in English', async () => {
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const name = `鑫宝奔驰测试店 ${code}`;

    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toMatch(/^您好，/);

    await page.getByRole('navigation').getByRole('link', { name: '门店管理' }).click();
    await page.waitForURL(`${webUrl}/hq/stores`);
    expect(await textOf(page.getByRole('heading', { level: 1, name: '门店管理' }))).toBe('门店管理');

    await page.getByRole('link', { name: '新建门店' }).click();
    await page.getByLabel('门店编码').fill(code);
    await page.getByLabel('门店名称').fill(name);
    await page.getByLabel('品牌').fill('奔驰，smart');
    await page.getByLabel('联系电话').fill('010-65880000');
    await page.getByLabel('短信签名').fill('鑫宝奔驰');
    await page.getByLabel('地址').fill('北京市朝阳区东四环中路 88 号');
    await page.getByRole('button', { name: '保存' }).click();

    expect(await textOf(page.getByRole('status'))).toBe(`门店“${name}”已创建`);
    const row = page.getByRole('row').filter({ hasText: code });
    const cells = await textOf(row);
    expect(cells).toContain(name);
    expect(cells).toContain('奔驰');
    expect(cells).toContain('【鑫宝奔驰】');
    expect(cells).toContain('启用');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await textOf(page.getByRole('heading', { level: 1, name: 'Stores' }))).toBe('Stores');
    expect(await textOf(page.getByRole('columnheader', { name: 'Store code' }))).toContain('Store code');
    expect(await textOf(page.getByRole('row').filter({ hasText: code }))).toContain('Active');
    expect(await textOf(page.getByRole('navigation'))).toContain('Users');
    // Nothing of the Chinese chrome is left once the page is in English; only data stays Chinese.
    const chrome = (await page.locator('header, nav, thead, .page-head').allInnerTexts()).join('\n');
    expect((await page.locator('form[action="/logout"] button').textContent())?.trim()).toBe('Log out');
    expect(chrome).not.toMatch(/门店管理|用户管理|工作台|门店编码|当前门店|新建门店/);
  });

  it('lets HQ deactivate a store from its page and bring it back', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const hq = await context.newPage();
    await signIn(hq, inject('hqLogin'), inject('hqPassword'));
    const code = `RE-${Date.now().toString(36).toUpperCase()}`;
    const name = `暂停营业测试店 ${code}`;
    await hq.goto(`${webUrl}/hq/stores?new`);
    await hq.getByLabel('门店编码').fill(code);
    await hq.getByLabel('门店名称').fill(name);
    await hq.getByRole('button', { name: '保存' }).click();
    await hq.getByRole('row').filter({ hasText: code }).getByRole('link', { name }).click();
    await hq.waitForURL(/\/hq\/stores\/[0-9a-f-]{36}$/);

    hq.once('dialog', (dialog) => dialog.accept());
    await hq.getByRole('button', { name: '停用门店' }).click();
    await hq.getByRole('status').filter({ hasText: '门店已停用' }).waitFor();
    expect(await textOf(hq.locator('.page-head .status'))).toBe('已停用');

    await hq.getByRole('button', { name: '恢复门店' }).click();
    await hq.getByRole('status').filter({ hasText: '门店已恢复' }).waitFor();
    expect(await textOf(hq.locator('.page-head .status'))).toBe('启用');
    expect(await hq.getByRole('button', { name: '恢复门店' }).count()).toBe(0);
    await context.close();
  });
});
