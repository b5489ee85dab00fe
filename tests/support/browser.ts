import { type Browser, chromium, type Locator } from 'playwright-core';

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
