import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isolatedDatabase, type SeededGroup, seedGroup, seedPlatform } from '@crm/core/testing';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent, repairOrderEvent } from '../support/dms.ts';
import {
  fillPath,
  type Operation,
  operationsOf,
  routeKey,
  sampleOf,
  stringLeaves,
  withValueAt,
} from '../support/openapi.ts';

/**
 * Every route that takes a JSON body (from the OpenAPI document) meets malformed JSON, a
 * body of the wrong shape, missing fields, wrong types and an oversized body. Each must
 * be a 4xx in the one error shape, with the field path where there is a field; never a 500.
 */
const api = testApi();
let group: SeededGroup;
let hq: Client;
let platform: Client;
let dmsToken: string;
const ids: Record<string, string> = {};

/** The first id in a reply: its own, or its first listed item's. */
function firstId(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.id === 'string') return record.id;
  for (const value of Object.values(record)) {
    const found = Array.isArray(value) ? firstId(value[0]) : firstId(value);
    if (found) return found;
  }
  return undefined;
}

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
  dmsToken = token.token;
  // Real ids for the sweep's paths, so a bad value meets validation rather than a 404.
  const storeId = group.storeIds[0] as string;
  const store = `/v1/stores/${storeId}`;
  const delivered = await hq.ok('POST', `${store}/events`, { events: [deliveryEvent(4242, 8)] });
  ids.vehicleId = delivered.items[0].vehicleId;
  const file = await hq.ok('GET', `${store}/customer-files/${ids.vehicleId}`);
  const found: Record<string, () => Promise<unknown>> = {
    customerId: async () => file.customer?.id,
    taskId: async () => firstId((await hq.request('GET', `${store}/callback-queue`)).body),
    complaintId: async () =>
      firstId(
        (
          await hq.request('POST', `${store}/complaints`, {
            vehicleId: ids.vehicleId,
            channel: 'phone',
            category: 'repairQuality',
            severity: 'ordinary',
            complainantName: '投诉人',
            customerWords: '保养后发动机异响',
            customerDemands: '免费检修',
          })
        ).body,
      ),
    importId: async () =>
      firstId(
        (
          await hq.upload(
            `${store}/imports`,
            'a.csv',
            Buffer.from('客户姓名,联系电话\n张三,13800138000\n'),
            'text/csv',
          )
        ).body,
      ),
    auditId: async () => firstId((await hq.request('POST', `${store}/archive-audits`, {})).body),
    cardId: async () =>
      firstId(
        (
          await hq.request('POST', `${store}/membership/cards`, {
            vehicleId: ids.vehicleId,
            documents: { idCard: true, vehicleLicence: true, drivingLicence: true },
          })
        ).body,
      ),
    meetingId: async () => firstId((await hq.request('GET', `${store}/quality/meetings`)).body),
    notificationId: async () => firstId((await hq.request('GET', '/v1/notifications')).body),
  };
  for (const [name, find] of Object.entries(found)) {
    const id = await find();
    if (typeof id === 'string') ids[name] = id;
  }
  if (ids.auditId) {
    const audit = await hq.request('GET', `${store}/archive-audits/${ids.auditId}`);
    const fileId = firstId(audit.body.files ?? audit.body.items);
    if (fileId) ids.fileId = fileId;
  }
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

/**
 * The outside probe's sweep, kept: every operation of the served document meets NUL
 * characters, years 0000 and 9999, month 0000-01, a 5,000-deep body, malformed, empty and
 * mistyped bodies, and ids that are not ids. Any of them may be refused (4xx) or taken;
 * none may be a 5xx. Path ids are real where a fixture has one, so validation past the 404 is reached.
 */
describe('the bad-input sweep over every operation', async () => {
  const doc = (await new Client(api.app).request('GET', '/openapi.json')).body;
  const ops = operationsOf(doc);
  // Written as text: JSON.stringify itself overflows the stack on 5,000 levels. The sample
  // holds a marker where the deep value goes.
  const deepMarker = '\u0001deep\u0001';
  const deepJson = `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`;
  const monthPattern = (schema: { pattern?: string } | undefined) =>
    Boolean(schema?.pattern?.includes('\\d{4}-('));
  /** The bad values for a string of this schema: NUL always, out-of-range years for dates and months. */
  const badStrings = (schema: { format?: string; pattern?: string }) => [
    { label: 'NUL', value: 'a\u0000b' },
    ...(schema.format === 'date'
      ? [
          { label: 'year 0000', value: '0000-01-01' },
          { label: 'year 9999', value: '9999-12-31' },
        ]
      : schema.format === 'date-time'
        ? [
            { label: 'year 0000', value: '0000-01-01T00:00:00Z' },
            { label: 'year 9999', value: '9999-12-31T23:59:59Z' },
          ]
        : monthPattern(schema)
          ? [
              { label: 'month 0000-01', value: '0000-01' },
              { label: 'month 9999-12', value: '9999-12' },
            ]
          : []),
    ...(schema.format === 'uuid' ? [{ label: 'not a uuid', value: 'not-a-uuid' }] : []),
  ];

  interface Case {
    op: Operation;
    variant: string;
    path: string;
    raw?: string;
    contentType?: string;
  }

  function casesOf(op: Operation): Case[] {
    const cases: Case[] = [];
    const base = fillPath(op.path, ids, op, doc);
    const [pathOnly, query = ''] = base.split('?');
    const json = (variant: string, body: unknown): Case => ({
      op,
      variant,
      path: base,
      raw: JSON.stringify(body).replace(JSON.stringify(deepMarker), deepJson),
      contentType: 'application/json',
    });
    // Path parameters: an id that is not one, and NUL.
    for (const name of op.params) {
      for (const bad of ['not-a-uuid', '\u0000']) {
        const filled = fillPath(op.path, { ...ids, [name]: bad }, op, doc);
        cases.push({ op, variant: `path ${name}=${JSON.stringify(bad)}`, path: filled });
      }
    }
    // Query parameters, each on its own beside the required ones.
    for (const q of op.allQuery) {
      for (const bad of badStrings(q.schema ?? {})) {
        const params = new URLSearchParams(query);
        params.set(q.name, bad.value);
        cases.push({ op, variant: `query ${q.name} ${bad.label}`, path: `${pathOnly}?${params}` });
      }
    }
    // Bodies a route cannot take, whether it has a body or not (a body-less action is not
    // sent an empty or mistyped one: it would simply run).
    if (op.method === 'GET') return cases;
    cases.push({
      op,
      variant: 'malformed JSON',
      path: base,
      raw: '{"name": "未闭合',
      contentType: 'application/json',
    });
    cases.push(json('5,000-deep body', deepMarker));
    if (!op.body) return cases;
    const sample = sampleOf(op.body, doc, ids);
    cases.push({ op, variant: 'empty body', path: base, raw: '', contentType: 'application/json' });
    cases.push({
      op,
      variant: 'wrong content type',
      path: base,
      raw: JSON.stringify(sample),
      contentType: 'text/plain',
    });
    for (const leaf of stringLeaves(op.body, doc)) {
      for (const bad of badStrings(leaf.schema)) {
        const body = withValueAt(sample, leaf.path, bad.value, op.body, doc, ids);
        cases.push(json(`${leaf.path.join('.')} ${bad.label}`, body));
      }
      const body = withValueAt(sample, leaf.path, deepMarker, op.body, doc, ids);
      cases.push(json(`${leaf.path.join('.')} 5,000 deep`, body));
    }
    return cases;
  }

  it('answers no variant of any operation with a 5xx', async () => {
    // Sign-out would end the session the sweep uses: it gets a session of its own.
    const own = new Client(api.app);
    await own.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const dms = Client.withToken(api.app, dmsToken);
    const callerFor = (op: Operation) =>
      op.path.startsWith('/v1/tenants')
        ? platform
        : op.path.endsWith('/auth/logout')
          ? own
          : op.path === '/v1/stores/{storeId}/events'
            ? dms
            : hq;
    const cases = ops.filter((op) => !op.path.startsWith('/admin')).flatMap(casesOf);
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) {
        const c = cases[i] as Case;
        const reply = await callerFor(c.op).request(c.op.method, c.path, undefined, {
          raw: c.raw,
          headers: c.contentType ? { 'content-type': c.contentType } : {},
        });
        if (reply.status >= 500) failures.push(`${routeKey(c.op)} — ${c.variant} → ${reply.status}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: 4 }, worker));
    console.info(
      `sweep: ${cases.length} requests on ${ops.length} operations in ${Math.round(performance.now() - started)} ms; real ids: ${Object.keys(ids).join(', ')}`,
    );
    expect(cases.length).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('a DMS batch with bad events in it', () => {
  it('refuses each bad event on its own with its reason, and takes the rest', async () => {
    const dms = Client.withToken(api.app, dmsToken);
    const store = `/v1/stores/${group.storeIds[0]}`;
    const good = [deliveryEvent(7001), deliveryEvent(7002)];
    const nul = deliveryEvent(7003);
    nul.customer.name = '王\u0000五';
    const year0 = { ...deliveryEvent(7004), deliveredAt: '0000-06-01T08:00:00Z' };
    const year9999 = { ...deliveryEvent(7005), deliveredAt: '9999-12-31T08:00:00Z' };
    const birthday = deliveryEvent(7006);
    Object.assign(birthday.customer, { birthday: '0000-01-01' });
    const reply = await dms.request('POST', `${store}/events`, {
      events: [good[0], nul, year0, year9999, birthday, good[1]],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 4 });
    const refused = reply.body.items
      .filter((i: { status: string }) => i.status === 'rejected')
      .map((i: { index: number; dmsId: string; errors: unknown }) => [i.index, i.dmsId, i.errors]);
    const year = 'the year must be between 1900 and 2100';
    expect(refused).toEqual([
      [1, 'D7003', [{ path: 'customer.name', message: 'must not contain the NUL character (U+0000)' }]],
      [2, 'D7004', [{ path: 'deliveredAt', message: year }]],
      [3, 'D7005', [{ path: 'deliveredAt', message: year }]],
      [4, 'D7006', [{ path: 'customer.birthday', message: year }]],
    ]);
    // The good ones are on file; the bad ones left nothing behind.
    const onFile = await api.deps.db.withTenant(
      group.tenantId,
      (tx) =>
        tx<{ dmsId: string }[]>`select dms_id from deliveries where dms_id like 'D700%' order by dms_id`,
    );
    expect(onFile.map((r) => r.dmsId)).toEqual(['D7001', 'D7002']);
    const customers = await api.deps.db.withTenant(
      group.tenantId,
      (tx) => tx<{ dmsId: string }[]>`select dms_id from customers where dms_id like 'C700%' order by dms_id`,
    );
    expect(customers.map((r) => r.dmsId)).toEqual(['C7001', 'C7002']);
  });
});

describe('a body past MAX_BODY_BYTES over a real keep-alive connection', () => {
  it('is answered 413 with Connection: close, and the next request goes through without a reset', async () => {
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string) =>
      new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: {
              'content-type': 'application/json',
              ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = JSON.stringify({ login: 'x'.repeat(api.deps.config.MAX_BODY_BYTES), password: 'x' });
      const refused = await send('POST', '/v1/auth/login', big);
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe('close');
      expect(JSON.parse(refused.text).error.code).toBe('PAYLOAD_TOO_LARGE');
      // The agent's next request: a fresh connection, answered, no ECONNRESET.
      const next = await send('GET', '/healthz');
      expect(next).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a JSON body sent to the file-upload route', () => {
  it('is capped like any JSON body: past MAX_BODY_BYTES it is 413, not read whole', async () => {
    const big = JSON.stringify({ file: 'x'.repeat(api.deps.config.MAX_BODY_BYTES) });
    const reply = await hq.request('POST', `/v1/stores/${group.storeIds[0]}/imports`, undefined, {
      raw: big,
    });
    expectErrorShape(reply, 413);
    expect(reply.headers.get('connection')).toBe('close');
  });
});

describe('the reasons a bad value is refused', () => {
  it('a NUL character at sign-in → 400 naming the field, not a database error', async () => {
    const reply = await new Client(api.app).request('POST', '/v1/auth/login', {
      login: 'hq\u0000@example.test',
      password: 'x',
    });
    expectErrorShape(reply, 400);
    expect(reply.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: [{ path: 'login', message: 'must not contain the NUL character (U+0000)' }],
    });
  });

  it('%00 in a path → 400, whichever parameter it is in', async () => {
    const reply = await hq.request('GET', '/v1/rule-sets/callback%00Window');
    expectErrorShape(reply, 400);
    expect(reply.body.error.details).toEqual([{ path: '(path)', message: 'must not contain %00' }]);
  });

  it('month=0000-01 → 400 naming month', async () => {
    const reply = await hq.request('GET', `/v1/stores/${group.storeIds[0]}/report-pack?month=0000-01`);
    expectErrorShape(reply, 400);
    expect(reply.body.error.details).toEqual([
      { path: 'month', message: 'the year must be between 1900 and 2100' },
    ]);
  });

  it('a rule-set draft nested 5,000 deep → 400 naming where it got too deep', async () => {
    const raw = `{"body":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const reply = await hq.request('PUT', '/v1/rule-sets/callbackWindow/draft', undefined, { raw });
    expectErrorShape(reply, 400);
    expect(reply.body.error.details).toEqual([
      { path: `body${'.a'.repeat(63)}`, message: 'nested more than 64 levels deep' },
    ]);
  });

  it('an empty JSON body where one is required → 400 INVALID_INPUT', async () => {
    const reply = await hq.request('POST', '/v1/stores', undefined, { raw: '' });
    expectErrorShape(reply, 400);
    expect(reply.body.error.code).toBe('INVALID_INPUT');
  });
});

describe('what the document promises', () => {
  it('a DMS text field documents the limit it enforces: customer.title takes 20 characters, not 21', async () => {
    const doc = (await hq.request('GET', '/openapi.json')).body;
    expect(doc.components.schemas.CustomerInput.properties.title).toEqual({ type: 'string', maxLength: 20 });
    const store = `/v1/stores/${group.storeIds[0]}`;
    const titled = (serial: number, title: string) => {
      const event = deliveryEvent(serial);
      Object.assign(event.customer, { title });
      return event;
    };
    const reply = await hq.ok('POST', `${store}/events`, {
      events: [titled(7101, '总'.repeat(20)), titled(7102, '总'.repeat(21))],
    });
    expect(reply.items.map((i: { status: string; errors: unknown[] }) => [i.status, i.errors])).toEqual([
      ['created', []],
      ['rejected', [{ path: 'customer.title', message: 'Too big: expected string to have <=20 characters' }]],
    ]);
  });

  it('the contact log of another store’s car, or of no car, is 404 — not an empty list', async () => {
    const [first, second] = group.storeIds as [string, string];
    const elsewhere = await hq.ok('POST', `/v1/stores/${second}/events`, { events: [deliveryEvent(7201)] });
    const vehicleId = elsewhere.items[0].vehicleId;
    for (const id of [vehicleId, crypto.randomUUID()]) {
      const reply = await hq.request('GET', `/v1/stores/${first}/lost-customers/${id}/contacts`);
      expectErrorShape(reply, 404);
      expect(reply.body.error.code).toBe('NOT_FOUND');
    }
    // At its own store the car has a log, empty so far.
    expect(await hq.ok('GET', `/v1/stores/${second}/lost-customers/${vehicleId}/contacts`)).toEqual({
      items: [],
    });
  });
});

describe('a DMS event whose write the database refuses', () => {
  it('is refused on its own with the database’s reason; the events around it go in', async () => {
    // A database of its own, whose archive refuses one contract number as a value out of range
    // (the kind of refusal validation cannot foresee): a fault put in by the owner, as in a crash test.
    const iso = await isolatedDatabase({ redis: false });
    const own = testApi(iso.config);
    try {
      await iso.owner.unsafe(`
        create function refuse_contract() returns trigger language plpgsql as $$
        begin
          if new.contract_no = 'HT-REFUSED' then
            raise exception 'contract number out of the archive''s range'
              using errcode = '22003', column = 'contract_no';
          end if;
          return new;
        end $$;
        create trigger refuse_contract before insert or update on deliveries
          for each row execute function refuse_contract();`);
      const seeded = await seedGroup(own.deps.db, { stores: 1 });
      const client = new Client(own.app);
      await client.login(seeded.users.hq_admin.email, seeded.users.hq_admin.password);
      const store = `/v1/stores/${seeded.storeIds[0]}`;
      const refused = { ...deliveryEvent(7302), contractNo: 'HT-REFUSED' };
      const reply = await client.ok('POST', `${store}/events`, {
        events: [deliveryEvent(7301), refused, deliveryEvent(7303), repairOrderEvent(7301)],
      });
      expect(reply.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 1 });
      expect(reply.items[1]).toMatchObject({
        index: 1,
        dmsId: 'D7302',
        status: 'rejected',
        errors: [
          { path: 'contractNo', message: "could not be stored: contract number out of the archive's range" },
        ],
      });
      // The others are on file with what they decided: the order's points and the deliveries' callbacks.
      expect(reply.items.map((i: { status: string }) => i.status)).toEqual([
        'created',
        'rejected',
        'created',
        'created',
      ]);
      const onFile = await iso.owner<{ dmsId: string }[]>`
        select dms_id from deliveries union all select dms_id from repair_orders order by 1`;
      expect(onFile.map((r) => r.dmsId)).toEqual(['D7301', 'D7303', 'O7301']);
      const customers = await iso.owner<{ dmsId: string }[]>`select dms_id from customers order by 1`;
      expect(customers.map((r) => r.dmsId)).toEqual(['C7301', 'C7303']);
    } finally {
      await own.close();
      await iso.drop();
    }
  });
});
