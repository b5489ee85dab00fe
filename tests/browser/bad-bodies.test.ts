import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from '../support/browser.ts';

/**
 * The web's own endpoints read JSON (a call being recorded, a reply checked for forbidden
 * phrases) or a form (language, store switch). A body that is not what they read is the
 * caller's mistake: 400 INVALID_INPUT, never a 500.
 */
describe('the web’s endpoints given a body they cannot read', () => {
  const webUrl = inject('webUrl');
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await signIn(page, inject('hqLogin'), inject('hqPassword'));
  });
  afterAll(() => browser?.close());

  const id = '00000000-0000-4000-8000-000000000000';
  it.each([
    ['a call', `/callbacks/${id}/calls`, '{"outcome": ', 'application/json', 'The body is not valid JSON'],
    ['a call', `/callbacks/${id}/calls`, '', 'application/json', 'The body is empty: send a JSON object'],
    [
      'a phrase check',
      `/complaints/${id}/check-phrases`,
      '{',
      'application/json',
      'The body is not valid JSON',
    ],
    [
      'a phrase check',
      `/complaints/${id}/check-phrases`,
      '',
      'application/json',
      'The body is empty: send a JSON object',
    ],
    ['the language switch', '/locale', '{"locale":"en"}', 'application/json', 'The body is not a form'],
    ['the store switch', '/store', '{"storeId":"x"}', 'application/json', 'The body is not a form'],
  ])('%s given %j → 400 INVALID_INPUT', async (_what, path, body, type, message) => {
    const reply = await page.request.post(`${webUrl}${path}`, {
      data: Buffer.from(body),
      headers: { 'content-type': type, origin: webUrl },
      maxRedirects: 0,
    });
    expect(reply.status()).toBe(400);
    expect(await reply.json()).toEqual({ message, code: 'INVALID_INPUT' });
  });
});
