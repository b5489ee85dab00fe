import { type SeededGroup, seedGroup, seedPlatform } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { fillPath, operationsOf, routeKey, sampleOf } from '../support/openapi.ts';

/**
 * Every route that takes a JSON body (from the OpenAPI document) meets malformed JSON, a
 * body of the wrong shape, missing fields, wrong types and an oversized body. Each must
 * be a 4xx in the one error shape, with the field path where there is a field; never a 500.
 */
const api = testApi();
let group: SeededGroup;
let hq: Client;
let platform: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  const p = await seedPlatform(api.deps.db);
  platform = new Client(api.app);
  await platform.login(p.admin.email, p.admin.password);
  const token = await hq.ok('POST', `/v1/stores/${group.storeIds[0]}/api-tokens`, { name: 'DMS' });
  const staff = await hq.ok('GET', `/v1/users/${group.users.staff.id}`);
  Object.assign(ids, {
    storeId: group.storeIds[0],
    tenantId: group.tenantId,
    userId: group.users.staff.id,
    tokenId: token.id,
    assignmentId: staff.roles[0].id,
    kind: 'callbackWindow',
  });
});
afterAll(() => api.close());

function expectErrorShape(reply: { status: number; body: unknown }, status: number | number[]) {
  expect([status].flat()).toContain(reply.status);
  expect(reply.body).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) },
  });
}

describe('bad input on every route with a JSON body', async () => {
  const doc = (await new Client(api.app).request('GET', '/openapi.json')).body;
  const ops = operationsOf(doc).filter((op) => op.body && !op.public);
  const callerFor = (path: string) => (path.startsWith('/v1/tenants') ? platform : hq);

  it('finds routes with bodies to try', () => expect(ops.length).toBeGreaterThanOrEqual(8));

  describe.each(ops.map((op) => [routeKey(op), op] as const))('%s', (_key, op) => {
    const path = () => fillPath(op.path, ids, op, doc);

    it('malformed JSON → 400 INVALID_INPUT', async () => {
      const reply = await callerFor(op.path).request(op.method, path(), undefined, {
        raw: '{"name": "未闭合',
      });
      expectErrorShape(reply, 400);
      expect(reply.body.error.code).toBe('INVALID_INPUT');
    });

    it('a JSON array instead of an object → 400 naming the body', async () => {
      const reply = await callerFor(op.path).request(op.method, path(), [1, 2, 3]);
      expectErrorShape(reply, 400);
    });

    it('each required field missing → 400 naming that field', async () => {
      const schema = op.body.$ref ? doc.components.schemas[op.body.$ref.split('/').pop()] : op.body;
      const sample = sampleOf(op.body, doc, ids) as Record<string, unknown>;
      for (const field of schema.required ?? []) {
        const { [field]: _omitted, ...rest } = sample;
        const reply = await callerFor(op.path).request(op.method, path(), rest);
        expectErrorShape(reply, 400);
        expect(reply.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
      }
    });

    it('each property of the wrong type → 400 naming that property', async () => {
      const schema = op.body.$ref ? doc.components.schemas[op.body.$ref.split('/').pop()] : op.body;
      const sample = sampleOf(op.body, doc, ids) as Record<string, unknown>;
      // A property declared as any JSON (a rule set's body) has no wrong type.
      const typed = Object.entries<Record<string, unknown>>(schema.properties ?? {}).filter(([, p]) =>
        Object.keys(p).some((k) => ['type', '$ref', 'enum', 'anyOf', 'oneOf', 'const'].includes(k)),
      );
      for (const [field, prop] of typed) {
        // A number where an object is expected; an object where a scalar or array is.
        const resolved = prop.$ref
          ? doc.components.schemas[String(prop.$ref).split('/').pop() as string]
          : prop;
        const wrong = resolved.type === 'object' ? 12345 : { wrong: true };
        const reply = await callerFor(op.path).request(op.method, path(), { ...sample, [field]: wrong });
        expectErrorShape(reply, 400);
        expect(reply.body.error.details.map((d: { path: string }) => d.path.split('.')[0])).toContain(field);
      }
    });

    it('an oversized body → 413 PAYLOAD_TOO_LARGE', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(api.deps.config.MAX_BODY_BYTES + 10) });
      const reply = await callerFor(op.path).request(op.method, path(), undefined, { raw: big });
      expectErrorShape(reply, 413);
      expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});

describe('bad path and query values', () => {
  it('a path id that is not a uuid → 400 naming the parameter', async () => {
    const reply = await hq.request('GET', '/v1/stores/not-a-uuid');
    expectErrorShape(reply, 400);
    expect(reply.body.error.details[0].path).toBe('storeId');
  });

  it('a query filter of the wrong form → 400 naming the parameter', async () => {
    const reply = await hq.request('GET', '/v1/users?storeId=42');
    expectErrorShape(reply, 400);
    expect(reply.body.error.details[0].path).toBe('storeId');
  });

  it('an unknown route → 404 in the error shape', async () => {
    expectErrorShape(await hq.request('GET', '/v1/nothing-here'), 404);
  });

  it('a field error names nested paths (roles.0.position)', async () => {
    const reply = await hq.request('POST', '/v1/users', {
      name: '张三',
      email: 'zhangsan@example.test',
      password: 'Passw0rd-long',
      roles: [{ role: 'staff', storeId: group.storeIds[0] }],
    });
    expectErrorShape(reply, 400);
    expect(reply.body.error.details).toContainEqual({
      path: 'roles.0.position',
      message: 'staff need a position',
    });
    // Nothing half-written: the person does not exist.
    const users = await hq.ok('GET', '/v1/users');
    expect(users.items ?? users).not.toContainEqual(
      expect.objectContaining({ email: 'zhangsan@example.test' }),
    );
  });
});
