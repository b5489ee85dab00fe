import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn, textOf } from '../support/browser.ts';

// Issue #18, item 6: a customer imported without a customer number showed 编号 "手机:<phone>"
// in clear beside the masked 联系电话, to every role.
const storeName = '北京鑫宝奔驰4S店';
const password = 'Xinbao-2024';
/** Paths that change the session or the language when opened, not pages to read. */
const notPages = /^\/(logout|login|locale|store)(\/|$|\?)/;

describe('a sales consultant never sees a phone in clear', () => {
  const webUrl = inject('webUrl');
  const apiUrl = inject('apiUrl');
  const serial = Date.now() % 100_000_000;
  const mobile = `158${String(serial).padStart(8, '0')}`;
  const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  const vin = `LSVAB0000P${String(serial % 10_000_000).padStart(7, '0')}`;
  let vehicleId = '';
  let browser: Browser;

  beforeAll(async () => {
    // HQ imports a delivery whose row names no customer number, as a dealer's spreadsheet often does.
    const login = await fetch(`${apiUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: inject('hqLogin'), password: inject('hqPassword') }),
    });
    const { session } = (await login.json()) as { session: { token: string; csrfToken: string } };
    const headers = { cookie: `crm_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const call = async (method: string, path: string, body?: BodyInit, type?: string) => {
      const res = await fetch(`${apiUrl}/v1${path}`, {
        method,
        headers: type ? { ...headers, 'content-type': type } : headers,
        body,
      });
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return res.json();
    };
    const me = await call('GET', '/auth/me');
    const store = (me.stores as { id: string; name: string }[]).find((s) => s.name === storeName);
    if (!store) throw new Error(`${storeName} is not in tenants-config`);
    const csv = `客户姓名,联系电话,车架号,交车日期\n周先生,${mobile},${vin},2024-05-01\n`;
    const form = new FormData();
    form.append('file', new File([csv], '交车.csv', { type: 'text/csv' }));
    const uploaded = await call('POST', `/stores/${store.id}/imports`, form);
    const importId = uploaded.import.id as string;
    await call('POST', `/stores/${store.id}/imports/${importId}/start`, '{}', 'application/json');
    const started = Date.now();
    for (;;) {
      const progress = await call('GET', `/stores/${store.id}/imports/${importId}`);
      if (progress.status === 'done') break;
      if (progress.status === 'failed' || Date.now() - started > 60_000)
        throw new Error(`import did not finish: ${JSON.stringify(progress)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const found = await call('GET', `/stores/${store.id}/customer-files?q=${mobile.slice(-4)}`);
    vehicleId =
      (found.items as { vehicleId: string; vin: string }[]).find((f) => f.vin === vin)?.vehicleId ?? '';
    expect(vehicleId).not.toBe('');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  /**
   * Every page reachable by links from `start`, with its HTML, and every download those pages
   * link to (workbooks by their cells), fetched with the same session.
   */
  async function crawl(page: Page, start: string[]): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    const queue = [...start];
    while (queue.length > 0 && seen.size < 150) {
      const path = queue.shift() ?? '/';
      if (seen.has(path) || notPages.test(path)) continue;
      const fetched = await page.request.get(`${webUrl}${path}`);
      const type = fetched.headers()['content-type'] ?? '';
      if (!type.includes('text/html')) {
        seen.set(path, `${fetched.status()} ${await downloadText(type, await fetched.body())}`);
        continue;
      }
      const response = await page.goto(`${webUrl}${path}`);
      seen.set(path, `${response?.status()} ${await page.content()}`);
      const links = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      for (const link of links) if (!seen.has(link)) queue.push(link);
    }
    return seen;
  }

  /** A download as text: a workbook's cells, anything else as sent. */
  async function downloadText(type: string, body: Buffer): Promise<string> {
    if (!type.includes('spreadsheetml')) return body.toString('utf8');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body.buffer as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of book.worksheets)
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    return cells.join('\n');
  }

  async function workbookText(page: Page, path: string): Promise<{ status: number; text: string }> {
    const response = await page.request.get(`${webUrl}${path}`);
    const type = response.headers()['content-type'] ?? '';
    return { status: response.status(), text: await downloadText(type, await response.body()) };
  }

  it('sweeps every page and export the sales consultant can open: the phone shows only masked', async () => {
    const page = await browser.newPage();
    await signIn(page, 'sales.bj@xinbao.demo', password);
    const tail = mobile.slice(-4);
    const pages = await crawl(page, ['/', `/customers?q=${tail}`, `/customers/${vehicleId}`]);
    expect(pages.size).toBeGreaterThan(5);
    expect([...pages.keys()]).toContain(`/customers/export.xlsx?q=${tail}`);
    const leaks = [...pages].filter(([, html]) => html.includes(mobile)).map(([path]) => path);
    expect(leaks).toEqual([]);

    // The customer file itself: the masked phone, and an opaque 编号.
    await page.goto(`${webUrl}/customers/${vehicleId}`);
    const sheet = page.getByRole('region', { name: /^[AC]卡客户信息表$/ });
    const sheetText = await textOf(sheet);
    expect(sheetText).toContain(masked);
    expect(sheetText).toMatch(/IMP-[0-9A-F]{20}/);
    expect(sheetText).not.toContain(mobile.slice(3));

    // The customer list's export, and the unmasked one a sales consultant may not have.
    const exported = await workbookText(page, `/customers/export.xlsx?q=${tail}`);
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(masked);
    expect(exported.text).not.toContain(mobile);
    const unmasked = await workbookText(page, `/customers/export.xlsx?q=${tail}&unmask=true`);
    expect(unmasked.text).not.toContain(mobile);
    await page.close();
  }, 180_000);

  it('a customer-relations manager who asks for the full number sees it', async () => {
    const page = await browser.newPage();
    await signIn(page, 'crm.bj@xinbao.demo', password);
    await page.goto(`${webUrl}/customers/${vehicleId}`);
    const sheet = page.getByRole('region', { name: /^[AC]卡客户信息表$/ });
    expect(await textOf(sheet)).toContain(masked);
    await page.getByRole('button', { name: '显示完整号码' }).click();
    await expect.poll(async () => (await sheet.textContent()) ?? '').toContain(mobile);
    await page.close();
  }, 60_000);
});
