import { Writable } from 'node:stream';
import { createApp, type Deps } from '@crm/api';
import { createLogger } from '@crm/core';
import { seedGroup } from '@crm/core/testing';
import { afterAll, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const base = testApi();
afterAll(() => base.close());

it('request logs carry the request id, method, path and status, and no personal data', async () => {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  const deps: Deps = { ...base.deps, log: createLogger({ name: 'api', level: 'info', destination: sink }) };
  const app = createApp(deps);
  const group = await seedGroup(base.deps.db, { stores: 1 });
  const user = group.users.receptionist;
  const client = new Client(app);
  await client.login(user.email, 'wrong-password-1');
  await client.login(user.email, user.password);
  await client.request('POST', '/v1/users', {
    name: '手机号',
    mobile: '13912345678',
    password: 'Secret-pass-9',
    roles: [],
  });

  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const requests = lines.filter((l) => l.msg === 'request');
  expect(requests.map((l) => l.status)).toEqual([401, 200, 400]);
  for (const line of requests) {
    expect(line).toMatchObject({
      requestId: expect.any(String),
      method: 'POST',
      path: expect.stringMatching(/^\/v1\//),
    });
  }
  for (const secret of [user.email, user.password, 'wrong-password-1', '13912345678', 'Secret-pass-9']) {
    expect(text).not.toContain(secret);
  }
});
