import { type SeededGroup, seedGroup, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { deliveryEvent } from '../support/dms.ts';

/**
 * The complaint workflow through the API: intake, validity, dispatch by the category
 * mapping, plan, the department's answer, re-calls until satisfied, sign-off, reopen; the
 * not-upheld and repeat paths; the inbox and notifications of the responsible person.
 * (The clocks firing on delayed jobs are tested in packages/core/src/complaints/clocks.test.ts.)
 */
const api = testApi();
let group: SeededGroup;
let storeId: string;
let cr: Client;
let agent: Client;
let staff: Client;
const base = () => `/v1/stores/${storeId}/complaints`;

beforeAll(async () => {
  group = await seedGroup(api.deps.db);
  storeId = group.storeIds[0] as string;
  cr = new Client(api.app);
  await cr.login(group.users.cr_manager.email, group.users.cr_manager.password);
  agent = new Client(api.app);
  await agent.login(group.users.callback_agent.email, group.users.callback_agent.password);
  staff = new Client(api.app);
  await staff.login(group.users.staff.email, group.users.staff.password);
  // 责任归属: repair-quality complaints go to the service department, to the seeded staff member.
  await cr.ok('PUT', `/v1/stores/${storeId}/complaint-settings`, {
    repeatWithinDays: 30,
    forbiddenPhrases: ['我不大清楚', '改天再通知你', '规定就是这样'],
    responsibilities: [
      { category: 'repairQuality', department: 'service', responsibleUserId: group.users.staff.id },
    ],
    departmentManagers: [{ department: 'sales', managerUserId: group.users.store_admin.id }],
  });
});
afterAll(() => api.close());

async function deliveredCar(): Promise<{ vehicleId: string; customerId: string }> {
  const reply = await cr.ok('POST', `/v1/stores/${storeId}/events`, { events: [deliveryEvent()] });
  const vehicleId = reply.items[0].vehicleId;
  const file = await cr.ok('GET', `/v1/stores/${storeId}/customer-files/${vehicleId}`);
  return { vehicleId, customerId: file.customer.id };
}

const intake = (extra: Record<string, unknown> = {}) => ({
  channel: 'phone',
  category: 'repairQuality',
  severity: 'ordinary',
  complainantName: `投诉人${uid()}`,
  customerWords: '保养后发动机异响,要求免费检修',
  customerDemands: '免费检修并道歉',
  ...extra,
});

describe('a complaint from intake to sign-off', () => {
  it('goes received → dispatched → answered → re-called until satisfied → closed, with a timeline of each step', async () => {
    const car = await deliveredCar();
    const received = await agent.ok('POST', base(), intake({ vehicleId: car.vehicleId, channel: 'walkIn' }));
    const id = received.complaint.id;
    expect(received.complaint).toMatchObject({
      state: 'received',
      channel: 'walkIn',
      customerId: car.customerId,
      isRepeat: false,
      complaintCount: 1,
      vin: expect.stringMatching(/^LSVAU218/),
      plate: expect.stringMatching(/^皖A/),
    });
    expect(received.complaint.caseNo).toMatch(/^S1-\d{8}-\d{4}$/);
    // The built-in complaintSla: 30 min to dispatch, 24 h to a plan, 48 h to the answer.
    const due = Object.fromEntries(
      received.allClocks.map((k: { clock: string; startedAt: string; dueAt: string }) => [
        k.clock,
        (Date.parse(k.dueAt) - Date.parse(k.startedAt)) / 60_000,
      ]),
    );
    expect(due).toEqual({ dispatch: 30, plan: 24 * 60, answer: 48 * 60 });

    await agent.ok('POST', `${base()}/${id}/judge`, { upheld: true });
    // No department named: the category mapping gives service and the seeded staff member.
    const dispatched = await agent.ok('POST', `${base()}/${id}/dispatch`, { note: '请服务部跟进' });
    expect(dispatched.complaint).toMatchObject({
      state: 'dispatched',
      department: 'service',
      responsibleUserId: group.users.staff.id,
    });
    expect(dispatched.complaint.clocks.map((k: { clock: string }) => k.clock)).toEqual(['plan', 'answer']);

    // The responsible person finds it in their inbox and was notified.
    const inbox = await staff.ok('GET', `${base()}?mine=true`);
    expect(inbox.items.map((c: { id: string }) => c.id)).toContain(id);
    const notes = await staff.ok('GET', '/v1/notifications');
    const dispatchNote = notes.items.find((n: { complaintId: string }) => n.complaintId === id);
    expect(dispatchNote).toMatchObject({ kind: 'complaint.dispatched', readAt: null });
    expect((await staff.ok('POST', `/v1/notifications/${dispatchNote.id}/read`)).readAt).not.toBeNull();

    const planned = await staff.ok('POST', `${base()}/${id}/plan`, {
      solutionPlan: '明天上午免费检修,规定就是这样',
    });
    expect(planned.warnings).toEqual([{ field: 'solutionPlan', phrases: ['规定就是这样'] }]);
    await staff.ok('POST', `${base()}/${id}/answer`, { answer: '已更换发动机支架' });
    const unhappy = await agent.ok('POST', `${base()}/${id}/recalls`, {
      outcome: 'notSatisfied',
      note: '仍有异响',
    });
    expect(unhappy.complaint.state).toBe('dispatched');
    // A new round of the answer clock.
    expect(
      unhappy.allClocks
        .filter((k: { clock: string }) => k.clock === 'answer')
        .map((k: { round: number }) => k.round),
    ).toEqual([1, 2]);
    await staff.ok('POST', `${base()}/${id}/answer`, { answer: '再次检修,异响消除' });
    await agent.ok('POST', `${base()}/${id}/recalls`, { outcome: 'unreachable' });
    const happy = await agent.ok('POST', `${base()}/${id}/recalls`, { outcome: 'satisfied' });
    expect(happy.complaint.state).toBe('satisfied');
    // A callback specialist may not sign off; the manager does.
    expect((await agent.request('POST', `${base()}/${id}/close`, { resultSummary: '已解决' })).status).toBe(
      403,
    );
    const closed = await cr.ok('POST', `${base()}/${id}/close`, { resultSummary: '更换支架,客户满意' });
    expect(closed.complaint).toMatchObject({
      state: 'closed',
      resultSummary: '更换支架,客户满意',
      clocks: [],
    });
    expect(closed.recalls.map((r: { outcome: string }) => r.outcome)).toEqual([
      'notSatisfied',
      'unreachable',
      'satisfied',
    ]);
    expect(
      closed.timeline.map((e: { kind: string }) => e.kind).filter((k: string) => !k.startsWith('clock')),
    ).toEqual([
      'received',
      'judged',
      'dispatched',
      'planned',
      'answered',
      'recalled',
      'answered',
      'recalled',
      'recalled',
      'closed',
    ]);
  });

  it('reopens a closed complaint back to its department with new plan and answer clocks', async () => {
    const { complaint } = await agent.ok('POST', base(), intake());
    const id = complaint.id;
    await agent.ok('POST', `${base()}/${id}/dispatch`, {});
    await staff.ok('POST', `${base()}/${id}/answer`, { answer: '已处理' });
    await agent.ok('POST', `${base()}/${id}/recalls`, { outcome: 'satisfied' });
    await cr.ok('POST', `${base()}/${id}/close`, { resultSummary: '已处理' });
    const reopened = await agent.ok('POST', `${base()}/${id}/reopen`, { reason: '客户再次来电,问题复现' });
    expect(reopened.complaint).toMatchObject({ state: 'dispatched', reopenCount: 1, closedAt: null });
    expect(
      reopened.complaint.clocks.map((k: { clock: string; round: number }) => [k.clock, k.round]),
    ).toEqual([
      ['plan', 2],
      ['answer', 2],
    ]);
    // Only a closed or not-upheld complaint can be reopened.
    const again = await agent.request('POST', `${base()}/${id}/reopen`, { reason: '再开' });
    expect(again.status).toBe(409);
  });
});

describe('validity and repeats', () => {
  it('closes a complaint that is not upheld with the reason and the reply, warns of forbidden phrases, stops its clocks', async () => {
    const { complaint } = await agent.ok('POST', base(), intake({ category: 'price' }));
    const missing = await agent.request('POST', `${base()}/${complaint.id}/judge`, {
      upheld: false,
      reply: '抱歉',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('reason');
    const judged = await agent.ok('POST', `${base()}/${complaint.id}/judge`, {
      upheld: false,
      reason: '价格与合同一致',
      reply: '非常理解您的心情,我不大清楚的地方会请经理改天再通知你',
    });
    expect(judged.complaint).toMatchObject({
      state: 'notUpheld',
      notUpheldReason: '价格与合同一致',
      clocks: [],
    });
    expect(judged.complaint.closedAt).not.toBeNull();
    expect(judged.warnings).toEqual([{ field: 'reply', phrases: ['我不大清楚', '改天再通知你'] }]);
    expect(judged.allClocks.every((k: { cancelledAt: string | null }) => k.cancelledAt !== null)).toBe(true);
    // Nothing more can happen to it until it is reopened; reopening judges it again.
    expect((await agent.request('POST', `${base()}/${complaint.id}/dispatch`, {})).status).toBe(409);
    const reopened = await agent.ok('POST', `${base()}/${complaint.id}/reopen`, { reason: '客户提供新证据' });
    expect(reopened.complaint.state).toBe('received');
    expect(reopened.complaint.clocks.map((k: { clock: string }) => k.clock).sort()).toEqual([
      'answer',
      'dispatch',
      'plan',
    ]);
  });

  it('marks a second complaint about the same vehicle within the window a repeat, and counts them', async () => {
    const car = await deliveredCar();
    const first = await agent.ok(
      'POST',
      base(),
      intake({
        vehicleId: car.vehicleId,
        complainedAt: new Date(Date.now() - 40 * 86_400_000).toISOString(),
      }),
    );
    const second = await agent.ok(
      'POST',
      base(),
      intake({ vehicleId: car.vehicleId, complainedAt: new Date(Date.now() - 5 * 86_400_000).toISOString() }),
    );
    // 35 days apart, the window is 30: a first complaint again.
    expect(second.complaint).toMatchObject({ isRepeat: false, complaintCount: 1 });
    const third = await agent.ok('POST', base(), intake({ customerId: car.customerId, channel: 'letter' }));
    expect(third.complaint).toMatchObject({
      isRepeat: true,
      repeatOfId: second.complaint.id,
      complaintCount: 2,
    });
    expect(first.complaint.isRepeat).toBe(false);
  });

  it('refuses a 投诉时间 in the future', async () => {
    const reply = await agent.request(
      'POST',
      base(),
      intake({ complainedAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('complainedAt');
  });

  it("keeps a letter's date and its receipt apart, and refuses a receipt before the letter", async () => {
    const letter = await agent.ok(
      'POST',
      base(),
      intake({
        channel: 'letter',
        complainedAt: '2026-03-02T09:00:00+08:00',
        occurredAt: '2026-02-27T15:30:00+08:00',
        receivedAt: '2026-03-05T10:00:00+08:00',
      }),
    );
    expect(letter.complaint).toMatchObject({
      complainedAt: '2026-03-02T01:00:00.000Z',
      occurredAt: '2026-02-27T07:30:00.000Z',
      receivedAt: '2026-03-05T02:00:00.000Z',
    });
    // The built-in 30-minute dispatch clock starts at receipt, 10:00 → 10:30.
    const dispatch = letter.allClocks.find((k: { clock: string }) => k.clock === 'dispatch');
    expect([dispatch.startedAt, dispatch.dueAt]).toEqual([
      '2026-03-05T02:00:00.000Z',
      '2026-03-05T02:30:00.000Z',
    ]);
    const reply = await agent.request(
      'POST',
      base(),
      intake({ complainedAt: '2026-03-05T09:00:00+08:00', receivedAt: '2026-03-04T09:00:00+08:00' }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([{ path: 'receivedAt', message: '受理时间不能早于投诉时间' }]);
  });
});

describe('who sees what', () => {
  it('shows a staff member only the complaints they are responsible for', async () => {
    const { complaint } = await agent.ok('POST', base(), intake({ category: 'staffAttitude' }));
    expect((await staff.request('GET', `${base()}/${complaint.id}`)).status).toBe(404);
    const board = await staff.ok('GET', base());
    expect(board.items.map((c: { id: string }) => c.id)).not.toContain(complaint.id);
    expect((await staff.request('POST', `${base()}/${complaint.id}/answer`, { answer: 'x' })).status).toBe(
      404,
    );
    // The board shows everything to the customer-relations manager, by state.
    const received = await cr.ok('GET', `${base()}?state=received`);
    expect(received.items.map((c: { id: string }) => c.id)).toContain(complaint.id);
    expect(received.items.every((c: { state: string }) => c.state === 'received')).toBe(true);
  });

  it('checks a text against the store forbidden phrases', async () => {
    const reply = await agent.ok('POST', `/v1/stores/${storeId}/complaint-settings/check-phrases`, {
      text: '这个我不大清楚,规定就是这样。',
    });
    expect(reply.phrases).toEqual(['我不大清楚', '规定就是这样']);
  });

  it('refuses a responsible person who is not of the store', async () => {
    const other = await seedGroup(api.deps.db, { stores: 1 });
    const { complaint } = await agent.ok('POST', base(), intake());
    const reply = await agent.request('POST', `${base()}/${complaint.id}/dispatch`, {
      department: 'service',
      responsibleUserId: other.users.staff.id,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('responsibleUserId');
  });
});
