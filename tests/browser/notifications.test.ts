import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseStore, hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';

describe('notifications from another store in the browser', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;
  let here: { id: string; name: string };
  let there: { id: string; name: string };
  let complaint: { id: string; caseNo: string };

  beforeAll(async () => {
    // HQ works in one store while a complaint of another store is dispatched to it.
    const api = await hqApi();
    const { items } = await api.call('GET', '/stores');
    const stores = (items as { id: string; code: string; name: string; active: boolean }[])
      .filter((s) => s.active)
      .sort((a, b) => a.code.localeCompare(b.code));
    if (stores.length < 2) throw new Error('the demo group needs two active stores');
    [here, there] = [stores[0] as typeof here, stores[1] as typeof there];
    const received = await api.call('POST', `/stores/${there.id}/complaints`, {
      channel: 'phone',
      category: 'staffError',
      severity: 'ordinary',
      complainantName: '通知测试',
      customerWords: '服务顾问态度不好',
    });
    complaint = received.complaint;
    await api.call('POST', `/stores/${there.id}/complaints/${complaint.id}/dispatch`, {
      department: 'customerRelations',
      responsibleUserId: api.userId,
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await chooseStore(page, here.name);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens a complaint of another store in that store, not as a 404 in the current one', async () => {
    // The complaint's page, opened in the store chosen now, is not found there.
    const direct = await page.goto(`${webUrl}/complaints/${complaint.id}`);
    expect(direct?.status()).toBe(404);
    await page.locator('[data-testid="notification-bell"]').click();
    await page.waitForURL(`${webUrl}/notifications`);
    const item = page.getByRole('listitem').filter({ hasText: complaint.caseNo });
    expect(await textOf(item)).toContain('投诉派发给您');
    await item.getByRole('button', { name: '查看投诉' }).click();
    await page.waitForURL(`${webUrl}/complaints/${complaint.id}`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(`${complaint.caseNo} · 通知测试`);
    // The shell now works in the complaint's store.
    expect(await page.locator('#store-switcher option:checked').textContent()).toBe(there.name);
  });
});
