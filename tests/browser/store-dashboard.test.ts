import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseMonth, hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * 门店看板 for a store admin: the demo group's Beijing store admin opens their store's
 * dashboard from the navigation, sees their store's headline figures for the month (one car
 * delivered eight days ago and called fully satisfied there, and one at another store) and
 * nothing of the group's other stores, then opens the month's report pack and downloads
 * its workbook. Roles without the permission are not offered the page.
 */
describe('the store admin’s dashboard in the browser', () => {
  const webUrl = inject('webUrl');
  const password = 'Xinbao-2024';
  let browser: Browser;
  let page: Page;
  let month: string;
  let api: Awaited<ReturnType<typeof hqApi>>;
  let own: { id: string; code: string; name: string };
  let others: { id: string; code: string; name: string }[];

  beforeAll(async () => {
    api = await hqApi();
    const { items } = (await api.call('GET', '/stores')) as {
      items: { id: string; code: string; name: string }[];
    };
    const bj = items.find((s) => s.code === 'BJ-BENZ');
    if (!bj) throw new Error('the demo group has no BJ-BENZ store');
    own = bj;
    others = items.filter((s) => s.id !== bj.id);
    const deliveredAt = new Date(Date.now() - 8 * 86_400_000);
    month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(deliveredAt)
      .slice(0, 7);
    for (const store of [own, others[0]]) {
      if (!store) throw new Error('the demo group needs a second store');
      const event = { ...deliveryEvent(Math.floor(Math.random() * 1e7), 8), salesConsultant: '门店看板顾问' };
      const reply = await api.call('POST', `/stores/${store.id}/events`, { events: [event] });
      const file = await api.call('GET', `/stores/${store.id}/customer-files/${reply.items[0].vehicleId}`);
      const task = file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask');
      await api.call('POST', `/stores/${store.id}/callbacks/${task.id}/claim`);
      await api.call('POST', `/stores/${store.id}/callbacks/${task.id}/calls`, {
        outcome: 'satisfied',
        answers: {
          waitingTime: 9,
          productKnowledge: 9,
          testDriveOffered: true,
          deliveryOnTime: true,
          useAndMaintenance: 9,
        },
      });
    }
    browser = await launchChromium();
    page = await (
      await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })
    ).newPage();
    await signIn(page, 'admin.bj@xinbao.demo', password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens the store’s dashboard from the navigation with its own figures only', async () => {
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: '集团看板' }).count()).toBe(0);
    await nav.getByRole('link', { name: '门店看板' }).click();
    await page.waitForURL(`${webUrl}/reports`);
    await page.getByRole('heading', { level: 1, name: `${own.name} 门店看板` }).waitFor();
    await chooseMonth(page, '月份', month);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(`${webUrl}/reports?month=${month}`);
    await page.getByRole('heading', { name: `${month} 主要指标` }).waitFor();

    // The same figures HQ's dashboard gives this store for the month.
    const board = await api.call('GET', `/reports/dashboard?month=${month}`);
    const row = board.stores.find((s: { storeId: string }) => s.storeId === own.id);
    const rate = row.figures.salesFullySatisfiedRate as number;
    expect(rate).toBeGreaterThan(0);
    const cell = (figure: string) =>
      textOf(page.locator(`[data-testid="store-figures"] tr[data-figure="${figure}"] td`));
    expect(await cell('salesFullySatisfiedRate')).toBe(`${(rate * 100).toFixed(1)}%`);
    expect(await cell('complaintsOpened')).toBe(String(row.figures.complaintsOpened));
    expect(await page.locator('.charts canvas').count()).toBe(7);

    const text = (await page.locator('main').textContent()) ?? '';
    for (const other of others) expect(text).not.toContain(other.name);
    // Nor anywhere in the page's data: the load keeps the chosen store only.
    const html = await page.content();
    for (const other of others) expect(html).not.toContain(other.id);
  });

  it('downloads the month’s workbook and opens the report pack from the dashboard', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载本月报表' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`-月度报表-${month}\\.xlsx$`));

    await page.getByRole('link', { name: '查看本月月度报表' }).click();
    await page.waitForURL(`${webUrl}/reports/${own.id}?month=${month}`);
    await page.getByRole('heading', { level: 1, name: `${own.name} 月度报表` }).waitFor();
    await page.getByRole('heading', { name: '销售顾问满意率统计表' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '门店看板顾问' }).count()).toBe(1);
    expect(
      await page.getByRole('navigation').getByRole('link', { name: '月度报表' }).getAttribute('aria-current'),
    ).toBe('page');
  });

  it('offers the dashboard only to roles that may see it', async () => {
    const navLinks = async (login: string) => {
      const other = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      await signIn(other, login, password);
      const names = (await other.getByRole('navigation').getByRole('link').allTextContents()).map((t) =>
        t.trim(),
      );
      await other.context().close();
      return names;
    };
    // The CR manager reads the report pack but not the dashboard; a callback agent neither.
    const manager = await navLinks('crm.bj@xinbao.demo');
    expect(manager).toContain('月度报表');
    expect(manager).not.toContain('门店看板');
    const agent = await navLinks('callback.bj@xinbao.demo');
    expect(agent).not.toContain('月度报表');
    expect(agent).not.toContain('门店看板');
  });
});
