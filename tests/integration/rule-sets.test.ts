import { effectiveRuleSet } from '@crm/core';
import { type SeededGroup, seedGroup } from '@crm/core/testing';
import { pointsKind } from '@crm/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const api = testApi();
afterAll(() => api.close());

/** The default callback rules with the sales window moved to days `from`–`to`. */
function callbackRules(from: number, to: number, smsFallbackAfterAttempts = 4) {
  return {
    kind: 'callbackWindow',
    smsFallbackAfterAttempts,
    rules: [
      {
        id: 'sales-callback',
        name: `交车后第${from}–${to}天销售回访`,
        priority: 10,
        conditions: { all: [{ fact: 'eventType', operator: 'equal', value: 'delivery' }] },
        event: { type: 'openCallback', params: { callback: 'sales', fromDay: from, toDay: to } },
      },
    ],
  };
}
const delivery = { eventType: 'delivery', occurredOn: '2024-05-01' };

async function signIn(group: SeededGroup, role: keyof SeededGroup['users']): Promise<Client> {
  const client = new Client(api.app);
  const user = group.users[role];
  const reply = await client.login(user.email, user.password);
  if (reply.status !== 200) throw new Error(`login as ${role} failed`);
  return client;
}

describe('rule-set lifecycle at a store', () => {
  let group: SeededGroup;
  let admin: Client;
  let base: string;
  beforeAll(async () => {
    group = await seedGroup(api.deps.db);
    admin = await signIn(group, 'store_admin');
    base = `/v1/stores/${group.storeIds[0]}/rule-sets/callbackWindow`;
  });

  it('lists the eight kinds with their JSON Schemas', async () => {
    const { items } = await admin.ok('GET', '/v1/rule-kinds');
    expect(items.map((k: { name: string }) => k.name)).toEqual([
      'callbackWindow',
      'complaintSla',
      'discountTier',
      'points',
      'smsReminder',
      'questionnaire',
      'classification',
      'quality',
    ]);
    expect(items[0].ruleSetJsonSchema.type).toBe('object');
    expect(items[0].sampleFacts.length).toBeGreaterThan(0);
  });

  it('starts from the built-in default, version 0', async () => {
    const state = await admin.ok('GET', base);
    expect(state.effective).toMatchObject({ scope: 'default', version: 0, ruleSetId: null });
    expect(state.draft).toBeNull();
  });

  it('saves an invalid draft, reports the problem with its JSON path, and refuses to publish it', async () => {
    const saved = await admin.ok('PUT', `${base}/draft`, callbackRules(9, 5));
    expect(saved.draft).toMatchObject({ version: 1, status: 'draft' });
    expect(saved.issues).toEqual([
      expect.objectContaining({
        path: 'rules[0].event.params.toDay',
        message: 'fromDay must not be after toDay.',
      }),
    ]);
    const validation = await admin.ok('POST', `${base}/validate`, {});
    expect(validation.ok).toBe(false);
    expect(validation.issues[0].path).toBe('rules[0].event.params.toDay');

    const refused = await admin.request('POST', `${base}/publish`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_INPUT');
    expect(refused.body.error.details).toEqual([
      { path: 'rules[0].event.params.toDay', message: 'fromDay must not be after toDay.' },
    ]);
  });

  it('simulates the fixed draft against the published version and shows the difference', async () => {
    await admin.ok('PUT', `${base}/draft`, callbackRules(5, 9));
    const simulation = await admin.ok('POST', `${base}/simulate`, {
      samples: [{ label: '交车', facts: delivery, now: '2024-05-01T15:00:00+08:00' }],
    });
    expect(simulation.comparedWith).toEqual({ scope: 'default', version: 0 });
    expect(simulation.draftVersion).toBe(1);
    const [sample] = simulation.samples;
    expect(sample.changed).toBe(true);
    expect(sample.decision.callbacks[0]).toMatchObject({
      fromDay: 5,
      toDay: 9,
      opensOn: '2024-05-06',
      closesOn: '2024-05-10',
    });
    expect(sample.publishedDecision.callbacks[0]).toMatchObject({
      fromDay: 7,
      toDay: 10,
      opensOn: '2024-05-08',
    });
    expect(sample.rules[0]).toMatchObject({ ruleId: 'sales-callback', fired: true });
  });

  it('refuses sample facts that do not fit the kind, naming the field', async () => {
    const reply = await admin.request('POST', `${base}/simulate`, {
      samples: [{ label: 'x', facts: { eventType: 'party', occurredOn: '2024-05-01' } }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('samples.0.facts.eventType');
  });

  it('publishes version 1, which the store then decides with', async () => {
    const published = await admin.ok('POST', `${base}/publish`, { expectedVersion: 1 });
    expect(published).toMatchObject({ version: 1, status: 'published' });
    expect(published.publishedAt).toEqual(expect.any(String));
    const state = await admin.ok('GET', base);
    expect(state.effective).toMatchObject({ scope: 'store', version: 1, ruleSetId: published.id });
    expect(state.draft).toBeNull();

    const effective = await api.deps.db.withTenant(group.tenantId, (tx) =>
      effectiveRuleSet(tx, group.tenantId, group.storeIds[0] as string, 'callbackWindow'),
    );
    expect(effective).toMatchObject({ scope: 'store', version: 1, ruleSetId: published.id });
    const decision = effective.compiled.decide(delivery as never, '2024-05-01') as {
      callbacks: { opensOn: string; decidedBy: { ruleSetVersion: number } }[];
    };
    expect(decision.callbacks[0]).toMatchObject({ opensOn: '2024-05-06', decidedBy: { ruleSetVersion: 1 } });
  });

  it('publishes version 2, archives 1, then rolls back by publishing a copy of 1 as version 3', async () => {
    await admin.ok('PUT', `${base}/draft`, callbackRules(3, 4, 2));
    expect((await admin.ok('POST', `${base}/publish`, {})).version).toBe(2);
    // A draft left open is renumbered after the rollback's copy.
    await admin.ok('PUT', `${base}/draft`, callbackRules(6, 8));

    const rolledBack = await admin.ok('POST', `${base}/rollback`, { version: 1 });
    expect(rolledBack).toMatchObject({ version: 3, status: 'published', copiedFromVersion: 1 });
    expect(rolledBack.body).toEqual(callbackRules(5, 9));

    const { items } = await admin.ok('GET', `${base}/history`);
    expect(items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [4, 'draft'],
      [3, 'published'],
      [2, 'archived'],
      [1, 'archived'],
    ]);
    expect(items[1].authorName).toBe(`store_admin ${group.code}`);
    expect((await admin.ok('GET', base)).effective).toMatchObject({ scope: 'store', version: 3 });
  });

  it('refuses to roll back to the published version or to one that never existed', async () => {
    expect((await admin.request('POST', `${base}/rollback`, { version: 3 })).status).toBe(409);
    expect((await admin.request('POST', `${base}/rollback`, { version: 99 })).status).toBe(404);
    const bad = await admin.request('POST', `${base}/rollback`, { version: 'one' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('version');
  });

  it('refuses a publish whose expected version is stale', async () => {
    const reply = await admin.request('POST', `${base}/publish`, { expectedVersion: 1 });
    expect(reply.status).toBe(409);
    expect(reply.body.error.details[0].path).toBe('expectedVersion');
  });

  it('never lets the application change a published version', async () => {
    await expect(
      api.deps.db.withTenant(
        group.tenantId,
        (tx) => tx`update rule_sets set body = '{}' where status <> 'draft'`,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('says which kinds exist', async () => {
    const reply = await admin.request('GET', `/v1/stores/${group.storeIds[0]}/rule-sets/fortuneTelling`);
    expect(reply.status).toBe(404);
  });
});

describe('store over group precedence', () => {
  it('a store uses the group default until it publishes its own version', async () => {
    const group = await seedGroup(api.deps.db);
    const hq = await signIn(group, 'hq_admin');
    const [s1, s2] = group.storeIds as [string, string];

    await hq.ok('PUT', '/v1/rule-sets/callbackWindow/draft', callbackRules(6, 9));
    expect((await hq.ok('POST', '/v1/rule-sets/callbackWindow/publish', {})).version).toBe(1);
    await hq.ok('PUT', `/v1/stores/${s1}/rule-sets/callbackWindow/draft`, callbackRules(5, 9));
    expect((await hq.ok('POST', `/v1/stores/${s1}/rule-sets/callbackWindow/publish`, {})).version).toBe(1);
    // The group moves on; S1 keeps its own, S2 follows the group.
    await hq.ok('PUT', '/v1/rule-sets/callbackWindow/draft', callbackRules(8, 12));
    expect((await hq.ok('POST', '/v1/rule-sets/callbackWindow/publish', {})).version).toBe(2);

    const opensOn = async (storeId: string) => {
      const effective = await api.deps.db.withTenant(group.tenantId, (tx) =>
        effectiveRuleSet(tx, group.tenantId, storeId, 'callbackWindow'),
      );
      const decision = effective.compiled.decide(delivery as never, '2024-05-01') as {
        callbacks: { opensOn: string }[];
      };
      return [effective.scope, effective.version, decision.callbacks[0]?.opensOn];
    };
    expect(await opensOn(s1)).toEqual(['store', 1, '2024-05-06']);
    expect(await opensOn(s2)).toEqual(['group', 2, '2024-05-09']);
    expect((await hq.ok('GET', `/v1/stores/${s2}/rule-sets/callbackWindow`)).effective).toMatchObject({
      scope: 'group',
      version: 2,
    });
    // The group's own state ignores stores.
    expect((await hq.ok('GET', '/v1/rule-sets/callbackWindow')).effective).toMatchObject({
      scope: 'group',
      version: 2,
    });
  });
});

type Caller =
  | 'hq_admin'
  | 'store_admin'
  | 'cr_manager'
  | 'callback_agent'
  | 'receptionist'
  | 'staff'
  | 'token';
const callers: Caller[] = [
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
  'staff',
  'token',
];
type Outcome = 'ok' | 403 | 404;

describe('who may read and edit rule sets', () => {
  const store = (g: SeededGroup) => `/v1/stores/${g.storeIds[0]}/rule-sets/points`;
  const readers = ['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'];
  const storeRead = (c: Caller): Outcome => (readers.includes(c) ? 'ok' : 403);
  const storeEdit = (c: Caller): Outcome => (c === 'hq_admin' || c === 'store_admin' ? 'ok' : 403);
  const groupOnly = (c: Caller): Outcome => (c === 'hq_admin' ? 'ok' : 403);
  const body = pointsKind.defaults;

  // [method, path, body, expected] — each row runs for every caller against a fresh group.
  const rows: [string, (g: SeededGroup) => string, unknown, (c: Caller) => Outcome][] = [
    ['GET', () => '/v1/rule-kinds', undefined, () => 'ok'],
    ['GET', store, undefined, storeRead],
    ['PUT', (g) => `${store(g)}/draft`, body, storeEdit],
    ['POST', (g) => `${store(g)}/validate`, { body }, storeRead],
    ['POST', (g) => `${store(g)}/simulate`, { body }, storeRead],
    ['POST', (g) => `${store(g)}/publish`, {}, storeEdit],
    ['GET', (g) => `${store(g)}/history`, undefined, storeRead],
    ['POST', (g) => `${store(g)}/rollback`, { version: 1 }, storeEdit],
    ['DELETE', (g) => `${store(g)}/draft`, undefined, storeEdit],
    ['GET', () => '/v1/rule-sets/points', undefined, groupOnly],
    ['PUT', () => '/v1/rule-sets/points/draft', body, groupOnly],
    ['POST', () => '/v1/rule-sets/points/validate', { body }, groupOnly],
    ['POST', () => '/v1/rule-sets/points/simulate', { body }, groupOnly],
    ['POST', () => '/v1/rule-sets/points/publish', {}, groupOnly],
    ['GET', () => '/v1/rule-sets/points/history', undefined, groupOnly],
    ['POST', () => '/v1/rule-sets/points/rollback', { version: 1 }, groupOnly],
    ['DELETE', () => '/v1/rule-sets/points/draft', undefined, groupOnly],
  ];

  it.each(
    rows.map((row) => [`${row[0]} ${row[1]({ storeIds: ['{storeId}'] } as SeededGroup)}`, row] as const),
  )('%s', async (_name, [method, path, requestBody, expected]) => {
    const group = await seedGroup(api.deps.db);
    const hq = await signIn(group, 'hq_admin');
    const { token } = await hq.ok('POST', `/v1/stores/${group.storeIds[0]}/api-tokens`, { name: 'DMS' });
    const actual: Record<string, Outcome | number> = {};
    const wanted: Record<string, Outcome> = {};
    // Versions 1 and 2 published at both scopes, so version 1 can always be rolled back to.
    for (const scope of [store(group), '/v1/rule-sets/points']) {
      for (const _ of [1, 2]) {
        await hq.ok('PUT', `${scope}/draft`, body);
        await hq.ok('POST', `${scope}/publish`, {});
      }
    }
    for (const caller of callers) {
      // Every editing call finds a draft to act on.
      await hq.ok('PUT', `${store(group)}/draft`, body);
      await hq.ok('PUT', '/v1/rule-sets/points/draft', body);
      const client = caller === 'token' ? Client.withToken(api.app, token) : await signIn(group, caller);
      const reply = await client.request(method, path(group), requestBody);
      actual[caller] = reply.status < 300 ? 'ok' : reply.status;
      if (reply.status >= 300 && reply.status !== 403 && reply.status !== 404)
        throw new Error(
          `${method} ${path(group)} as ${caller}: ${reply.status} ${JSON.stringify(reply.body)}`,
        );
      wanted[caller] = expected(caller);
    }
    expect(actual).toEqual(wanted);
  });

  it('hides another group’s store: 404 for its HQ and its store admin, nothing written', async () => {
    const a = await seedGroup(api.deps.db);
    const b = await seedGroup(api.deps.db);
    const bStore = b.storeIds[0] as string;
    for (const role of ['hq_admin', 'store_admin'] as const) {
      const client = await signIn(a, role);
      for (const [method, suffix, requestBody] of [
        ['GET', '', undefined],
        ['PUT', '/draft', body],
        ['POST', '/validate', { body }],
        ['POST', '/simulate', { body }],
        ['POST', '/publish', {}],
        ['GET', '/history', undefined],
        ['POST', '/rollback', { version: 1 }],
      ] as const) {
        const reply = await client.request(
          method,
          `/v1/stores/${bStore}/rule-sets/points${suffix}`,
          requestBody,
        );
        expect({ role, method, suffix, status: reply.status }).toEqual({ role, method, suffix, status: 404 });
      }
    }
    const rows = await api.deps.db.withTenant(b.tenantId, (tx) => tx`select 1 from rule_sets`);
    expect(rows).toHaveLength(0);
  });
});
