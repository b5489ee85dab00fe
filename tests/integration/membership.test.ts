import {
  type Actor,
  createDatabase,
  ingestEvents,
  issueMemberCard,
  redeemPoints,
  reissueMemberCard,
  reportMemberCardLost,
  runMembershipNightly,
} from '@crm/core';
import { type SeededGroup, seedGroup, testConfig, uid } from '@crm/core/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

/**
 * The membership club end to end: cards and their states, discounts on a quote, points
 * earned from repair orders (members only, self-paid only, once per order, corrections as
 * new entries of an append-only ledger), awards, redemptions under concurrency, and the
 * nightly scan (card expiry, tier moves, points expiry) on a fixed clock.
 */
const config = testConfig();
const api = testApi(config);
// Enough connections for 50 redemptions to really run side by side.
const wide = createDatabase({ url: config.databaseAppUrl, max: 25 });
let group: SeededGroup;
let storeId: string;
let hq: Client;
let hqActor: Actor;
const base = () => `/v1/stores/${storeId}/membership`;

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  hq = new Client(api.app);
  await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
  hqActor = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
});
afterAll(async () => {
  await wide.close();
  await api.close();
});

const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const randomVin = () => Array.from({ length: 17 }, () => vinChars[Math.floor(Math.random() * 33)]).join('');

/** A car delivered to a new customer through the DMS path; returns its vehicle id. */
async function carOnFile({
  birthday = '1985-06-01',
  deliveredAt = '2024-01-10T10:00:00+08:00',
}: {
  birthday?: string;
  deliveredAt?: string;
} = {}): Promise<{ vehicleId: string; vin: string; customerDmsId: string }> {
  const vin = randomVin();
  const customerDmsId = `C-${uid()}`;
  const result = await ingestEvents({
    db: api.deps.db,
    actor: group.system,
    storeId,
    now: new Date(deliveredAt),
    events: [
      {
        type: 'delivery',
        dmsId: `D-${uid()}`,
        deliveredAt,
        customer: { dmsId: customerDmsId, name: `车主${uid()}`, birthday },
        vehicle: { vin },
      },
    ],
  });
  const vehicleId = result.items[0]?.vehicleId;
  if (!vehicleId) throw new Error(`delivery rejected: ${JSON.stringify(result.items[0])}`);
  return { vehicleId, vin, customerDmsId };
}

interface Order {
  dmsId?: string;
  orderTypes: string[];
  payer: 'self' | 'insurance' | 'warranty' | 'freeMaintenance';
  labourFen: number;
  partsFen: number;
  split?: { selfPaidFen: number; insuranceFen: number; warrantyFen: number; freeMaintenanceFen: number };
  closedAt: string;
}

async function repairOrder(vin: string, order: Order) {
  const { closedAt, dmsId = `RO-${uid()}`, ...rest } = order;
  const event = { type: 'repairOrder', dmsId, vehicle: { vin }, openedAt: closedAt, closedAt, ...rest };
  const result = await ingestEvents({
    db: api.deps.db,
    actor: group.system,
    storeId,
    now: new Date(closedAt),
    events: [event],
  });
  const item = result.items[0];
  if (!item || item.status === 'rejected') throw new Error(`order rejected: ${JSON.stringify(item)}`);
  return { event, item };
}

const documents = { idCard: true, vehicleLicence: true, drivingLicence: true };

async function issue(vehicleId: string) {
  return hq.ok('POST', `${base()}/cards`, { vehicleId, documents });
}

/** A card issued on a fixed clock (before the orders a test records), as the counter would. */
async function issueAt(vehicleId: string, at: string) {
  return issueMemberCard({
    db: api.deps.db,
    actor: hqActor,
    storeId,
    input: { vehicleId, documents },
    now: new Date(at),
  });
}

async function ledgerOf(cardId: string) {
  const page = await hq.ok('GET', `${base()}/cards/${cardId}`);
  const sum = page.ledger.reduce((s: number, e: { points: number }) => s + e.points, 0);
  return { balance: page.card.balance as number, sum, page };
}

describe('cards', () => {
  it("shows what the next tier needs, read off the store's classification rules", async () => {
    const car = await carOnFile();
    const card = await issue(car.vehicleId);
    const { page } = await ledgerOf(card.id);
    expect(page.progress.nextTier).toEqual({ code: 'silver', label: '银卡' });
    expect(page.progress.ruleId).toEqual(expect.any(String));
    const spend = page.progress.requirements.find((r: { fact: string }) => r.fact === 'spend.cumulativeFen');
    expect(spend).toMatchObject({ current: page.cumulativeSpendFen, met: false });
    expect(spend.required).toBeGreaterThan(page.cumulativeSpendFen);
  });

  it('issues one card per car, valid three years, at the lowest tier', async () => {
    const car = await carOnFile();
    const card = await issue(car.vehicleId);
    expect(card).toMatchObject({ tier: 'member', status: 'active', vehicleId: car.vehicleId, balance: 0 });
    expect(card.cardNo).toMatch(/^S1-\d{6}$/);
    const [y, m, d] = card.issuedOn.split('-').map(Number);
    const until = new Date(Date.UTC(y + 3, m - 1, d - 1)).toISOString().slice(0, 10);
    expect(card.validUntil).toBe(until);

    const again = await hq.request('POST', `${base()}/cards`, { vehicleId: car.vehicleId, documents });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('vehicleId');
  });

  it('refuses an owner under 18 and incomplete documents, naming each', async () => {
    const young = await carOnFile({ birthday: '2015-01-01' });
    const reply = await hq.request('POST', `${base()}/cards`, {
      vehicleId: young.vehicleId,
      documents: { ...documents, drivingLicence: false },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([
      { path: 'vehicleId', message: 'ownerUnder18' },
      { path: 'documents', message: 'documentsIncomplete' },
    ]);
  });

  it('reports lost, reissues under a new number for the fee, refuses an early renewal, cancels', async () => {
    await hq.ok('PUT', `${base()}/settings`, { joiningFeeFen: 0, reissueFeeFen: 3000 });
    const car = await carOnFile();
    const card = await issue(car.vehicleId);
    const lost = await hq.ok('POST', `${base()}/cards/${card.id}/report-lost`);
    expect(lost.status).toBe('lost');
    const quote = await hq.ok('POST', `${base()}/quotes`, {
      orderTypes: ['maintenance'],
      payer: 'self',
      lines: [{ kind: 'labour', description: '保养工时', amountFen: 20000 }],
      cardId: card.id,
      cardPresented: true,
    });
    expect(quote).toMatchObject({ totalDiscountFen: 0, denied: { reason: 'cardLost' } });

    const reissued = await hq.ok('POST', `${base()}/cards/${card.id}/reissue`);
    expect(reissued.status).toBe('active');
    expect(reissued.cardNo).not.toBe(card.cardNo);
    expect(reissued.validUntil).toBe(card.validUntil);
    const early = await hq.request('POST', `${base()}/cards/${card.id}/renew`);
    expect(early.status).toBe(409);

    const { page } = await ledgerOf(card.id);
    expect(page.history.map((h: { kind: string; feeFen: number }) => [h.kind, h.feeFen])).toEqual([
      ['reissued', 3000],
      ['reportedLost', 0],
      ['issued', 0],
    ]);
    const cancelled = await hq.ok('POST', `${base()}/cards/${card.id}/cancel`);
    expect(cancelled.status).toBe('cancelled');
    // The car may join again once its card is cancelled.
    expect((await issue(car.vehicleId)).status).toBe('active');
  });

  it('lists members by plate, VIN tail or card number', async () => {
    const car = await carOnFile();
    const card = await issue(car.vehicleId);
    const byVin = await hq.ok('GET', `${base()}/cards?q=${car.vin.slice(-6)}`);
    expect(byVin.items.map((c: { id: string }) => c.id)).toContain(card.id);
    const byNo = await hq.ok('GET', `${base()}/cards?q=${card.cardNo}`);
    expect(byNo).toMatchObject({ total: 1, items: [{ id: card.id }] });
  });
});

describe('discounts on a quote (discountTier rules)', () => {
  let cardId: string;
  beforeAll(async () => {
    cardId = (await issue((await carOnFile()).vehicleId)).id;
  });
  const lines = [
    { kind: 'labour', description: '更换机油', amountFen: 333 },
    { kind: 'labour', description: '检查底盘', amountFen: 667 },
    { kind: 'parts', description: '机油滤清器', amountFen: 10001 },
  ];

  it('gives a 会员卡 member 5 % off labour and parts (9.5 折), line by line, citing the rule', async () => {
    const quote = await hq.ok('POST', `${base()}/quotes`, {
      orderTypes: ['maintenance'],
      payer: 'self',
      lines,
      cardId,
      cardPresented: true,
    });
    // Labour 1000 × 5 % = 50 shared 16.65 / 33.35 → 17 / 33; parts 10001 × 5 % = 500.05 → 500.
    expect(
      quote.discountLines.map((l: { lineIndex: number; discountFen: number }) => [
        l.lineIndex,
        l.discountFen,
      ]),
    ).toEqual([
      [0, 17],
      [1, 33],
      [2, 500],
    ]);
    expect(new Set(quote.discountLines.map((l: { ruleId: string }) => l.ruleId))).toEqual(
      new Set(['member-discount']),
    );
    expect(quote).toMatchObject({
      labourFen: 1000,
      partsFen: 10001,
      totalDiscountFen: 550,
      payableFen: 10451,
    });
  });

  it.each([
    ['an accident repair paid by the insurer', ['insuranceRepair'], 'insurance', true, 'insuranceRepair'],
    [
      'an accident repair the customer pays',
      ['insuranceRepair', 'bodyPaint'],
      'self',
      true,
      'insuranceRepair',
    ],
    ['a card not shown before payment', ['maintenance'], 'self', false, 'cardNotPresented'],
  ])('gives nothing on %s', async (_name, orderTypes, payer, cardPresented, reason) => {
    const quote = await hq.ok('POST', `${base()}/quotes`, {
      orderTypes,
      payer,
      lines,
      cardId,
      cardPresented,
    });
    expect(quote).toMatchObject({
      discountLines: [],
      totalDiscountFen: 0,
      payableFen: 11001,
      denied: { reason },
    });
  });

  it('gives nothing without a card', async () => {
    const quote = await hq.ok('POST', `${base()}/quotes`, {
      orderTypes: ['maintenance'],
      payer: 'self',
      lines,
      cardPresented: false,
    });
    // The rule that asks for the card shown before payment is the one that says no.
    expect(quote).toMatchObject({
      totalDiscountFen: 0,
      member: null,
      denied: { reason: 'cardNotPresented', ruleId: 'card-presented-before-payment' },
    });
  });
});

describe('points from repair orders (points rules)', () => {
  it('earns on the self-paid share only, once per order however often it is sent', async () => {
    const car = await carOnFile();
    const card = await issueAt(car.vehicleId, '2024-02-01T10:00:00+08:00');
    const order: Order = {
      dmsId: `RO-${uid()}`,
      orderTypes: ['minorRepair'],
      payer: 'self',
      labourFen: 50_000,
      partsFen: 50_000,
      split: { selfPaidFen: 30_050, insuranceFen: 69_950, warrantyFen: 0, freeMaintenanceFen: 0 },
      closedAt: '2024-03-01T15:00:00+08:00',
    };
    await repairOrder(car.vin, order);
    await repairOrder(car.vin, order);
    await repairOrder(car.vin, order);
    const { balance, sum, page } = await ledgerOf(card.id);
    // ¥300.50 self-paid → 300 points (whole yuan), once.
    expect(page.ledger.map((e: { points: number; reason: string }) => [e.points, e.reason])).toEqual([
      [300, 'selfPaidSpend'],
    ]);
    expect([balance, sum]).toEqual([300, 300]);
  });

  it.each([
    ['insurance', ['insuranceRepair']],
    ['freeMaintenance', ['firstMaintenance']],
    ['warranty', ['warrantyClaim']],
  ] as const)('earns nothing on an order paid by %s', async (payer, orderTypes) => {
    const car = await carOnFile();
    const card = await issueAt(car.vehicleId, '2024-02-01T10:00:00+08:00');
    await repairOrder(car.vin, {
      orderTypes: [...orderTypes],
      payer,
      labourFen: 80_000,
      partsFen: 20_000,
      closedAt: '2024-03-02T15:00:00+08:00',
    });
    const { balance, page } = await ledgerOf(card.id);
    expect([balance, page.ledger.length]).toEqual([0, 0]);
  });

  it('earns nothing for a car without a card when the order closed; a card issued later earns from its day on', async () => {
    const car = await carOnFile();
    const earlier: Order = {
      dmsId: `RO-${uid()}`,
      orderTypes: ['minorRepair'],
      payer: 'self',
      labourFen: 40_000,
      partsFen: 0,
      closedAt: '2024-03-01T15:00:00+08:00',
    };
    const before = await repairOrder(car.vin, earlier);
    expect(before.item.decisions.filter((d) => d.kind === 'points')).toEqual([]);
    // Issued at the counter half an hour after the second visit closed, the same day: that visit earns.
    const card = await issueAt(car.vehicleId, '2024-04-02T09:00:00+08:00');
    const sameDay = await repairOrder(car.vin, {
      ...earlier,
      dmsId: `RO-${uid()}`,
      closedAt: '2024-04-02T08:30:00+08:00',
    });
    expect(sameDay.item.decisions.filter((d) => d.kind === 'points')).toEqual([
      expect.objectContaining({ points: 400, reason: 'selfPaidSpend', revision: 0 }),
    ]);
    // The first order corrected after the card was issued: it closed before, so still nothing.
    const corrected = await repairOrder(car.vin, { ...earlier, labourFen: 50_000 });
    expect(corrected.item.status).toBe('updated');
    expect(corrected.item.decisions.filter((d) => d.kind === 'points')).toEqual([]);
    const { balance, sum, page } = await ledgerOf(card.id);
    expect(page.ledger.map((e: { points: number }) => e.points)).toEqual([400]);
    expect([balance, sum]).toEqual([400, 400]);
  });

  it('earns nothing while the card is reported lost, and again once it is reissued', async () => {
    const car = await carOnFile();
    const card = await issueAt(car.vehicleId, '2024-02-01T10:00:00+08:00');
    const lostAt = { db: api.deps.db, actor: hqActor, storeId, cardId: card.id };
    await reportMemberCardLost({ ...lostAt, now: new Date('2024-03-01T10:00:00+08:00') });
    const selfPaid = (closedAt: string) =>
      repairOrder(car.vin, {
        orderTypes: ['minorRepair'],
        payer: 'self',
        labourFen: 10_000,
        partsFen: 0,
        closedAt,
      });
    await selfPaid('2024-03-05T15:00:00+08:00');
    await reissueMemberCard({ ...lostAt, now: new Date('2024-03-10T10:00:00+08:00') });
    await selfPaid('2024-03-12T15:00:00+08:00');
    const { balance, page } = await ledgerOf(card.id);
    expect(page.ledger.map((e: { points: number }) => e.points)).toEqual([100]);
    expect(balance).toBe(100);
  });

  it('posts a corrected order as a new entry for the difference, once; the entries are never rewritten', async () => {
    const car = await carOnFile();
    const card = await issueAt(car.vehicleId, '2024-02-01T10:00:00+08:00');
    const order: Order = {
      dmsId: `RO-${uid()}`,
      orderTypes: ['minorRepair'],
      payer: 'self',
      labourFen: 60_000,
      partsFen: 40_000,
      closedAt: '2024-03-01T15:00:00+08:00',
    };
    const first = await repairOrder(car.vin, order);
    expect(first.item.status).toBe('created');
    // The DMS corrects the parts: ¥1,000 becomes ¥600, 400 points are taken back.
    const corrected = await repairOrder(car.vin, { ...order, partsFen: 0 });
    expect(corrected.item.status).toBe('updated');
    expect(corrected.item.decisions.filter((d) => d.kind === 'points')).toEqual([
      expect.objectContaining({
        points: -400,
        reason: 'selfPaidSpend',
        revision: 1,
        ruleId: 'self-paid-spend',
      }),
    ]);
    const replay = await repairOrder(car.vin, { ...order, partsFen: 0 });
    expect(replay.item.status).toBe('unchanged');
    // And back again: a third entry; then the insurer pays it all: everything is taken back.
    await repairOrder(car.vin, order);
    await repairOrder(car.vin, { ...order, orderTypes: ['insuranceRepair'], payer: 'insurance' });
    const { balance, sum, page } = await ledgerOf(card.id);
    expect(
      page.ledger
        .map((e: { points: number; revision: number; sourceId: string }) => [
          e.points,
          e.revision,
          e.sourceId,
        ])
        .reverse(),
    ).toEqual([
      [1000, 0, first.item.id],
      [-400, 1, first.item.id],
      [400, 2, first.item.id],
      [-1000, 3, first.item.id],
    ]);
    expect([balance, sum]).toEqual([0, 0]);
  });

  it('takes back no more than the balance holds when a corrected order earns less than was spent', async () => {
    const car = await carOnFile();
    const card = await issueAt(car.vehicleId, '2024-02-01T10:00:00+08:00');
    const order: Order = {
      dmsId: `RO-${uid()}`,
      orderTypes: ['minorRepair'],
      payer: 'self',
      labourFen: 100_000,
      partsFen: 0,
      closedAt: '2024-03-01T15:00:00+08:00',
    };
    await repairOrder(car.vin, order);
    await hq.ok('POST', `${base()}/points/adjustments`, {
      cardId: card.id,
      points: -800,
      reason: '兑换补录',
    });
    const corrected = await repairOrder(car.vin, { ...order, labourFen: 0 });
    expect(corrected.item.decisions.filter((d) => d.kind === 'points')).toEqual([
      expect.objectContaining({ points: -200, revision: 1 }),
    ]);
    const { balance, sum, page } = await ledgerOf(card.id);
    expect([balance, sum]).toEqual([0, 0]);
    expect(page.ledger[0]).toMatchObject({ points: -200, note: '冲正受余额限制：800 分未能扣回' });
  });

  it('refuses to rewrite or delete a ledger entry, for the application and for the owner alike', async () => {
    const card = await issueAt((await carOnFile()).vehicleId, '2024-02-01T10:00:00+08:00');
    await hq.ok('POST', `${base()}/points/adjustments`, { cardId: card.id, points: 50, reason: '补录' });
    const [entry] = (await ledgerOf(card.id)).page.ledger;
    await expect(
      api.deps.db.withTenant(
        group.tenantId,
        (tx) => tx`update points_entries set points = 5000 where id = ${entry.id}`,
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const owner = postgres(config.DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      for (const statement of [
        owner`update points_entries set points = 5000 where id = ${entry.id}`,
        owner`delete from points_entries where id = ${entry.id}`,
      ])
        await expect(statement).rejects.toMatchObject({ code: '23001' });
    } finally {
      await owner.end();
    }
    const { balance, sum } = await ledgerOf(card.id);
    expect([balance, sum]).toEqual([50, 50]);
  });

  it('awards an activity within 200–500 and a suggestion 200, each once per member', async () => {
    const card = await issue((await carOnFile()).vehicleId);
    const activity = crypto.randomUUID();
    const first = await hq.ok('POST', `${base()}/points/awards`, {
      cardId: card.id,
      kind: 'memberActivity',
      sourceId: activity,
      requestedPoints: 800,
    });
    expect(first.posted.map((e: { points: number }) => e.points)).toEqual([500]);
    const replay = await hq.ok('POST', `${base()}/points/awards`, {
      cardId: card.id,
      kind: 'memberActivity',
      sourceId: activity,
      requestedPoints: 300,
    });
    expect([replay.request.id, replay.posted, replay.balance]).toEqual([first.request.id, [], 500]);
    const suggestion = await hq.ok('POST', `${base()}/points/awards`, {
      cardId: card.id,
      kind: 'suggestionAccepted',
      sourceId: crypto.randomUUID(),
    });
    expect(suggestion.balance).toBe(700);
  });

  it('lets a manager adjust with a reason, never below zero', async () => {
    const card = await issue((await carOnFile()).vehicleId);
    await hq.ok('POST', `${base()}/points/adjustments`, {
      cardId: card.id,
      points: 120,
      reason: '系统迁移补录',
    });
    const over = await hq.request('POST', `${base()}/points/adjustments`, {
      cardId: card.id,
      points: -121,
      reason: '更正',
    });
    expect(over.status).toBe(409);
    const reply = await hq.ok('POST', `${base()}/points/adjustments`, {
      cardId: card.id,
      points: -120,
      reason: '更正',
    });
    expect(reply.balance).toBe(0);
    const { page } = await ledgerOf(card.id);
    expect(page.ledger.map((e: { note: string }) => e.note)).toEqual(['更正', '系统迁移补录']);
  });
});

describe('redemption', () => {
  it('50 concurrent redemptions against one balance never overdraw it, and the ledger sums to the balance', async () => {
    const card = await issue((await carOnFile()).vehicleId);
    await hq.ok('POST', `${base()}/points/adjustments`, {
      cardId: card.id,
      points: 1000,
      reason: '测试充值',
    });
    const item = await hq.ok('POST', `${base()}/catalogue`, {
      code: `WASH${uid()}`,
      name: '精致洗车',
      category: 'carWash',
      pointsCost: 30,
      stock: 100,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        redeemPoints({
          db: wide,
          actor: hqActor,
          storeId,
          input: { cardId: card.id, itemId: item.id, quantity: 1, confirmed: true },
        }),
      ),
    );
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    // 1000 points buy 33 washes at 30; the other 17 are refused as conflicts.
    expect([done.length, refused.length]).toEqual([33, 17]);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const { balance, sum } = await ledgerOf(card.id);
    expect([balance, sum]).toEqual([10, 10]);
    const catalogue = await hq.ok('GET', `${base()}/catalogue`);
    expect(catalogue.items.find((i: { id: string }) => i.id === item.id).stock).toBe(67);
  });

  it('needs confirmation, refuses what stock cannot cover, and redeems once per redemption id', async () => {
    const card = await issue((await carOnFile()).vehicleId);
    await hq.ok('POST', `${base()}/points/adjustments`, { cardId: card.id, points: 500, reason: '测试充值' });
    const item = await hq.ok('POST', `${base()}/catalogue`, {
      code: `TEA${uid()}`,
      name: '休息区饮品',
      category: 'drink',
      pointsCost: 50,
      stock: 2,
    });
    const unconfirmed = await hq.request('POST', `${base()}/redemptions`, {
      cardId: card.id,
      itemId: item.id,
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.details.map((d: { path: string }) => d.path)).toContain('confirmed');
    const tooMany = await hq.request('POST', `${base()}/redemptions`, {
      cardId: card.id,
      itemId: item.id,
      quantity: 3,
      confirmed: true,
    });
    expect(tooMany.status).toBe(409);
    const redemptionId = crypto.randomUUID();
    const body = { cardId: card.id, itemId: item.id, quantity: 2, confirmed: true, redemptionId };
    const first = await hq.ok('POST', `${base()}/redemptions`, body);
    const again = await hq.ok('POST', `${base()}/redemptions`, body);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ points: 100, balance: 400, stockLeft: 0 });
  });
});

describe('the nightly scan on a fixed clock', () => {
  it('expires unspent points on their day (spending the earliest first), once', async () => {
    const rulesKinds = await hq.ok('GET', '/v1/rule-kinds');
    const points = rulesKinds.items.find((k: { name: string }) => k.name === 'points');
    await hq.ok('PUT', `/v1/stores/${storeId}/rule-sets/points/draft`, {
      ...points.defaults,
      expireAfterMonths: 12,
    });
    await hq.ok('POST', `/v1/stores/${storeId}/rule-sets/points/publish`, {});
    try {
      const car = await carOnFile();
      const card = await issueMemberCard({
        db: api.deps.db,
        actor: hqActor,
        storeId,
        input: { vehicleId: car.vehicleId, documents },
        now: new Date('2024-01-15T03:00:00Z'),
      });
      await repairOrder(car.vin, {
        orderTypes: ['minorRepair'],
        payer: 'self',
        labourFen: 100_000,
        partsFen: 0,
        closedAt: '2024-01-15T11:00:00+08:00',
      });
      const item = await hq.ok('POST', `${base()}/catalogue`, {
        code: `TRIP${uid()}`,
        name: '自驾游',
        category: 'trip',
        pointsCost: 300,
        stock: 5,
      });
      await hq.ok('POST', `${base()}/redemptions`, { cardId: card.id, itemId: item.id, confirmed: true });
      await repairOrder(car.vin, {
        orderTypes: ['minorRepair'],
        payer: 'self',
        labourFen: 50_000,
        partsFen: 0,
        closedAt: '2024-06-01T11:00:00+08:00',
      });
      expect((await ledgerOf(card.id)).balance).toBe(1200);

      const night = (at: string) =>
        runMembershipNightly({ db: api.deps.db, tenantId: group.tenantId, storeId, now: new Date(at) });
      // 1000 earned 2024-01-15 expire 2025-01-15; 300 of them were spent: 700 go.
      expect((await night('2025-01-14T20:00:00+08:00')).pointsExpired.points).toBe(0);
      const expired = await night('2025-01-15T02:00:00+08:00');
      expect(expired.day).toBe('2025-01-15');
      const mine = async () =>
        (await ledgerOf(card.id)).page.ledger.filter((e: { reason: string }) => e.reason === 'expired');
      expect((await mine()).map((e: { points: number }) => e.points)).toEqual([-700]);
      await night('2025-01-15T23:00:00+08:00');
      expect((await mine()).length).toBe(1);
      let ledger = await ledgerOf(card.id);
      expect([ledger.balance, ledger.sum]).toEqual([500, 500]);
      await night('2025-06-01T09:00:00+08:00');
      ledger = await ledgerOf(card.id);
      expect([ledger.balance, ledger.sum]).toEqual([0, 0]);
      expect((await mine()).map((e: { points: number }) => e.points)).toEqual([-500, -700]);

      // Issued 2024-01-15: valid through 2027-01-14, expired the day after.
      await night('2027-01-14T12:00:00+08:00');
      expect((await ledgerOf(card.id)).page.card.status).toBe('active');
      await night('2027-01-15T12:00:00+08:00');
      expect((await ledgerOf(card.id)).page.card.status).toBe('expired');
    } finally {
      const kinds = await hq.ok('GET', '/v1/rule-kinds');
      const defaults = kinds.items.find((k: { name: string }) => k.name === 'points').defaults;
      await hq.ok('PUT', `/v1/stores/${storeId}/rule-sets/points/draft`, defaults);
      await hq.ok('POST', `/v1/stores/${storeId}/rule-sets/points/publish`, {});
    }
  });

  it('moves a 会员卡 member up to 银卡 on spend and loyalty, and back to 会员卡 when visits lapse', async () => {
    const car = await carOnFile({ deliveredAt: '2023-07-01T10:00:00+08:00' });
    const card = await issueMemberCard({
      db: api.deps.db,
      actor: hqActor,
      storeId,
      input: { vehicleId: car.vehicleId, documents },
      now: new Date('2024-01-15T03:00:00Z'),
    });
    const visit = (orderTypes: string[], labourFen: number, closedAt: string) =>
      repairOrder(car.vin, { orderTypes, payer: 'self', labourFen, partsFen: 0, closedAt });
    await visit(['firstMaintenance'], 30_000, '2024-01-15T11:00:00+08:00');
    await visit(['maintenance'], 60_000, '2024-07-20T11:00:00+08:00');
    await visit(['maintenance', 'majorRepair'], 3_000_000, '2025-01-20T11:00:00+08:00');
    const night = (at: string) =>
      runMembershipNightly({ db: api.deps.db, tenantId: group.tenantId, storeId, now: new Date(at) });

    // 2025-02-01: 2 maintenances due since the first, 2 done (100 %); ¥30,900 spent → silver.
    const up = await night('2025-02-01T02:00:00+08:00');
    expect(up.tierMoves.filter((m) => m.cardId === card.id)).toEqual([
      { cardId: card.id, from: 'member', to: 'silver', ruleId: 'tier-silver' },
    ]);
    expect((await night('2025-02-01T23:00:00+08:00')).tierMoves.filter((m) => m.cardId === card.id)).toEqual(
      [],
    );
    // 2026-06-01: 4 due, 2 done (50 %) → still silver.
    expect((await night('2026-06-01T02:00:00+08:00')).tierMoves.filter((m) => m.cardId === card.id)).toEqual(
      [],
    );
    // 2026-12-01: 5 due, 2 done (40 %) → member.
    const down = await night('2026-12-01T02:00:00+08:00');
    expect(down.tierMoves.filter((m) => m.cardId === card.id)).toEqual([
      { cardId: card.id, from: 'silver', to: 'member', ruleId: 'tier-member' },
    ]);
    const { page } = await ledgerOf(card.id);
    expect(page.card.tier).toBe('member');
    expect(
      page.history
        .filter((h: { kind: string }) => h.kind === 'tierMoved')
        .map((h: { fromTier: string; toTier: string; ruleId: string }) => [h.fromTier, h.toTier, h.ruleId]),
    ).toEqual([
      ['silver', 'member', 'tier-member'],
      ['member', 'silver', 'tier-silver'],
    ]);
  });
});
