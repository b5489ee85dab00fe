import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Actor,
  claimCallback,
  createDatabase,
  type Database,
  ingestEvents,
  loadConfig,
  RecordCallInput,
  recordCall,
  runQualityNight,
} from '@crm/core';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseStore, hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * The improvement meeting in the browser: a store of its own whose March sales callbacks
 * scored the waiting time low, its month closed by the quality night (clock pinned to the
 * night after 31 March), then HQ opens the meeting, raises an improvement item from the
 * weak item and finds it in the improvement-item list with the March figure.
 */
describe('the improvement meeting (改善讨论会) in the browser', () => {
  const webUrl = inject('webUrl');
  const storeName = `质量测试店${Math.floor(Math.random() * 1e4)}`;
  let browser: Browser;
  let page: Page;
  let db: Database;

  beforeAll(async () => {
    const api = await hqApi();
    const store = await api.call('POST', '/stores', { code: `Q${Date.now() % 1e6}`, name: storeName });
    await api.call('POST', '/users', {
      name: '赵整改',
      email: `quality.owner.${Date.now()}@xinbao.test`,
      password: 'Quality-owner-1',
      roles: [{ role: 'staff', storeId: store.id, position: 'department_manager' }],
    });
    db = createDatabase({ url: loadConfig({ DATABASE_URL: inject('databaseUrl') }).databaseAppUrl, max: 2 });
    const [tenant] = await db.withoutTenant(
      (tx) =>
        tx<
          { tenantId: string }[]
        >`select tenant_id from app_private.nightly_stores() where store_id = ${store.id}`,
    );
    if (!tenant) throw new Error('store not found');
    const hq: Actor = {
      kind: 'user',
      tenantId: tenant.tenantId,
      userId: api.userId,
      sessionId: null,
      roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
    };
    // Two March deliveries whose customers gave the waiting time 6 and 7 of 10.
    for (const [day, waitingTime] of [
      ['2026-03-05', 6],
      ['2026-03-12', 7],
    ] as const) {
      const deliveredAt = new Date(`${day}T10:00:00+08:00`);
      const event = {
        ...deliveryEvent(Math.floor(Math.random() * 1e7)),
        deliveredAt: deliveredAt.toISOString(),
      };
      await ingestEvents({ db, actor: hq, storeId: store.id, events: [event], now: deliveredAt });
      const [task] = await db.withTenant(
        tenant.tenantId,
        (tx) => tx<{ id: string }[]>`
          select t.id from callback_tasks t join deliveries d on d.id = t.source_id
          where d.store_id = ${store.id} and d.dms_id = ${event.dmsId}`,
      );
      if (!task) throw new Error('no callback task');
      const callAt = new Date(deliveredAt.getTime() + 8 * 86_400_000);
      await claimCallback({ db, actor: hq, storeId: store.id, taskId: task.id, now: callAt });
      await recordCall({
        db,
        actor: hq,
        storeId: store.id,
        taskId: task.id,
        now: callAt,
        input: RecordCallInput.parse({
          outcome: 'satisfied',
          answers: {
            waitingTime,
            productKnowledge: 9,
            testDriveOffered: true,
            deliveryOnTime: true,
            useAndMaintenance: 9,
          },
        }),
      });
    }
    // The store's quality night after 31 March (Shanghai): the March meeting pack.
    const night = await runQualityNight({
      db,
      tenantId: tenant.tenantId,
      storeId: store.id,
      now: new Date('2026-04-01T01:00:00+08:00'),
    });
    expect(night).toMatchObject({ closedMonth: '2026-03', packPrepared: true });

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await db?.close();
  });

  it('opens the March meeting and shows the waiting time as a weak item against February', async () => {
    await chooseStore(page, storeName);
    await page.getByRole('navigation').getByRole('link', { name: '改善讨论会', exact: true }).click();
    await page.waitForURL(`${webUrl}/quality`);
    const march = page.locator('tr[data-month="2026-03"]');
    expect(await textOf(march)).toContain('2026-03-01 – 2026-03-31');
    await march.getByRole('link', { name: '打开' }).click();
    await page.waitForURL(/\/quality\/meetings\//);
    await expect.poll(() => textOf(page.getByRole('heading', { level: 1 }))).toBe('2026-03 改善讨论会');
    const weak = page.locator('tr[data-key="item:sales:waitingTime"]');
    const row = await textOf(weak);
    expect(row).toContain('6.50');
    expect(row).toContain('低于 8.00');
    expect(row).toContain('弱项');
  });

  it('raises an improvement item from the weak item and sees it in the list', async () => {
    await page
      .locator('tr[data-key="item:sales:waitingTime"]')
      .getByRole('link', { name: '立项整改' })
      .click();
    await expect.poll(() => page.locator('#q-subject').inputValue()).toBe('item:sales:waitingTime');
    await page.getByLabel('原因分析').fill('周末展厅接待人手不足');
    await page.getByLabel('整改措施').fill('周末增加一名接待顾问');
    await page.getByLabel('责任人').selectOption({ label: '赵整改' });
    await page.getByLabel('整改完成时间').fill('2026-04-30');
    await page.getByRole('button', { name: '立项', exact: true }).click();
    await expect.poll(() => textOf(page.getByText('整改项目已立项'))).toBe('整改项目已立项');
    expect(await textOf(page.locator('tr[data-item="item:sales:waitingTime"]'))).toContain('赵整改');

    await page.getByRole('navigation').getByRole('link', { name: '整改项目', exact: true }).click();
    await page.waitForURL(`${webUrl}/quality/items`);
    const item = page.locator('tr[data-item="item:sales:waitingTime"][data-month="2026-03"]');
    const text = await textOf(item);
    expect(text).toContain('周末展厅接待人手不足');
    expect(text).toContain('赵整改');
    // January–March cumulative: 6 and 7 → 6.50; months +1 … +3 wait for their close.
    expect(await textOf(item.locator('td[data-offset="0"]'))).toBe('6.50');
    expect(await textOf(item.locator('td[data-offset="1"]'))).toBe('待月结');
  });

  it('exports the open items to Excel (EQC整改项目跟踪表) with the page’s filter', async () => {
    await page.getByRole('link', { name: '未完成', exact: true }).click();
    await page.waitForURL(/state=open/);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '导出 Excel' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(
      `${storeName}EQC整改项目跟踪表-${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}.xlsx`,
    );
    const path = join(tmpdir(), `quality-items-${storeName}.xlsx`);
    await download.saveAs(path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    await rm(path, { force: true });
    const sheet = book.getWorksheet('EQC整改项目跟踪表');
    if (!sheet) throw new Error('the workbook has no EQC sheet');
    const text = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    expect(text(2)[0]).toBe('筛选:状态:未完成;共 1 项');
    expect(text(5).slice(2, 4)).toEqual(['2026-03', '周末展厅接待人手不足']);
    expect(text(5)[5]).toBe('赵整改');
    expect(sheet.getRow(5).getCell(9).value).toBe(6.5);
  });
});
