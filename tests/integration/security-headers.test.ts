import { seedGroup, seedPlatform, testConfig } from '@crm/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const jsonPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const pagePolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
  "frame-ancestors 'none'";

/** What every answer of the API carries, whatever it is. */
function expectHardened(headers: Headers, policy: string) {
  expect({
    csp: headers.get('content-security-policy'),
    nosniff: headers.get('x-content-type-options'),
    frame: headers.get('x-frame-options'),
    referrer: headers.get('referrer-policy'),
    permissions: headers.get('permissions-policy'),
  }).toEqual({
    csp: policy,
    nosniff: 'nosniff',
    frame: 'DENY',
    referrer: 'no-referrer',
    permissions: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  });
}

describe('security headers on the API', () => {
  const api = testApi();
  afterAll(() => api.close());

  it('come with a JSON answer, a refusal, a 404, a bad body and an over-large one', async () => {
    const group = await seedGroup(api.deps.db, { stores: 1 });
    const hq = new Client(api.app);
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const anonymous = new Client(api.app);

    const answers = {
      me: await hq.request('GET', '/v1/auth/me'),
      signedOut: await anonymous.request('GET', '/v1/auth/me'),
      noRoute: await hq.request('GET', '/v1/no-such-thing'),
      badLogin: await anonymous.request('POST', '/v1/auth/login', { login: 42 }),
      tooLarge: await anonymous.request('POST', '/v1/auth/login', {
        login: 'x'.repeat(1_100_000),
        password: 'x',
      }),
      health: await anonymous.request('GET', '/healthz'),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, reply]) => [name, reply.status]))).toEqual({
      me: 200,
      signedOut: 401,
      noRoute: 404,
      badLogin: 400,
      tooLarge: 413,
      health: 200,
    });
    for (const reply of Object.values(answers)) expectHardened(reply.headers, jsonPolicy);
  });

  it('come with the OpenAPI document', async () => {
    const reply = await new Client(api.app).request('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    expectHardened(reply.headers, jsonPolicy);
  });

  it('let the interactive docs load their own script, styles and start-up file, and nothing inline', async () => {
    const client = new Client(api.app);
    const page = await client.request('GET', '/docs');
    expect(page.status).toBe(200);
    expectHardened(page.headers, pagePolicy);
    // No inline script: every <script> names a file on this server.
    const scripts = [...String(page.body).matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts.map(([, attributes, body]) => [attributes?.trim(), body])).toEqual([
      ['src="/docs/assets/swagger-ui-bundle.js"', ''],
      ['src="/docs/init.js"', ''],
    ]);

    const init = await client.download('/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(new TextDecoder().decode(init.bytes)).toBe(
      `SwaggerUIBundle({ url: "/openapi.json", dom_id: '#ui', withCredentials: true, validatorUrl: null });\n`,
    );
    expectHardened(init.headers, pagePolicy);

    const bundle = await client.download('/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expectHardened(bundle.headers, pagePolicy);
  });

  it('come with the queue dashboard, its refusal and its own API', async () => {
    expectHardened((await new Client(api.app).request('GET', '/admin/queues')).headers, pagePolicy);
    const platform = await seedPlatform(api.deps.db);
    const operator = new Client(api.app);
    await operator.login(platform.admin.email, platform.admin.password);
    const page = await operator.request('GET', '/admin/queues');
    expect(page.status).toBe(200);
    expectHardened(page.headers, pagePolicy);
    const queues = await operator.request('GET', '/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expectHardened(queues.headers, pagePolicy);
  });

  it('leave HSTS out when the API is served over plain http', async () => {
    const reply = await new Client(api.app).request('GET', '/healthz');
    expect(reply.headers.get('strict-transport-security')).toBeNull();
  });
});

describe.each([
  ['in production', { NODE_ENV: 'production' }, 'max-age=31536000'],
  ['with COOKIE_SECURE=true', { COOKIE_SECURE: 'true' }, 'max-age=31536000'],
  [
    'in production with COOKIE_SECURE=false (plain http)',
    { NODE_ENV: 'production', COOKIE_SECURE: 'false' },
    null,
  ],
])('HSTS %s', (_, env, expected) => {
  const api = testApi(testConfig({ env }));
  afterAll(() => api.close());

  it(`is ${expected ?? 'not sent'} on a JSON answer and on a 404`, async () => {
    const client = new Client(api.app);
    expect((await client.request('GET', '/healthz')).headers.get('strict-transport-security')).toBe(expected);
    expect((await client.request('GET', '/nowhere')).headers.get('strict-transport-security')).toBe(expected);
  });
});
