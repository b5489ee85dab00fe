import { type SeededGroup, seedGroup } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent, repairOrderEvent } from '../support/dms.ts';

const api = testApi();
let group: SeededGroup;
let hq: Client;
let storeId: string;
const serial = Math.floor(Math.random() * 1e6) * 10;
beforeAll(async () => {
  group = await seedGroup(api.deps.db, { stores: 2 });
  storeId = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  await hq.ok('POST', `/v1/stores/${storeId}/events`, {
    events: [deliveryEvent(serial, 3), deliveryEvent(serial + 1, 2), repairOrderEvent(serial + 1)],
  });
});
afterAll(() => api.close());

const simulate = (kind: string, body: unknown, scope = `/v1/stores/${storeId}`) =>
  hq.request('POST', `${scope}/rule-sets/${kind}/simulate`, body);

async function defaults(kind: string) {
  const kinds = await hq.ok('GET', '/v1/rule-kinds');
  return structuredClone(kinds.items.find((k: { name: string }) => k.name === kind).defaults);
}

describe("simulating a draft on the store's recorded events", () => {
  it('replays the last deliveries and orders, decided as of when they happened, against the published version', async () => {
    const body = await defaults('callbackWindow');
    const sales = body.rules.find(
      (r: { event: { params: { callback?: string } } }) => r.event.params.callback === 'sales',
    );
    sales.event.params.fromDay = 5;
    sales.event.params.toDay = 9;
    const reply = await simulate('callbackWindow', { body, recentEvents: 10 });
    expect(reply.status).toBe(200);
    const labels = reply.body.samples.map((s: { label: string }) => s.label);
    expect(labels).toHaveLength(3);
    expect(labels[0]).toMatch(new RegExp(`^工单 O${serial + 1}`));
    expect(labels.filter((l: string) => l.startsWith('交车'))).toHaveLength(2);
    const delivery = reply.body.samples.find((s: { label: string }) =>
      s.label.startsWith(`交车 D${serial} `),
    );
    expect(delivery.facts).toMatchObject({ eventType: 'delivery', customer: { vip: false } });
    const [draftCall] = delivery.decision.callbacks;
    const [publishedCall] = delivery.publishedDecision.callbacks;
    const day = (d: string, plus: number) =>
      new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
    expect(draftCall.opensOn).toBe(day(delivery.facts.occurredOn, 5));
    expect(publishedCall.opensOn).toBe(day(delivery.facts.occurredOn, 7));
    expect(delivery.changed).toBe(true);
    expect(reply.body.changedCount).toBe(2);
  });

  it('gives points facts from closed repair orders only', async () => {
    const reply = await simulate('points', { body: await defaults('points'), recentEvents: 10 });
    expect(reply.status).toBe(200);
    expect(reply.body.samples).toHaveLength(1);
    expect(reply.body.samples[0].facts).toEqual({
      eventType: 'repairOrder',
      order: { types: ['firstMaintenance'], payer: 'self', selfPaidFen: 50_000 },
    });
    // The car holds no member card: the rules would give points, ingestion posts none.
    expect(reply.body.samples[0].label).toMatch(/ · 非会员（入账时不积分）$/);
  });

  it('the group default replays events of every store, labelled with the store', async () => {
    const reply = await simulate(
      'callbackWindow',
      { body: await defaults('callbackWindow'), recentEvents: 2 },
      '/v1',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.samples).toHaveLength(2);
    expect(reply.body.samples[0].label).toMatch(/ · S1$/);
  });

  it('refuses kinds without recorded facts, both sources at once, and a store with nothing recorded', async () => {
    const sms = await simulate('smsReminder', { body: await defaults('smsReminder'), recentEvents: 5 });
    expect(sms.status).toBe(400);
    expect(sms.body.error.details[0].path).toBe('recentEvents');
    const both = await simulate('callbackWindow', {
      recentEvents: 5,
      samples: [{ label: 'x', facts: { eventType: 'delivery', occurredOn: '2026-01-01' } }],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.details[0].path).toBe('recentEvents');
    const empty = await hq.request(
      'POST',
      `/v1/stores/${group.storeIds[1]}/rule-sets/callbackWindow/simulate`,
      {
        body: await defaults('callbackWindow'),
        recentEvents: 5,
      },
    );
    expect(empty.status).toBe(400);
  });
});
