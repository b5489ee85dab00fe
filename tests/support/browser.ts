import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium, with everything that would reach the network off (there is none here). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/** Waits until the locator shows, then returns its text; fails the test with the locator's name if it never does. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
  return ((await locator.textContent()) ?? '').trim();
}

/** Signs in through the login page (in Chinese, the default) and waits for the home page. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  const webUrl = inject('webUrl');
  await page.goto(`${webUrl}/login`);
  await page.getByLabel('邮箱或手机号').fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(`${webUrl}/`);
}

/** Picks a store in the shell's store switcher and waits until the page shows it. */
export async function chooseStore(page: Page, storeName: string): Promise<void> {
  await page.getByRole('combobox', { name: '当前门店' }).selectOption({ label: storeName });
  await page.waitForFunction((name) => {
    const select = document.querySelector<HTMLSelectElement>('#store-switcher');
    return select?.selectedOptions[0]?.textContent?.trim() === name;
  }, storeName);
}

/** Picks `YYYY-MM` in the month picker labelled `label` (its year and month selects). */
export async function chooseMonth(page: Page, label: string, month: string): Promise<void> {
  const picker = page.getByRole('group', { name: label, exact: true });
  await picker.getByRole('combobox', { name: '年', exact: true }).selectOption(month.slice(0, 4));
  await picker.getByRole('combobox', { name: '月', exact: true }).selectOption(month.slice(5, 7));
}

/** The API as the demo HQ admin, for a test's setup (cookie session with its CSRF token). */
export async function hqApi() {
  const apiUrl = inject('apiUrl');
  const login = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: inject('hqLogin'), password: inject('hqPassword') }),
  });
  const { session, user } = (await login.json()) as {
    session: { token: string; csrfToken: string };
    user: { id: string };
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${apiUrl}/v1${path}`, {
      method,
      headers: {
        cookie: `crm_session=${session.token}`,
        'x-csrf-token': session.csrfToken,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  return { call, userId: user.id };
}
