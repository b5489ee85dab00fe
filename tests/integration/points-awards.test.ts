import { ingestEvents } from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

/**
 * Points for a member activity or an accepted suggestion (issue #16, item 6): a receptionist
 * asks, a manager approves — the points post once — or rejects with a reason; no award goes
 * past the store's cap per member and period (points rules: 1,000 a month by default); and
 * another group never sees or decides a store's requests.
 */
const config = testConfig();
const api = testApi(config);
let group: SeededGroup;
let other: SeededGroup;
let storeId: string;
const as: Record<'hq' | 'manager' | 'receptionist' | 'otherManager', Client> = {
  hq: new Client(api.app),
  manager: new Client(api.app),
  receptionist: new Client(api.app),
  otherManager: new Client(api.app),
};
const base = () => `/v1/stores/${storeId}/membership`;

beforeAll(async () => {
  [group, other] = await Promise.all([seedGroup(api.deps.db), seedGroup(api.deps.db)]);
  storeId = group.storeIds[0] as string;
  await as.hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  await as.manager.login(group.users.cr_manager.email, group.users.cr_manager.password);
  await as.receptionist.login(group.users.receptionist.email, group.users.receptionist.password);
  await as.otherManager.login(other.users.cr_manager.email, other.users.cr_manager.password);
});
afterAll(async () => {
  await api.close();
});

/** A member: a car delivered through the DMS path, and its card issued by HQ. */
async function member(): Promise<{ id: string; customerId: string; balance: number }> {
  const vin = `LSV${uid()}${uid()}`.toUpperCase().slice(0, 17).padEnd(17, '7');
  const result = await ingestEvents({
    db: api.deps.db,
    actor: group.system,
    storeId,
    events: [
      {
        type: 'delivery',
        dmsId: `D-${uid()}`,
        deliveredAt: '2024-01-10T10:00:00+08:00',
        customer: { dmsId: `C-${uid()}`, name: `车主${uid()}`, birthday: '1985-06-01' },
        vehicle: { vin },
      },
    ],
  });
  const vehicleId = result.items[0]?.vehicleId;
  return as.hq.ok('POST', `${base()}/cards`, {
    vehicleId,
    documents: { idCard: true, vehicleLicence: true, drivingLicence: true },
  });
}

const activity = (cardId: string, sourceId = crypto.randomUUID()) => ({
  cardId,
  kind: 'memberActivity',
  sourceId,
  requestedPoints: 500,
});

async function ledgerOf(cardId: string) {
  const page = await as.hq.ok('GET', `${base()}/cards/${cardId}`);
  return {
    balance: page.card.balance as number,
    entries: (page.ledger as { points: number }[]).map((e) => e.points),
  };
}

describe('awards asked for by a receptionist', () => {
  it('mints nothing from ten awards with fresh activity ids: each waits for a manager', async () => {
    const card = await member();
    const outcomes = [];
    for (let i = 0; i < 10; i++)
      outcomes.push(await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id)));
    expect(outcomes.map((o) => [o.request.status, o.request.points, o.posted.length, o.balance])).toEqual(
      Array.from({ length: 10 }, () => ['pending', 500, 0, 0]),
    );
    expect(await ledgerOf(card.id)).toEqual({ balance: 0, entries: [] });
    const pending = await as.manager.ok('GET', `${base()}/points/award-requests`);
    const mine = pending.items.filter((r: { cardId: string }) => r.cardId === card.id);
    expect(mine).toHaveLength(10);
    expect(mine[0]).toMatchObject({
      status: 'pending',
      requestedBy: `receptionist ${group.code}`,
      decidedBy: null,
    });
  });

  it('may not approve or reject one', async () => {
    const card = await member();
    const { request } = await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id));
    const approve = await as.receptionist.request(
      'POST',
      `${base()}/points/award-requests/${request.id}/approve`,
    );
    expect(approve.status).toBe(403);
    const reject = await as.receptionist.request(
      'POST',
      `${base()}/points/award-requests/${request.id}/reject`,
      {
        reason: '重复申请',
      },
    );
    expect(reject.status).toBe(403);
  });

  it('asks once per activity and member however often it is sent', async () => {
    const card = await member();
    const source = crypto.randomUUID();
    const first = await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id, source));
    const again = await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id, source));
    expect(again.request.id).toBe(first.request.id);
  });
});

describe("a manager's decision", () => {
  it('posts an approved award once, however often it is approved', async () => {
    const card = await member();
    const { request } = await as.receptionist.ok('POST', `${base()}/points/awards`, {
      ...activity(card.id),
      note: '春季自驾游',
    });
    const approved = await as.manager.ok('POST', `${base()}/points/award-requests/${request.id}/approve`);
    expect(approved.request).toMatchObject({ status: 'approved', decidedBy: `cr_manager ${group.code}` });
    expect(approved.posted.map((e: { points: number; note: string }) => [e.points, e.note])).toEqual([
      [500, '春季自驾游'],
    ]);
    expect(approved.balance).toBe(500);
    const again = await as.manager.ok('POST', `${base()}/points/award-requests/${request.id}/approve`);
    expect([again.request.status, again.posted, again.balance]).toEqual(['approved', [], 500]);
    expect(await ledgerOf(card.id)).toEqual({ balance: 500, entries: [500] });
  });

  it("posts a manager's own award at once", async () => {
    const card = await member();
    const outcome = await as.manager.ok('POST', `${base()}/points/awards`, {
      cardId: card.id,
      kind: 'suggestionAccepted',
      sourceId: crypto.randomUUID(),
    });
    expect([outcome.request.status, outcome.posted.length, outcome.balance]).toEqual(['approved', 1, 200]);
  });

  it('rejects with a reason, and a rejected award cannot be approved later', async () => {
    const card = await member();
    const { request } = await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id));
    const rejected = await as.manager.ok('POST', `${base()}/points/award-requests/${request.id}/reject`, {
      reason: '未参加活动',
    });
    expect(rejected.request).toMatchObject({ status: 'rejected', decisionNote: '未参加活动' });
    const approve = await as.manager.request('POST', `${base()}/points/award-requests/${request.id}/approve`);
    expect(approve.status).toBe(409);
    expect(approve.body.error.details[0]).toMatchObject({ path: 'awardRequestId' });
    expect(await ledgerOf(card.id)).toEqual({ balance: 0, entries: [] });
  });
});

describe("the store's award cap", () => {
  it('refuses the award past 1,000 points in a month, saying why, when asked and when approved', async () => {
    const card = await member();
    const asked = [];
    for (let i = 0; i < 3; i++)
      asked.push((await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id))).request);
    await as.manager.ok('POST', `${base()}/points/award-requests/${asked[0].id}/approve`);
    await as.manager.ok('POST', `${base()}/points/award-requests/${asked[1].id}/approve`);
    const third = await as.manager.request('POST', `${base()}/points/award-requests/${asked[2].id}/approve`);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('CONFLICT');
    expect(third.body.error.details).toEqual([
      {
        path: 'points',
        message: '超出本月奖励积分上限：上限 1000 分，已得 1000 分，本次 500 分',
      },
    ]);
    // Still pending: the manager may reject it; nothing was posted for it.
    const pending = await as.manager.ok('GET', `${base()}/points/award-requests`);
    expect(pending.items.map((r: { id: string }) => r.id)).toContain(asked[2].id);
    const fourth = await as.receptionist.request('POST', `${base()}/points/awards`, {
      cardId: card.id,
      kind: 'suggestionAccepted',
      sourceId: crypto.randomUUID(),
    });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.details[0]).toMatchObject({
      path: 'points',
      message: '超出本月奖励积分上限：上限 1000 分，已得 1000 分，本次 200 分',
    });
    expect(await ledgerOf(card.id)).toEqual({ balance: 1000, entries: [500, 500] });
  });
});

describe('tenant isolation of award requests', () => {
  it("another group's manager can neither list, approve nor reject them, and its rows hold none", async () => {
    const card = await member();
    const { request } = await as.receptionist.ok('POST', `${base()}/points/awards`, activity(card.id));
    for (const action of ['approve', 'reject']) {
      const reply = await as.otherManager.request(
        'POST',
        `${base()}/points/award-requests/${request.id}/${action}`,
        action === 'reject' ? { reason: '越权' } : undefined,
      );
      expect(reply.status).toBe(404);
    }
    expect((await as.otherManager.request('GET', `${base()}/points/award-requests`)).status).toBe(404);
    const theirStore = `/v1/stores/${other.storeIds[0]}/membership`;
    for (const action of ['approve', 'reject']) {
      const reply = await as.otherManager.request(
        'POST',
        `${theirStore}/points/award-requests/${request.id}/${action}`,
        action === 'reject' ? { reason: '越权' } : undefined,
      );
      expect(reply.status).toBe(404);
    }
    const app = postgres(config.databaseAppUrl, { max: 1, onnotice: () => {} });
    try {
      const seen = await app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${other.tenantId}, true)`;
        return tx`select id from points_award_requests where id = ${request.id}`;
      });
      expect(seen).toHaveLength(0);
      const rewritten = await app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${other.tenantId}, true)`;
        return tx`
          update points_award_requests set status = 'approved', decided_at = now() where id = ${request.id} returning id`;
      });
      expect(rewritten).toHaveLength(0);
      const forged = await app
        .begin(async (tx) => {
          await tx`select set_config('app.tenant_id', ${other.tenantId}, true)`;
          return tx`
            insert into points_award_requests (tenant_id, store_id, card_id, customer_id, kind, source_id, entries, points)
            values (${group.tenantId}, ${storeId}, ${card.id}, ${card.customerId}, 'memberActivity', ${crypto.randomUUID()},
              '[]', 500)`;
        })
        .catch((e: Error) => e);
      expect(forged).toBeInstanceOf(postgres.PostgresError);
      expect((forged as Error).message).toContain('row-level security');
    } finally {
      await app.end();
    }
    const still = await as.manager.ok('GET', `${base()}/points/award-requests`);
    expect(still.items.find((r: { id: string }) => r.id === request.id)?.status).toBe('pending');
  });
});
