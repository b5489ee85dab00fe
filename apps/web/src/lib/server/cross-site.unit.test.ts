import { describe, expect, test } from 'vitest';
import { isCrossSiteRequest } from './cross-site';

const app = 'https://crm.dealer.cn';

function request(method: string, headers: Record<string, string>) {
  return { method, headers: new Headers(headers) };
}

describe('isCrossSiteRequest', () => {
  test.each([
    ['GET', {}],
    ['HEAD', { origin: 'https://evil.dealer.cn' }],
    ['OPTIONS', { 'sec-fetch-site': 'cross-site' }],
  ])('lets a %s through whoever sent it', (method, headers) => {
    expect(isCrossSiteRequest(request(method, headers), app)).toBe(false);
  });

  test.each([
    ['POST', { origin: app }],
    ['PUT', { origin: app, 'sec-fetch-site': 'same-origin' }],
    ['DELETE', { origin: app }],
    ['POST', { 'sec-fetch-site': 'same-origin' }],
    ['POST', { 'sec-fetch-site': 'none' }],
  ])('accepts a %s from the app itself (%j)', (method, headers) => {
    expect(isCrossSiteRequest(request(method, headers), app)).toBe(false);
  });

  test.each([
    [
      'another origin of the same site',
      'POST',
      { origin: 'https://evil.dealer.cn', 'sec-fetch-site': 'same-site' },
    ],
    ['another site', 'PATCH', { origin: 'https://evil.example' }],
    ['the same host over plain http', 'POST', { origin: 'http://crm.dealer.cn' }],
    ['the same host on another port', 'POST', { origin: 'https://crm.dealer.cn:8443' }],
    ['a sandboxed frame (Origin null)', 'POST', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['a same-site page without Origin', 'POST', { 'sec-fetch-site': 'same-site' }],
    ['a cross-site page without Origin', 'DELETE', { 'sec-fetch-site': 'cross-site' }],
    ['a sender naming neither', 'POST', {}],
    [
      'a forged Sec-Fetch-Site beside a foreign Origin',
      'POST',
      { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
    ],
  ])('refuses a request from %s', (_, method, headers) => {
    expect(isCrossSiteRequest(request(method, headers), app)).toBe(true);
  });
});
