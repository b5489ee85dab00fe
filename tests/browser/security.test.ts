import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { hqApi, launchChromium, signIn, textOf } from '../support/browser.ts';
import { deliveryEvent } from '../support/dms.ts';

/** The policy of a server-rendered page, its nonce written as NONCE. */
const pagePolicy =
  "default-src 'self'; connect-src 'self'; font-src 'self' data:; img-src 'self' data:; object-src 'none'; " +
  "script-src 'self' 'nonce-NONCE'; style-src 'self' 'unsafe-inline'; base-uri 'self'; form-action 'self'; " +
  "frame-ancestors 'none'";
/** The policy of every other answer: an endpoint's JSON, a redirect, a refusal. */
const answerPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function hardening(headers: Headers) {
  return {
    csp: headers.get('content-security-policy')?.replace(/'nonce-[^']+'/, "'nonce-NONCE'"),
    nosniff: headers.get('x-content-type-options'),
    frame: headers.get('x-frame-options'),
    referrer: headers.get('referrer-policy'),
    permissions: headers.get('permissions-policy'),
    hsts: headers.get('strict-transport-security'),
  };
}
const hardened = (csp: string) => ({
  csp,
  nosniff: 'nosniff',
  frame: 'DENY',
  referrer: 'same-origin',
  permissions: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // The test stack is plain http, not production.
  hsts: null,
});

const refusal = {
  error: {
    code: 'FORBIDDEN',
    message: '该请求来自其他网站或页面，已拒绝。请在本系统的页面内操作。',
    details: [{ path: 'origin', message: '该请求来自其他网站或页面，已拒绝。请在本系统的页面内操作。' }],
  },
};

describe('the web app’s security headers and its refusal of cross-site requests', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  /** Another origin of the same site (127.0.0.1 on another port), like the probe's page. */
  let otherOrigin: Server;
  let otherUrl: string;

  beforeAll(async () => {
    // Two cars delivered 9 days ago at TJ-BMW: sales callbacks due, shared between its two agents.
    const { call } = await hqApi();
    const { items: stores } = await call('GET', '/stores');
    const store = (stores as { id: string; code: string }[]).find((s) => s.code === 'TJ-BMW');
    if (!store) throw new Error('no TJ-BMW store');
    await call('POST', `/stores/${store.id}/events`, {
      events: [9_160_001, 9_160_002].map((serial) => deliveryEvent(serial, 9)),
    });
    // Their windows open in the worker; then HQ gives both to this agent, so the test does
    // not hang on how the store shares tasks out among its specialists.
    type Item = { id: string; state: string; customerName: string };
    const ours = async () =>
      (
        (await call('GET', `/stores/${store.id}/callback-queue?mine=false`)) as { items: Item[] }
      ).items.filter((item) => item.customerName === '客户9160001' || item.customerName === '客户9160002');
    await vi.waitFor(async () => expect((await ours()).map((item) => item.state)).toEqual(['due', 'due']), {
      timeout: 15_000,
      interval: 200,
    });
    const { items: people } = (await call('GET', `/users?storeId=${store.id}`)) as {
      items: { id: string; email: string | null }[];
    };
    const agentId = people.find((person) => person.email === 'callback.tj@xinbao.demo')?.id;
    if (!agentId) throw new Error('no callback.tj at TJ-BMW');
    await call('POST', `/stores/${store.id}/callback-assignments`, {
      taskIds: (await ours()).map((item) => item.id),
      userId: agentId,
    });

    otherOrigin = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>offer</title><script>
        fetch(${JSON.stringify(`${webUrl}/callbacks/next`)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })
          .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
      </script>`);
    });
    await new Promise<void>((done) => otherOrigin.listen(0, '127.0.0.1', done));
    otherUrl = `http://127.0.0.1:${(otherOrigin.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => otherOrigin?.close(done));
  });

  /** A signed-in tab that records every CSP violation, console error and uncaught error. */
  async function watchedTab(login: string, password: string) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await signIn(page, login, password);
    return { context, page, problems };
  }

  /** The session and store cookies of a signed-in tab, as a Cookie header. */
  async function cookieHeader(context: BrowserContext): Promise<string> {
    return (await context.cookies(webUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  }

  async function queueStates(cookie: string): Promise<string[]> {
    const res = await fetch(`${webUrl}/callbacks/queue`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { state: string }[] }).items.map((item) => item.state);
  }

  async function opens(page: Page, path: string, heading: string) {
    await page.goto(`${webUrl}${path}`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(heading);
  }

  it('loads the login page, 工作台, the charts and the rule editor with no CSP violation', async () => {
    const hq = await watchedTab(inject('hqLogin'), inject('hqPassword'));
    const { page } = hq;
    await opens(page, '/hq/dashboard', '集团看板');
    await page.locator('canvas').first().waitFor();
    await opens(page, '/hq/callback-statistics', '各门店满意率排名');
    await page.locator('canvas').first().waitFor();

    // The rule editor's live check is the page's own POST: it must get through.
    await page.goto(`${webUrl}/admin/rules/callbackWindow`);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('回访窗口');
    const editor = page.getByLabel('规则集 JSON');
    const checked = page.waitForResponse(
      (r) => r.url().endsWith('/validate') && r.request().method() === 'POST',
    );
    await editor.fill(`${await editor.inputValue()}\n`);
    expect((await checked).status()).toBe(200);
    expect(await textOf(page.getByText('校验通过，可以发布'))).toBe('校验通过，可以发布');

    const admin = await watchedTab('admin.bj@xinbao.demo', 'Xinbao-2024');
    await opens(admin.page, '/reports', '北京鑫宝奔驰4S店 门店看板');
    await admin.page.locator('canvas').first().waitFor();
    await opens(admin.page, '/callbacks/statistics', '满意率统计表');
    await admin.page.locator('canvas').first().waitFor();

    expect([...hq.problems, ...admin.problems]).toEqual([]);
    await hq.context.close();
    await admin.context.close();
  });

  /** A fresh tab that records what the CSP refuses and what breaks (a favicon.ico 404 is neither). */
  async function cspWatchedTab() {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return { context, page, problems };
  }

  it('shows the API’s interactive docs under their CSP', async () => {
    const { context, page, problems } = await cspWatchedTab();
    await page.goto(`${inject('apiUrl')}/docs`);
    // swagger-ui's bundle is 1.5 MB of script: on a busy machine it takes its time.
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 45_000 });
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toContain('CRM for dealer groups — API');
    // The operations are listed: swagger-ui fetched /openapi.json and rendered it.
    await page.getByText('/v1/auth/login').first().waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the queue dashboard to the platform operator under its CSP', async () => {
    const { context, page, problems } = await cspWatchedTab();
    const apiUrl = inject('apiUrl');
    // Signed in the way /docs does it: POST /v1/auth/login sets the API's session cookie.
    const login = await context.request.post(`${apiUrl}/v1/auth/login`, {
      data: { login: 'admin@platform.demo', password: 'Xinbao-2024' },
    });
    expect(login.status()).toBe(200);
    await page.goto(`${apiUrl}/admin/queues`);
    // bull-board's React app lists the queues it fetched from its own API.
    await page.getByText('system', { exact: true }).first().waitFor({ timeout: 45_000 });
    // Refused by design, and nothing else: bull-board's Google Fonts stylesheet (the system font stands in).
    expect(problems.filter((problem) => !problem.includes('https://fonts.googleapis.com/'))).toEqual([]);
    await context.close();
  });

  it('puts the headers on a page, a +server.ts answer, a redirect and a 404, with the page’s nonce on its script', async () => {
    const login = await fetch(`${webUrl}/login`);
    expect(login.status).toBe(200);
    expect(hardening(login.headers)).toEqual(hardened(pagePolicy));
    const nonce = login.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1];
    const html = await login.text();
    const scriptNonces = [...html.matchAll(/<script([^>]*)>/g)].map(
      ([, attributes]) => attributes?.match(/nonce="([^"]+)"/)?.[1],
    );
    expect(scriptNonces.length).toBeGreaterThan(0);
    for (const scriptNonce of scriptNonces) expect(scriptNonce).toBe(nonce);

    const redirect = await fetch(`${webUrl}/customers`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect(hardening(redirect.headers)).toEqual(hardened(answerPolicy));

    const agent = await watchedTab('callback.tj@xinbao.demo', 'Xinbao-2024');
    const cookie = await cookieHeader(agent.context);
    const queue = await fetch(`${webUrl}/callbacks/queue`, { headers: { cookie } });
    expect(queue.status).toBe(200);
    expect(queue.headers.get('content-type')).toBe('application/json');
    expect(hardening(queue.headers)).toEqual(hardened(answerPolicy));

    const missing = await fetch(`${webUrl}/no-such-page`, { headers: { cookie } });
    expect(missing.status).toBe(404);
    expect(hardening(missing.headers)).toEqual(hardened(pagePolicy));
    await agent.context.close();
  });

  it('refuses a “next call” posted from another origin of the same site, with or without Origin, and claims nothing', async () => {
    const agent = await watchedTab('callback.tj@xinbao.demo', 'Xinbao-2024');
    const cookie = await cookieHeader(agent.context);
    const before = await queueStates(cookie);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before).not.toContain('inProgress');

    // The probe: the agent, signed in, opens a page on another origin of the same site whose
    // script posts to /callbacks/next with no body and no Content-Type (the cookie goes along).
    const lure = await agent.context.newPage();
    const refused = lure.waitForResponse(`${webUrl}/callbacks/next`);
    await lure.goto(otherUrl);
    expect((await refused).status()).toBe(403);
    await expect.poll(() => lure.title()).toBe('sent');

    // The same by hand: a foreign Origin, and no Origin at all.
    const foreign: Record<string, string>[] = [{ origin: otherUrl }, {}];
    for (const headers of foreign) {
      const res = await fetch(`${webUrl}/callbacks/next`, {
        method: 'POST',
        headers: { cookie, ...headers },
      });
      expect(res.status).toBe(403);
      expect(hardening(res.headers)).toEqual(hardened(answerPolicy));
      expect(await res.json()).toEqual(refusal);
    }
    expect(await queueStates(cookie)).toEqual(before);

    // From the app itself (its own Origin) the same request claims the first task; released again.
    const claimed = await fetch(`${webUrl}/callbacks/next`, {
      method: 'POST',
      headers: { cookie, origin: webUrl },
    });
    expect(claimed.status).toBe(200);
    const { task } = (await claimed.json()) as { task: { task: { id: string } } };
    expect(await queueStates(cookie)).toContain('inProgress');
    const released = await fetch(`${webUrl}/callbacks/${task.task.id}/release`, {
      method: 'POST',
      headers: { cookie, origin: webUrl },
    });
    expect(released.status).toBe(200);
    expect(await queueStates(cookie)).toEqual(before);
    await agent.context.close();
  });
});
