import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseStore, launchChromium, signIn, textOf } from '../support/browser.ts';
import { daysAgo, vinFor } from '../support/dms.ts';

/** Calls the API as a DMS or a signed-in person would; fails loudly on anything but 2xx. */
async function call(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${inject('apiUrl')}/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const storeName = '天津鑫宝宝马4S店';

describe('the membership club in the browser', () => {
  const webUrl = inject('webUrl');
  const serial = 8_000_000 + (Date.now() % 1_000_000);
  const vin = vinFor(serial);
  const plate = `津A${String(serial % 100_000).padStart(5, '0')}`;
  const owner = `孙会员${serial % 1000}`;
  const item = { code: `COFFEE-${serial}`, name: `咖啡券${serial % 1000}` };
  let storeId: string;
  let dms: Record<string, string>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // The BMW store's DMS, with a token HQ created, sends the delivery of a car whose owner is
    // an adult on file (the card's eligibility reads the birthday).
    const login = await call('POST', '/auth/login', {
      login: inject('hqLogin'),
      password: inject('hqPassword'),
    });
    const session = login.session as { token: string; csrfToken: string };
    const asHq = { cookie: `crm_session=${session.token}`, 'x-csrf-token': session.csrfToken };
    const me = await call('GET', '/auth/me', undefined, asHq);
    const store = (me.stores as { id: string; name: string }[]).find((s) => s.name === storeName);
    if (!store) throw new Error(`${storeName} is not in tenants-config`);
    storeId = store.id;
    const token = await call(
      'POST',
      `/stores/${storeId}/api-tokens`,
      { name: 'DMS (membership browser test)' },
      asHq,
    );
    dms = { authorization: `Bearer ${token.token as string}` };
    const delivered = await call(
      'POST',
      `/stores/${storeId}/events`,
      {
        events: [
          {
            type: 'delivery',
            dmsId: `D-${serial}`,
            deliveredAt: daysAgo(30),
            salesConsultant: '刘销售',
            customer: {
              dmsId: `C-${serial}`,
              name: owner,
              birthday: '1986-03-12',
              mobile: `137${String(serial).padStart(8, '0')}`,
            },
            vehicle: { vin, plate, brand: '华晨宝马', series: '3系' },
          },
        ],
      },
      dms,
    );
    expect(delivered.counts).toMatchObject({ created: 1, rejected: 0 });

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
    await chooseStore(page, storeName);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('puts an item with its points and stock in the catalogue', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '积分商城' }).click();
    await page.waitForURL(`${webUrl}/membership/catalogue`);
    await page.getByLabel('编码').fill(item.code);
    await page.getByLabel('名称').fill(item.name);
    await page.getByLabel('类别').selectOption({ label: '饮品' });
    await page.getByLabel('所需积分').fill('120');
    await page.getByLabel('库存').fill('5');
    await page.getByRole('button', { name: '保存' }).first().click();
    expect(await textOf(page.getByRole('status'))).toBe(`商品“${item.name}”已保存`);
    const row = await textOf(page.getByRole('row').filter({ hasText: item.code }));
    expect(row).toContain(item.name);
    expect(row).toContain('饮品');
    expect(row).toContain('120');
  });

  it('refuses a card without the documents, beside the documents, then issues it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '会员列表' }).click();
    await page.waitForURL(`${webUrl}/membership`);
    await page.getByRole('link', { name: '+ 办理会员卡' }).click();
    await page.getByLabel('查找车辆').fill(plate);
    await page.getByLabel('查找车辆').press('Enter');
    await page.getByRole('row').filter({ hasText: plate }).getByRole('link', { name: '选择此车' }).click();
    await page.getByRole('row').filter({ hasText: plate }).getByText('已选').waitFor();

    // Two documents seen, the driving licence not: the API says which field is wrong.
    await page.getByLabel('身份证').check();
    await page.getByLabel('行驶证').check();
    await page.getByRole('button', { name: '确认办卡' }).click();
    expect(await textOf(page.getByRole('group', { name: '已核验的证件' }).getByRole('alert'))).toBe(
      '证件不齐：身份证、行驶证、驾驶证须全部核验。',
    );

    await page.getByLabel('驾驶证').check();
    await page.getByRole('button', { name: '确认办卡' }).click();
    await page.waitForURL(/\/membership\/cards\/[0-9a-f-]+\?done=issued$/);
    const heading = await textOf(page.getByRole('heading', { level: 1 }));
    expect(heading).toMatch(/^会员卡 TJ-BMW-\d{6}$/);
    const cardNo = heading.replace('会员卡 ', '');
    expect(await textOf(page.getByRole('status'))).toContain(`会员卡 ${cardNo} 已办理`);
    expect(await textOf(page.getByTestId('balance'))).toBe('0 分');
    expect(await textOf(page.locator('.tiers li[aria-current="true"]'))).toBe('银卡');

    // The new member is in the store's list, found by plate.
    await page.goto(`${webUrl}/membership?q=${encodeURIComponent(plate)}`);
    const row = await textOf(page.getByRole('row').filter({ hasText: cardNo }));
    expect(row).toContain(owner);
    expect(row).toContain('银卡');
    expect(row).toContain('有效');
  });

  it('shows the points a self-paid repair order earned, then redeems an item after confirmation', async () => {
    // The DMS records a self-paid maintenance closed just now, after the card was issued (points
    // are for members only): ¥300 labour + ¥200 parts.
    const recorded = await call(
      'POST',
      `/stores/${storeId}/events`,
      {
        events: [
          {
            type: 'repairOrder',
            dmsId: `O-${serial}`,
            vehicle: { vin },
            orderTypes: ['maintenance'],
            payer: 'self',
            labourFen: 30_000,
            partsFen: 20_000,
            serviceAdvisor: '李顾问',
            mileageKm: 3_000,
            openedAt: daysAgo(0.2),
            closedAt: daysAgo(0),
          },
        ],
      },
      dms,
    );
    expect(recorded.counts).toMatchObject({ created: 1, rejected: 0 });

    await page.getByRole('row').filter({ hasText: plate }).getByRole('link').first().click();
    await page.waitForURL(/\/membership\/cards\//);
    // ¥500 self-paid at 1 point per yuan.
    expect(await textOf(page.getByTestId('balance'))).toBe('500 分');
    const earned = await textOf(page.getByRole('table', { name: '积分明细' }).getByRole('row').nth(1));
    expect(earned).toContain('获得');
    expect(earned).toContain('+500');
    expect(earned).toContain('自费维修消费');
    // What the next tier needs: the ¥500 spent against the threshold of the rule that moves there.
    const progress = await textOf(page.getByTestId('tier-progress'));
    expect(progress).toMatch(/累计消费：当前 ¥500\.00/);
    expect(progress).toContain('未达到');

    await page.getByLabel('兑换商品').selectOption({ label: `${item.name} · 120 分 · 库存 5` });
    await page.getByLabel('数量').fill('2');
    await page.getByRole('button', { name: '下一步' }).click();
    const confirm = page.getByRole('group', { name: '请与会员确认兑换' });
    expect(await textOf(confirm)).toContain(`${item.name} × 2`);
    const sums = await textOf(confirm.locator('dl'));
    expect(sums.replace(/\s+/g, '')).toBe('当前余额500消耗积分−240兑换后余额260');
    // The confirming button has the focus: Enter confirms.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('会员已确认，兑换');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\?done=redeem&rid=/);
    expect(await textOf(page.getByRole('status'))).toBe(
      `已兑换 ${item.name} × 2，扣除 240 分；当前余额 260 分`,
    );
    expect(await textOf(page.getByTestId('balance'))).toBe('260 分');
    const redeemed = await textOf(page.getByRole('table', { name: '积分明细' }).getByRole('row').nth(1));
    expect(redeemed).toContain('兑换');
    expect(redeemed).toContain('-240');

    await page.goto(`${webUrl}/membership/catalogue`);
    expect(await textOf(page.getByRole('row').filter({ hasText: item.code }))).toMatch(/120\s*3/);
  });

  it('quotes an order with the card shown: each discount line names the rule that gave it', async () => {
    await page.goto(`${webUrl}/membership?q=${encodeURIComponent(plate)}`);
    await page.getByRole('row').filter({ hasText: plate }).getByRole('link').first().click();
    await page.getByRole('link', { name: '用此卡试算订单折扣' }).click();
    await page.waitForURL(/\/membership\/quote\?card=/);
    await page.getByLabel('第 1 行 项目').fill('保养工时');
    await page.getByLabel('第 1 行 金额（元）').fill('200');
    await page.getByLabel('第 2 行 项目').fill('机油滤清器');
    await page.getByLabel('第 2 行 金额（元）').fill('100');
    await page.getByRole('button', { name: '试算', exact: true }).click();

    const result = page.getByRole('table', { name: '试算结果' });
    const labour = await textOf(result.getByRole('row').filter({ hasText: '保养工时' }));
    expect(labour).toContain('减 5%');
    expect(labour).toContain('−¥10.00');
    expect(labour).toContain('银卡会员工时9.5折、配件9折');
    const parts = await textOf(result.getByRole('row').filter({ hasText: '机油滤清器' }));
    expect(parts).toContain('减 10%');
    expect(parts).toContain('−¥10.00');
    expect((await textOf(page.locator('.totals .payable'))).replace(/\s+/g, '')).toBe('应付金额¥280.00');

    // Not shown before payment: no discount, and the rule that says so.
    await page.getByLabel('结算交款前已出示会员卡').uncheck();
    await page.getByRole('button', { name: '试算', exact: true }).click();
    await page.getByText('本单不打折：结算交款前未出示会员卡').waitFor();
    expect(await textOf(page.locator('.denied'))).toContain('结算交款前未出示会员卡的不打折');
  });
  it('reports the card lost and reissues it for the fee, each after confirmation; a manager adjusts with a reason', async () => {
    await page.goto(`${webUrl}/membership/catalogue`);
    const fees = page.getByRole('region', { name: '俱乐部费用' });
    await fees.getByLabel('补办卡工本费（元）').fill('30');
    await fees.getByRole('button', { name: '保存' }).click();
    expect(await textOf(fees.getByRole('status'))).toBe('俱乐部费用已保存');

    await page.goto(`${webUrl}/membership?q=${encodeURIComponent(plate)}`);
    await page.getByRole('row').filter({ hasText: plate }).getByRole('link').first().click();
    await page.waitForURL(/\/membership\/cards\//);
    const cardNo = (await textOf(page.getByRole('heading', { level: 1 }))).replace('会员卡 ', '');

    await page.getByRole('link', { name: '挂失', exact: true }).click();
    const lost = page.getByRole('group', { name: '请确认：挂失' });
    expect(await textOf(lost)).toContain(`将卡 ${cardNo} 挂失`);
    await lost.getByRole('button', { name: '确认挂失' }).click();
    expect(await textOf(page.getByRole('status'))).toBe(`卡 ${cardNo} 已挂失`);
    expect(await textOf(page.locator('.page-head'))).toContain('已挂失');

    await page.getByRole('link', { name: '补办', exact: true }).click();
    const reissue = page.getByRole('group', { name: '请确认：补办' });
    expect(await textOf(reissue)).toContain('收取补办工本费 ¥30.00');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('确认补办');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?done=reissue$/);
    const notice = await textOf(page.getByRole('status'));
    expect(notice).toMatch(/^已补办，新卡号 TJ-BMW-\d{6}$/);
    expect(notice).not.toContain(cardNo);
    const history = await textOf(page.getByRole('row').filter({ hasText: '补办' }));
    expect(history).toContain('¥30.00');

    // A one-character reason is refused beside the reason field; a real one is posted.
    await page.getByLabel('调整积分').fill('-10');
    await page.getByLabel('调整原因').fill('错');
    await page.getByRole('button', { name: '提交调整' }).click();
    await page.locator('#adjust-reason-error').waitFor();
    expect(await page.getByLabel('调整原因').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('调整原因').fill('兑换时多计的积分冲回');
    await page.getByRole('button', { name: '提交调整' }).click();
    await page.waitForURL(/\?done=adjust$/);
    expect(await textOf(page.getByRole('status'))).toBe('积分已调整；当前余额 250 分');
    const adjusted = await textOf(page.getByRole('table', { name: '积分明细' }).getByRole('row').nth(1));
    expect(adjusted).toContain('调整');
    expect(adjusted).toContain('-10');
    expect(adjusted).toContain('兑换时多计的积分冲回');

    // The same page in English: nothing of the Chinese chrome is left, only the data.
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await textOf(page.getByRole('heading', { level: 2, name: 'Points ledger' }))).toBe(
      'Points ledger',
    );
    const chrome = (await page.locator('nav, thead, h2, h3, dt, .action-row, label').allInnerTexts()).join(
      '\n',
    );
    expect(chrome).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('shows a corrected repair order as a correcting entry of its source, marked with its revision', async () => {
    // The DMS sends the same order again with ¥100 more labour: the ledger keeps the first
    // entry and appends the difference as revision 1 of the same source.
    const corrected = await call(
      'POST',
      `/stores/${storeId}/events`,
      {
        events: [
          {
            type: 'repairOrder',
            dmsId: `O-${serial}`,
            vehicle: { vin },
            orderTypes: ['maintenance'],
            payer: 'self',
            labourFen: 40_000,
            partsFen: 20_000,
            serviceAdvisor: '李顾问',
            mileageKm: 3_000,
            openedAt: daysAgo(0.2),
            closedAt: daysAgo(0),
          },
        ],
      },
      dms,
    );
    expect(corrected.counts).toMatchObject({ rejected: 0 });

    await page.reload();
    const ledger = page.getByRole('table', { name: 'Points ledger' });
    expect(await textOf(ledger.locator('thead'))).toContain('Revision');
    const correction = await textOf(ledger.getByRole('row').nth(1));
    expect(correction).toContain('+100');
    expect(correction).toContain('Correction #1');
    expect(await textOf(page.getByTestId('balance'))).toBe('350 pts');

    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    const zhLedger = page.getByRole('table', { name: '积分明细' });
    expect(await textOf(zhLedger.locator('thead'))).toContain('修订');
    expect(await textOf(zhLedger.getByRole('row').nth(1))).toContain('更正 #1');
    // The first entry of the order is as it was, with no revision mark.
    const original = await textOf(zhLedger.getByRole('row').filter({ hasText: '+500' }));
    expect(original).toContain('自费维修消费');
    expect(original).not.toContain('更正');
  });

  it("takes a receptionist's activity award as a request, and posts it once a manager approves it", async () => {
    await page.goto(`${webUrl}/membership?q=${encodeURIComponent(plate)}`);
    await page.getByRole('row').filter({ hasText: owner }).getByRole('link').first().click();
    await page.waitForURL(/\/membership\/cards\/[0-9a-f-]+$/);
    const cardUrl = page.url();
    const before = Number.parseInt(await textOf(page.getByTestId('balance')), 10);

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    const reception = await context.newPage();
    await signIn(reception, 'reception.tj@xinbao.demo', inject('hqPassword'));
    await chooseStore(reception, storeName);
    await reception.goto(cardUrl);
    await reception.getByRole('link', { name: '申请积分奖励' }).click();
    await reception.getByLabel('奖励类型').selectOption({ label: '参加会员活动' });
    await reception.getByLabel('申请积分', { exact: true }).fill('300');
    await reception.getByLabel('活动或建议说明').fill(`春季试驾会${serial}`);
    await reception.getByRole('button', { name: '提交申请' }).click();
    expect(await textOf(reception.getByRole('status'))).toBe('申请已提交，等待经理审批。');
    const asked = await textOf(reception.getByRole('row').filter({ hasText: `春季试驾会${serial}` }));
    expect(asked).toContain('300');
    expect(asked).toContain('等待经理审批');
    await context.close();

    // Nothing posted yet; the manager (HQ here) approves it from the store's requests.
    await page.reload();
    expect(Number.parseInt(await textOf(page.getByTestId('balance')), 10)).toBe(before);
    await page.getByRole('navigation').getByRole('link', { name: '积分奖励' }).click();
    await page.waitForURL(`${webUrl}/membership/awards`);
    await page
      .getByRole('row')
      .filter({ hasText: `春季试驾会${serial}` })
      .getByRole('button', { name: '批准' })
      .click();
    expect(await textOf(page.getByRole('status'))).toBe('已批准，积分已入账。');
    await page.goto(cardUrl);
    expect(Number.parseInt(await textOf(page.getByTestId('balance')), 10)).toBe(before + 300);
  });
});
