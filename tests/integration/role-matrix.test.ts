import {
  type Actor,
  addMonths,
  awardPoints,
  claimCallback,
  ingestEvents,
  isoWeekOf,
  issueMemberCard,
  RecordCallInput,
  recordCall,
  runQualityNight,
} from '@crm/core';
import { type SeededGroup, seedGroup, seedPlatform, uid } from '@crm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';
import { daysAgo, deliveryEvent, repairOrderEvent } from '../support/dms.ts';
import { operationsOf, routeKey } from '../support/openapi.ts';

/**
 * Who may call what: every route × every caller, as one table. `ok` is a 2xx; 403 is
 * refused for the role; 404 is "not yours to know about" (the platform operator asking
 * inside a group, a store role asking about a group-wide user). Store roles and the API
 * token belong to store S1, which every row targets.
 */
const callers = [
  'platform_admin',
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
  'staff',
  'token',
] as const;
type Caller = (typeof callers)[number];
type Outcome = 'ok' | 403 | 404;

interface Ctx {
  group: SeededGroup;
  hq: Client;
  platformTenantId: string;
}
interface Row {
  /** Path values and body, made fresh for each call so one caller's change does not decide the next. */
  call(
    ctx: Ctx,
    client: Client,
  ): Promise<{ path: string; body?: unknown; file?: { name: string; bytes: Uint8Array } }>;
  expect: Record<Caller, Outcome>;
}

const all = (o: Outcome): Record<Caller, Outcome> =>
  Object.fromEntries(callers.map((c) => [c, o])) as Record<Caller, Outcome>;
const only = (
  allowed: Caller[],
  otherwise: Outcome = 403,
  overrides: Partial<Record<Caller, Outcome>> = {},
) =>
  ({
    ...Object.fromEntries(callers.map((c) => [c, allowed.includes(c) ? 'ok' : otherwise])),
    ...overrides,
  }) as Record<Caller, Outcome>;

const s1 = (ctx: Ctx) => ctx.group.storeIds[0] as string;
const staffRole = { role: 'staff', storeId: '', position: 'service_advisor' };
const storeRoles: Caller[] = ['store_admin', 'cr_manager', 'callback_agent', 'receptionist', 'staff'];

/** A two-row CSV of customers and their cars (as an export from a DMS would head it). */
const importFile = () => ({
  name: '客户.csv',
  bytes: new TextEncoder().encode(
    `客户姓名,车架号,手机\r\n张三,LSVAU2180N${String(Date.now()).slice(-7)},13800138000\r\n`,
  ),
});
/** An import uploaded by HQ at S1, waiting to be started: its path. */
async function uploaded(ctx: Ctx): Promise<string> {
  const file = importFile();
  const reply = await ctx.hq.upload(`/v1/stores/${s1(ctx)}/imports`, file.name, file.bytes);
  if (reply.status !== 201) throw new Error(`upload failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return `/v1/stores/${s1(ctx)}/imports/${reply.body.import.id}`;
}

const membership = (ctx: Ctx) => `/v1/stores/${s1(ctx)}/membership`;
const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
/** A member card on a car just delivered at S1 (issued `issuedAt`, so it can be old enough to renew). */
async function memberCard(ctx: Ctx, issuedAt = new Date()): Promise<{ id: string; vehicleId: string }> {
  const vin = Array.from({ length: 17 }, () => vinChars[Math.floor(Math.random() * 33)]).join('');
  const ingested = await ingestEvents({
    db: api.deps.db,
    actor: ctx.group.system,
    storeId: s1(ctx),
    events: [
      {
        type: 'delivery',
        dmsId: `D-${uid()}`,
        deliveredAt: '2024-01-10T10:00:00+08:00',
        customer: { dmsId: `C-${uid()}`, name: '会员', birthday: '1980-01-01' },
        vehicle: { vin },
      },
    ],
  });
  const hqActor: Actor = {
    kind: 'user',
    tenantId: ctx.group.tenantId,
    userId: ctx.group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  return issueMemberCard({
    db: api.deps.db,
    actor: hqActor,
    storeId: s1(ctx),
    input: {
      vehicleId: ingested.items[0]?.vehicleId as string,
      documents: { idCard: true, vehicleLicence: true, drivingLicence: true },
    },
    now: issuedAt,
  });
}
const cardAction = (action: string, expect: Record<Caller, Outcome>, issuedAt?: () => Date): Row => ({
  call: async (ctx) => ({
    path: `${membership(ctx)}/cards/${(await memberCard(ctx, issuedAt?.())).id}/${action}`,
  }),
  expect,
});
/** A receptionist's award at S1, waiting for a manager (asked for through core, as the receptionist). */
async function pendingAward(ctx: Ctx): Promise<{ id: string }> {
  const receptionist = ctx.group.users.receptionist;
  const outcome = await awardPoints({
    db: api.deps.db,
    actor: {
      kind: 'user',
      tenantId: ctx.group.tenantId,
      userId: receptionist.id,
      sessionId: null,
      roles: [{ id: crypto.randomUUID(), role: 'receptionist', storeId: s1(ctx), position: null }],
    },
    storeId: s1(ctx),
    input: { cardId: (await memberCard(ctx)).id, kind: 'suggestionAccepted', sourceId: crypto.randomUUID() },
  });
  return outcome.request;
}

const memberRead = only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 });
const memberServe = only(['hq_admin', 'store_admin', 'cr_manager', 'receptionist'], 403, {
  platform_admin: 404,
});
const memberManage = only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 });

const complaints = (ctx: Ctx) => `/v1/stores/${s1(ctx)}/complaints`;
/** A fresh complaint at S1, taken by HQ as far as `stage` (dispatched ones go to the seeded staff member). */
async function complaintAt(
  ctx: Ctx,
  stage: 'received' | 'dispatched' | 'answered' | 'satisfied' | 'notUpheld',
): Promise<string> {
  const { complaint } = await ctx.hq.ok('POST', complaints(ctx), {
    channel: 'phone',
    category: 'repairQuality',
    severity: 'ordinary',
    complainantName: '投诉人',
    customerWords: '保养后异响',
  });
  const at = `${complaints(ctx)}/${complaint.id}`;
  if (stage === 'notUpheld')
    await ctx.hq.ok('POST', `${at}/judge`, { upheld: false, reason: '不成立', reply: '感谢反馈' });
  if (stage === 'received' || stage === 'notUpheld') return complaint.id;
  await ctx.hq.ok('POST', `${at}/dispatch`, {
    department: 'service',
    responsibleUserId: ctx.group.users.staff.id,
  });
  if (stage === 'dispatched') return complaint.id;
  await ctx.hq.ok('POST', `${at}/answer`, { answer: '已处理' });
  if (stage === 'answered') return complaint.id;
  await ctx.hq.ok('POST', `${at}/recalls`, { outcome: 'satisfied' });
  return complaint.id;
}
/** A corrective action on a fresh complaint dispatched to the seeded staff member; its path. */
async function complaintAction(ctx: Ctx): Promise<string> {
  const base = `${complaints(ctx)}/${await complaintAt(ctx, 'dispatched')}/actions`;
  const action = await ctx.hq.ok('POST', base, { kind: 'corrective', description: '退款' });
  return `${base}/${action.id}`;
}
const complaintStep = (
  step: string,
  stage: Parameters<typeof complaintAt>[1],
  body: unknown,
  expect: Record<Caller, Outcome>,
): Row => ({
  call: async (ctx) => ({ path: `${complaints(ctx)}/${await complaintAt(ctx, stage)}/${step}`, body }),
  expect,
});
const complaintRead = only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 });
const complaintHandle = only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'], 403, {
  platform_admin: 404,
});
const complaintAnswer = only(['hq_admin', 'store_admin', 'cr_manager', 'staff'], 403, {
  platform_admin: 404,
});
const complaintManage = only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 });
const complaintRows: Record<string, Row> = {
  'GET /v1/stores/{storeId}/complaints': {
    call: async (ctx) => ({ path: complaints(ctx) }),
    expect: complaintRead,
  },
  'POST /v1/stores/{storeId}/complaints': {
    call: async (ctx) => ({
      path: complaints(ctx),
      body: {
        channel: 'walkIn',
        category: 'price',
        severity: 'urgent',
        complainantName: '张',
        customerWords: '太贵',
      },
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'], 403, {
      platform_admin: 404,
    }),
  },
  // Staff see a complaint they are responsible for (this one is dispatched to them).
  'GET /v1/stores/{storeId}/complaints/{complaintId}': {
    call: async (ctx) => ({ path: `${complaints(ctx)}/${await complaintAt(ctx, 'dispatched')}` }),
    expect: complaintRead,
  },
  'POST /v1/stores/{storeId}/complaints/{complaintId}/judge': complaintStep(
    'judge',
    'received',
    { upheld: true },
    complaintHandle,
  ),
  'POST /v1/stores/{storeId}/complaints/{complaintId}/dispatch': {
    call: async (ctx) => ({
      path: `${complaints(ctx)}/${await complaintAt(ctx, 'received')}/dispatch`,
      body: { department: 'service', responsibleUserId: ctx.group.users.staff.id },
    }),
    expect: complaintHandle,
  },
  'POST /v1/stores/{storeId}/complaints/{complaintId}/plan': complaintStep(
    'plan',
    'dispatched',
    { solutionPlan: '明日检修' },
    complaintAnswer,
  ),
  'POST /v1/stores/{storeId}/complaints/{complaintId}/answer': complaintStep(
    'answer',
    'dispatched',
    { answer: '已处理' },
    complaintAnswer,
  ),
  'POST /v1/stores/{storeId}/complaints/{complaintId}/recalls': complaintStep(
    'recalls',
    'answered',
    { outcome: 'satisfied' },
    complaintHandle,
  ),
  'POST /v1/stores/{storeId}/complaints/{complaintId}/close': complaintStep(
    'close',
    'satisfied',
    { resultSummary: '客户满意' },
    complaintManage,
  ),
  'POST /v1/stores/{storeId}/complaints/{complaintId}/reopen': complaintStep(
    'reopen',
    'notUpheld',
    { reason: '新证据' },
    complaintHandle,
  ),
  'GET /v1/stores/{storeId}/complaint-settings': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/complaint-settings` }),
    expect: complaintRead,
  },
  'PUT /v1/stores/{storeId}/complaint-settings': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/complaint-settings`,
      body: {
        repeatWithinDays: 60,
        forbiddenPhrases: ['我不大清楚'],
        responsibilities: [],
        departmentManagers: [],
      },
    }),
    expect: complaintManage,
  },
  'POST /v1/stores/{storeId}/complaint-settings/check-phrases': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/complaint-settings/check-phrases`,
      body: { text: '你好' },
    }),
    expect: complaintRead,
  },
  'GET /v1/stores/{storeId}/complaint-people': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/complaint-people` }),
    expect: complaintRead,
  },
  'GET /v1/stores/{storeId}/complaint-reports': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/complaint-reports?from=2026-01-01&to=2026-01-31` }),
    expect: complaintManage,
  },
  'GET /v1/stores/{storeId}/complaint-reports.xlsx': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/complaint-reports.xlsx?from=2026-01-01&to=2026-01-31`,
    }),
    expect: complaintManage,
  },
  'GET /v1/complaint-reports': {
    call: async () => ({ path: '/v1/complaint-reports?from=2026-01-01&to=2026-01-31' }),
    expect: only(['hq_admin']),
  },
  'GET /v1/complaint-reports.xlsx': {
    call: async () => ({ path: '/v1/complaint-reports.xlsx?from=2026-01-01&to=2026-01-31' }),
    expect: only(['hq_admin']),
  },
  // The month's report pack (S1) and the dashboard: HQ every store, a store admin their own.
  'GET /v1/stores/{storeId}/report-pack': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/report-pack?month=2026-01` }),
    expect: complaintManage,
  },
  'GET /v1/stores/{storeId}/report-pack.xlsx': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/report-pack.xlsx?month=2026-01` }),
    expect: complaintManage,
  },
  'GET /v1/reports/dashboard': {
    call: async () => ({ path: '/v1/reports/dashboard?month=2026-01' }),
    expect: only(['hq_admin', 'store_admin']),
  },
  'GET /v1/stores/{storeId}/complaints/{complaintId}/actions': {
    call: async (ctx) => ({ path: `${complaints(ctx)}/${await complaintAt(ctx, 'dispatched')}/actions` }),
    expect: complaintRead,
  },
  'POST /v1/stores/{storeId}/complaints/{complaintId}/actions': {
    call: async (ctx) => ({
      path: `${complaints(ctx)}/${await complaintAt(ctx, 'dispatched')}/actions`,
      body: { kind: 'preventive', description: '交车前复检' },
    }),
    expect: complaintAnswer,
  },
  'POST /v1/stores/{storeId}/complaints/{complaintId}/actions/{actionId}/done': {
    call: async (ctx) => ({ path: `${await complaintAction(ctx)}/done` }),
    expect: complaintAnswer,
  },
  'POST /v1/stores/{storeId}/complaints/{complaintId}/actions/{actionId}/attachments': {
    call: async (ctx) => ({
      path: `${await complaintAction(ctx)}/attachments`,
      body: {
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      },
    }),
    expect: complaintAnswer,
  },
  'GET /v1/stores/{storeId}/complaint-attachments/{attachmentId}': {
    call: async (ctx) => {
      const action = await complaintAction(ctx);
      const file = await ctx.hq.ok('POST', `${action}/attachments`, {
        fileName: 'a.pdf',
        contentType: 'application/pdf',
        contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      });
      return { path: `/v1/stores/${s1(ctx)}/complaint-attachments/${file.id}` };
    },
    expect: complaintRead,
  },
  // Notifications are the signed-in person's own; an API token has none.
  'GET /v1/notifications': {
    call: async () => ({ path: '/v1/notifications' }),
    expect: only(callers.filter((c) => c !== 'token')),
  },
  'POST /v1/notifications/{notificationId}/read': {
    call: async () => ({ path: `/v1/notifications/${crypto.randomUUID()}/read` }),
    expect: { ...all(404), token: 403 },
  },
};

/** A callback task at S1 whose sales window is open today (a car delivered 8 days ago); its path. */
async function callbackTask(ctx: Ctx): Promise<string> {
  const reply = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/events`, {
    events: [deliveryEvent(Math.floor(Math.random() * 1e7), 8)],
  });
  const file = await ctx.hq.ok('GET', `/v1/stores/${s1(ctx)}/customer-files/${reply.items[0].vehicleId}`);
  const task = file.timeline.find((e: { kind: string }) => e.kind === 'callbackTask');
  return `/v1/stores/${s1(ctx)}/callbacks/${task.id}`;
}
const callbackWork = only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'], 403, {
  platform_admin: 404,
});
const callbackStatistics = callbackWork;
const period = 'from=2026-01-01&to=2026-01-31';
const callbackRows: Record<string, Row> = {
  'GET /v1/stores/{storeId}/callback-queue': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/callback-queue` }),
    expect: callbackWork,
  },
  'POST /v1/stores/{storeId}/callback-queue/next': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/callback-queue/next` }),
    expect: callbackWork,
  },
  'POST /v1/stores/{storeId}/callback-assignments': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/callback-assignments`, body: {} }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/callbacks/{taskId}': {
    call: async (ctx) => ({ path: await callbackTask(ctx) }),
    expect: callbackWork,
  },
  'POST /v1/stores/{storeId}/callbacks/{taskId}/claim': {
    call: async (ctx) => ({ path: `${await callbackTask(ctx)}/claim` }),
    expect: callbackWork,
  },
  // Releasing and recording need the caller's own claim first (refused alike for those who may not claim).
  'POST /v1/stores/{storeId}/callbacks/{taskId}/release': {
    call: async (ctx, client) => {
      const task = await callbackTask(ctx);
      await client.request('POST', `${task}/claim`);
      return { path: `${task}/release` };
    },
    expect: callbackWork,
  },
  'POST /v1/stores/{storeId}/callbacks/{taskId}/calls': {
    call: async (ctx, client) => {
      const task = await callbackTask(ctx);
      await client.request('POST', `${task}/claim`);
      return { path: `${task}/calls`, body: { outcome: 'unsuccessful', reason: 'noAnswer' } };
    },
    expect: callbackWork,
  },
  'GET /v1/stores/{storeId}/callback-statistics': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/callback-statistics?by=salesConsultant&month=2026-01`,
    }),
    expect: callbackStatistics,
  },
  'GET /v1/stores/{storeId}/callback-statistics/calls': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/callback-statistics/calls?by=serviceAdvisor&key=unassigned&${period}`,
    }),
    expect: callbackStatistics,
  },
  'GET /v1/stores/{storeId}/callback-statistics.xlsx': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/callback-statistics.xlsx?by=repairTeam&${period}` }),
    expect: callbackStatistics,
  },
  'GET /v1/stores/{storeId}/unsuccessful-callbacks': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/unsuccessful-callbacks?${period}` }),
    expect: callbackStatistics,
  },
  'GET /v1/callback-statistics': {
    call: async () => ({ path: `/v1/callback-statistics?by=serviceAdvisor&${period}` }),
    expect: only(['hq_admin']),
  },
  'GET /v1/callback-statistics.xlsx': {
    call: async () => ({ path: `/v1/callback-statistics.xlsx?by=salesConsultant&month=2026-01` }),
    expect: only(['hq_admin']),
  },
  'GET /v1/stores/{storeId}/callback-script': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/callback-script` }),
    expect: callbackWork,
  },
  'PUT /v1/stores/{storeId}/callback-script': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/callback-script`,
      body: { salesOpening: '您好,这里是{门店}。', afterSalesOpening: null, closing: null },
    }),
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },
};

const archiveAudit = only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'], 403, {
  platform_admin: 404,
});
/** The ISO week it is in Shanghai, where the seeded stores are. */
const thisWeek = () =>
  isoWeekOf(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
/** This week's archive audit at S1, drawn by HQ after a delivery, so it has a file to check. */
async function drawnAudit(ctx: Ctx) {
  await delivered(ctx);
  return ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/archive-audits`, { week: thisWeek() });
}

const matrix: Record<string, Row> = {
  'GET /v1/auth/me': {
    call: async () => ({ path: '/v1/auth/me' }),
    expect: only(callers.filter((c) => c !== 'token')),
  },
  'POST /v1/auth/logout': {
    call: async () => ({ path: '/v1/auth/logout' }),
    expect: only(callers.filter((c) => c !== 'token')),
  },
  'GET /v1/tenants': { call: async () => ({ path: '/v1/tenants' }), expect: only(['platform_admin']) },
  'POST /v1/tenants': {
    call: async () => ({
      path: '/v1/tenants',
      body: {
        code: `t-${uid()}`,
        name: '新集团',
        admin: { name: '管理员', email: `a-${uid()}@x.test`, password: 'Passw0rd-long' },
      },
    }),
    expect: only(['platform_admin']),
  },
  'GET /v1/tenants/{tenantId}': {
    call: async (ctx) => ({ path: `/v1/tenants/${ctx.group.tenantId}` }),
    expect: only(['platform_admin']),
  },
  'PATCH /v1/tenants/{tenantId}': {
    call: async (ctx) => ({ path: `/v1/tenants/${ctx.group.tenantId}`, body: { name: '改名集团' } }),
    expect: only(['platform_admin']),
  },
  // Everyone lists the stores they may see (a token: its own store; the platform: none).
  'GET /v1/stores': { call: async () => ({ path: '/v1/stores' }), expect: all('ok') },
  'POST /v1/stores': {
    call: async () => ({ path: '/v1/stores', body: { code: `N${uid()}`, name: '新店' } }),
    expect: only(['hq_admin']),
  },
  'GET /v1/stores/{storeId}': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'PATCH /v1/stores/{storeId}': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}`, body: { phone: '0571-1234567' } }),
    expect: only(['hq_admin'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/deactivate': {
    // A fresh store each time, so deactivating it does not lock the next callers out of S1.
    call: async (ctx) => {
      const store = await ctx.hq.ok('POST', '/v1/stores', { code: `D${uid()}`, name: '待停用' });
      return { path: `/v1/stores/${store.id}/deactivate` };
    },
    // Store roles are not at the new store: for them it is someone else's store.
    expect: only(['hq_admin'], 404),
  },
  'POST /v1/stores/{storeId}/reactivate': {
    call: async (ctx) => {
      const store = await ctx.hq.ok('POST', '/v1/stores', { code: `R${uid()}`, name: '待恢复' });
      await ctx.hq.ok('POST', `/v1/stores/${store.id}/deactivate`);
      return { path: `/v1/stores/${store.id}/reactivate` };
    },
    expect: only(['hq_admin'], 404),
  },
  'GET /v1/users': { call: async () => ({ path: '/v1/users' }), expect: only(['hq_admin', 'store_admin']) },
  'POST /v1/users': {
    call: async (ctx) => ({
      path: '/v1/users',
      body: {
        name: '新员工',
        email: `u-${uid()}@x.test`,
        password: 'Passw0rd-long',
        roles: [{ ...staffRole, storeId: s1(ctx) }],
      },
    }),
    expect: only(['hq_admin', 'store_admin']),
  },
  'GET /v1/users/{userId}': {
    call: async (ctx) => ({ path: `/v1/users/${ctx.group.users.staff.id}` }),
    expect: only(['hq_admin', 'store_admin']),
  },
  'PATCH /v1/users/{userId}': {
    call: async (ctx) => ({ path: `/v1/users/${ctx.group.users.receptionist.id}`, body: { name: '改名' } }),
    expect: only(['hq_admin', 'store_admin']),
  },
  'POST /v1/users/{userId}/roles': {
    call: async (ctx) => {
      const user = await ctx.hq.ok('POST', '/v1/users', {
        name: '临时',
        email: `a-${uid()}@x.test`,
        password: 'Passw0rd-long',
        roles: [{ ...staffRole, storeId: s1(ctx) }],
      });
      return { path: `/v1/users/${user.id}/roles`, body: { role: 'receptionist', storeId: s1(ctx) } };
    },
    expect: only(['hq_admin', 'store_admin']),
  },
  'DELETE /v1/users/{userId}/roles/{assignmentId}': {
    call: async (ctx) => {
      const user = await ctx.hq.ok('POST', '/v1/users', {
        name: '临时',
        email: `r-${uid()}@x.test`,
        password: 'Passw0rd-long',
        roles: [
          { ...staffRole, storeId: s1(ctx) },
          { role: 'receptionist', storeId: s1(ctx) },
        ],
      });
      return { path: `/v1/users/${user.id}/roles/${user.roles[1].id}` };
    },
    expect: only(['hq_admin', 'store_admin']),
  },
  'GET /v1/stores/{storeId}/api-tokens': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/api-tokens` }),
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/api-tokens': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/api-tokens`, body: { name: 'DMS' } }),
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },
  'DELETE /v1/stores/{storeId}/api-tokens/{tokenId}': {
    call: async (ctx) => {
      const token = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/api-tokens`, { name: '临时' });
      return { path: `/v1/stores/${s1(ctx)}/api-tokens/${token.id}` };
    },
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },

  // The customer file and DMS events (S1). A fresh car and customer per call, delivered by HQ.
  'POST /v1/stores/{storeId}/events': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/events`, body: { events: [deliveryEvent()] } }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  // File imports (S1): the people who may ingest events, and the store's token; a fresh upload per call.
  'POST /v1/stores/{storeId}/imports': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/imports`, file: importFile() }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/imports/{importId}/preview': {
    call: async (ctx) => ({ path: `${await uploaded(ctx)}/preview`, body: { mapping: { vin: 1 } } }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/imports/{importId}/start': {
    call: async (ctx) => ({ path: `${await uploaded(ctx)}/start`, body: {} }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  // An import that failed while running with its file kept, as the nightly check leaves one.
  'POST /v1/stores/{storeId}/imports/{importId}/resume': {
    call: async (ctx) => {
      const path = await uploaded(ctx);
      await api.deps.db.withTenant(
        ctx.group.tenantId,
        (tx) =>
          tx`update imports set status = 'failed', resumable = true where id = ${path.split('/').at(-1) ?? ''}`,
      );
      return { path: `${path}/resume`, body: {} };
    },
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/imports/{importId}': {
    call: async (ctx) => ({ path: await uploaded(ctx) }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/imports/{importId}/rejected.xlsx': {
    call: async (ctx) => ({ path: `${await uploaded(ctx)}/rejected.xlsx` }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'token'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/customer-files': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/customer-files?q=${encodeURIComponent('客户')}` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/customer-files/{vehicleId}': {
    call: async (ctx) => {
      const { vehicleId } = await delivered(ctx);
      return { path: `/v1/stores/${s1(ctx)}/customer-files/${vehicleId}` };
    },
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'PATCH /v1/stores/{storeId}/customers/{customerId}': {
    call: async (ctx) => {
      const { customerId } = await delivered(ctx);
      return { path: `/v1/stores/${s1(ctx)}/customers/${customerId}`, body: { name: '改名客户' } };
    },
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'], 403, {
      platform_admin: 404,
    }),
  },
  // Exports of the customer files: masked for every reader (an export in clear is refused the same way).
  'GET /v1/stores/{storeId}/customer-files.xlsx': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/customer-files.xlsx?q=${encodeURIComponent('客户')}`,
    }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  // The whole file in clear: the managers only (customers.exportUnmasked), not the front line who unmask one file.
  'GET /v1/stores/{storeId}/customer-files.xlsx?unmask=true': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/customer-files.xlsx?unmask=true` }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 }),
  },
  // Uncertain customers (S1): everyone who reads files sees the list; those who edit files work it.
  'GET /v1/stores/{storeId}/uncertain-customers': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/uncertain-customers` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/uncertain-customers': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/uncertain-customers`,
      body: { customerId: (await delivered(ctx)).customerId, reason: 'wrongNumber' },
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'], 403, {
      platform_admin: 404,
    }),
  },
  'POST /v1/stores/{storeId}/uncertain-customers/{recordId}/resolve': {
    call: async (ctx) => {
      const record = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/uncertain-customers`, {
        customerId: (await delivered(ctx)).customerId,
        reason: 'emptyNumber',
      });
      return {
        path: `/v1/stores/${s1(ctx)}/uncertain-customers/${record.id}/resolve`,
        body: { resolution: 'corrected', mobile: '13912345678' },
      };
    },
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'receptionist'], 403, {
      platform_admin: 404,
    }),
  },
  // The weekly archive audit (S1): the manager and the callback specialists; this week, drawn by HQ first.
  'GET /v1/stores/{storeId}/archive-audits': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/archive-audits` }),
    expect: archiveAudit,
  },
  'POST /v1/stores/{storeId}/archive-audits': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/archive-audits`, body: { week: thisWeek() } }),
    expect: archiveAudit,
  },
  'GET /v1/stores/{storeId}/archive-audits/{auditId}': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/archive-audits/${(await drawnAudit(ctx)).id}` }),
    expect: archiveAudit,
  },
  'PUT /v1/stores/{storeId}/archive-audits/{auditId}/files/{fileId}': {
    call: async (ctx) => {
      const audit = await drawnAudit(ctx);
      return {
        path: `/v1/stores/${s1(ctx)}/archive-audits/${audit.id}/files/${audit.files[0].id}`,
        body: { status: 'normal' },
      };
    },
    expect: archiveAudit,
  },
  // Rule sets: store routes for S1, group-default routes for HQ.
  // What kinds exist and their schemas is not store data: the DMS may read it too.
  'GET /v1/rule-kinds': { call: async () => ({ path: '/v1/rule-kinds' }), expect: all('ok') },
  ...ruleSetRows(
    '/v1/stores/{storeId}/rule-sets/{kind}',
    (ctx) => `/v1/stores/${s1(ctx)}/rule-sets/callbackWindow`,
    {
      read: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
      edit: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
    },
  ),
  ...ruleSetRows('/v1/rule-sets/{kind}', () => '/v1/rule-sets/callbackWindow', {
    read: only(['hq_admin']),
    edit: only(['hq_admin']),
  }),
  // The membership club (S1): a fresh card per call, issued by HQ.
  'GET /v1/stores/{storeId}/membership/cards': {
    call: async (ctx) => ({ path: `${membership(ctx)}/cards` }),
    expect: memberRead,
  },
  'POST /v1/stores/{storeId}/membership/cards': {
    call: async (ctx) => {
      // Its first card cancelled, the car may be given a card again by the caller.
      const card = await memberCard(ctx);
      await ctx.hq.ok('POST', `${membership(ctx)}/cards/${card.id}/cancel`);
      return {
        path: `${membership(ctx)}/cards`,
        body: {
          vehicleId: card.vehicleId,
          documents: { idCard: true, vehicleLicence: true, drivingLicence: true },
        },
      };
    },
    expect: memberServe,
  },
  'GET /v1/stores/{storeId}/membership/cards/{cardId}': {
    call: async (ctx) => ({ path: `${membership(ctx)}/cards/${(await memberCard(ctx)).id}` }),
    expect: memberRead,
  },
  // Issued 3 years less 30 days ago: in its last 90 days, so it may be renewed.
  'POST /v1/stores/{storeId}/membership/cards/{cardId}/renew': cardAction(
    'renew',
    memberServe,
    () => new Date(Date.now() - (3 * 365 - 30) * 86_400_000),
  ),
  'POST /v1/stores/{storeId}/membership/cards/{cardId}/report-lost': cardAction('report-lost', memberServe),
  'POST /v1/stores/{storeId}/membership/cards/{cardId}/reissue': cardAction('reissue', memberServe),
  'POST /v1/stores/{storeId}/membership/cards/{cardId}/cancel': cardAction('cancel', memberManage),
  'GET /v1/stores/{storeId}/membership/settings': {
    call: async (ctx) => ({ path: `${membership(ctx)}/settings` }),
    expect: memberRead,
  },
  'PUT /v1/stores/{storeId}/membership/settings': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/settings`,
      body: { joiningFeeFen: 0, reissueFeeFen: 2000 },
    }),
    expect: memberManage,
  },
  'POST /v1/stores/{storeId}/membership/points/awards': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/points/awards`,
      body: { cardId: (await memberCard(ctx)).id, kind: 'suggestionAccepted', sourceId: crypto.randomUUID() },
    }),
    expect: memberServe,
  },
  'GET /v1/stores/{storeId}/membership/points/award-requests': {
    call: async (ctx) => ({ path: `${membership(ctx)}/points/award-requests` }),
    expect: memberServe,
  },
  'POST /v1/stores/{storeId}/membership/points/award-requests/{awardRequestId}/approve': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/points/award-requests/${(await pendingAward(ctx)).id}/approve`,
    }),
    expect: memberManage,
  },
  'POST /v1/stores/{storeId}/membership/points/award-requests/{awardRequestId}/reject': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/points/award-requests/${(await pendingAward(ctx)).id}/reject`,
      body: { reason: '未参加活动' },
    }),
    expect: memberManage,
  },
  'POST /v1/stores/{storeId}/membership/points/adjustments': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/points/adjustments`,
      body: { cardId: (await memberCard(ctx)).id, points: 100, reason: '补录积分' },
    }),
    expect: memberManage,
  },
  'GET /v1/stores/{storeId}/membership/catalogue': {
    call: async (ctx) => ({ path: `${membership(ctx)}/catalogue` }),
    expect: memberRead,
  },
  'POST /v1/stores/{storeId}/membership/catalogue': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/catalogue`,
      body: { code: `W${uid()}`, name: '洗车', category: 'carWash', pointsCost: 100, stock: 10 },
    }),
    expect: memberManage,
  },
  'POST /v1/stores/{storeId}/membership/redemptions': {
    call: async (ctx) => {
      const card = await memberCard(ctx);
      await ctx.hq.ok('POST', `${membership(ctx)}/points/adjustments`, {
        cardId: card.id,
        points: 100,
        reason: '充值',
      });
      const item = await ctx.hq.ok('POST', `${membership(ctx)}/catalogue`, {
        code: `D${uid()}`,
        name: '饮品',
        category: 'drink',
        pointsCost: 100,
        stock: 1,
      });
      return {
        path: `${membership(ctx)}/redemptions`,
        body: { cardId: card.id, itemId: item.id, confirmed: true },
      };
    },
    expect: memberServe,
  },
  // The store's DMS asks for the discount at checkout too.
  'POST /v1/stores/{storeId}/membership/quotes': {
    call: async (ctx) => ({
      path: `${membership(ctx)}/quotes`,
      body: {
        orderTypes: ['maintenance'],
        payer: 'self',
        lines: [{ kind: 'labour', description: '保养', amountFen: 10000 }],
        cardId: (await memberCard(ctx)).id,
        cardPresented: true,
      },
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'receptionist', 'staff', 'token'], 403, {
      platform_admin: 404,
    }),
  },
  ...complaintRows,
  ...callbackRows,
  // SMS (S1): the send log, a message to a fresh customer, preview, provider settings.
  'GET /v1/stores/{storeId}/sms/messages': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/sms/messages?status=queued` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/sms/messages': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/sms/messages`,
      body: { customerId: (await delivered(ctx)).customerId, text: '{customerName}您好,您的爱车已修好。' },
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/sms/preview': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/sms/preview`,
      body: { text: '{customerName}您好' },
    }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/sms/messages.xlsx': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/sms/messages.xlsx?status=sent` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/sms/campaign-preview': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/sms/campaign-preview?sample=2` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/sms/settings': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/sms/settings` }),
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },
  'PUT /v1/stores/{storeId}/sms/settings': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/sms/settings`, body: { provider: 'log' } }),
    expect: only(['hq_admin', 'store_admin'], 403, { platform_admin: 404 }),
  },
  // Lost customers (S1): the list, a car's contact log, a contact recorded.
  'GET /v1/stores/{storeId}/lost-customers': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/lost-customers?contacted=never` }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'staff'], 403, {
      platform_admin: 404,
    }),
  },
  'GET /v1/stores/{storeId}/lost-customers/{vehicleId}/contacts': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/lost-customers/${await lostCar(ctx)}/contacts` }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent', 'staff'], 403, {
      platform_admin: 404,
    }),
  },
  'POST /v1/stores/{storeId}/lost-customers/{vehicleId}/contacts': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/lost-customers/${await lostCar(ctx)}/contacts`,
      body: { channel: 'phone', result: 'notReached' },
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager', 'callback_agent'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/quality/meetings': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/quality/meetings` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/quality/meetings/{meetingId}': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/quality/meetings/${(await weakMeeting(ctx)).meetingId}`,
    }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'PUT /v1/stores/{storeId}/quality/meetings/{meetingId}': {
    call: async (ctx) => {
      const { meetingId, month } = await weakMeeting(ctx);
      return {
        path: `/v1/stores/${s1(ctx)}/quality/meetings/${meetingId}`,
        body: { heldOn: `${month}-28`, attendees: ['客关经理'], minutes: '纪要' },
      };
    },
    expect: only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 }),
  },
  'POST /v1/stores/{storeId}/quality/meetings/{meetingId}/items': {
    call: async (ctx) => ({
      path: `/v1/stores/${s1(ctx)}/quality/meetings/${(await weakMeeting(ctx)).meetingId}/items`,
      body: qualityItemBody(ctx),
    }),
    expect: only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/quality/items': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/quality/items?state=open` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'GET /v1/stores/{storeId}/quality/items.xlsx': {
    call: async (ctx) => ({ path: `/v1/stores/${s1(ctx)}/quality/items.xlsx?state=open` }),
    expect: only(['hq_admin', ...storeRoles], 403, { platform_admin: 404 }),
  },
  'PATCH /v1/stores/{storeId}/quality/items/{itemId}': {
    call: async (ctx) => {
      const { meetingId } = await weakMeeting(ctx);
      const raised = await ctx.hq.ok(
        'POST',
        `/v1/stores/${s1(ctx)}/quality/meetings/${meetingId}/items`,
        qualityItemBody(ctx),
      );
      return { path: `/v1/stores/${s1(ctx)}/quality/items/${raised.id}`, body: { completionNote: '已完成' } };
    },
    expect: only(['hq_admin', 'store_admin', 'cr_manager'], 403, { platform_admin: 404 }),
  },
};

const qualityItemBody = (ctx: Ctx) => ({
  subjectKey: 'item:sales:waitingTime',
  cause: '接待人手不足',
  measures: '增加接待顾问',
  ownerUserId: ctx.group.users.staff.id,
  dueOn: '2030-01-31',
});
let qualityMonths = 0;
/**
 * An improvement meeting at S1 whose pack has one weak item (waiting time 5 of 10): a
 * delivery in a month of its own, its callback reached, then the store's quality night
 * after that month closed (fixed clocks throughout).
 */
async function weakMeeting(ctx: Ctx): Promise<{ meetingId: string; month: string }> {
  qualityMonths += 1;
  const month = addMonths('2000-01', qualityMonths);
  const deliveredAt = new Date(`${month}-10T10:00:00+08:00`);
  const event = { ...deliveryEvent(Math.floor(Math.random() * 1e7)), deliveredAt: deliveredAt.toISOString() };
  const db = api.deps.db;
  await ingestEvents({ db, actor: ctx.group.system, storeId: s1(ctx), events: [event], now: deliveredAt });
  const [task] = await db.withTenant(
    ctx.group.tenantId,
    (tx) => tx<{ id: string }[]>`
      select t.id from callback_tasks t join deliveries d on d.id = t.source_id where d.dms_id = ${event.dmsId}`,
  );
  if (!task) throw new Error('no callback task');
  const actor: Actor = {
    kind: 'user',
    tenantId: ctx.group.tenantId,
    userId: ctx.group.users.hq_admin.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
  };
  const callAt = new Date(deliveredAt.getTime() + 8 * 86_400_000);
  await claimCallback({ db, actor, storeId: s1(ctx), taskId: task.id, now: callAt });
  await recordCall({
    db,
    actor,
    storeId: s1(ctx),
    taskId: task.id,
    now: callAt,
    input: RecordCallInput.parse({
      outcome: 'satisfied',
      answers: {
        waitingTime: 5,
        productKnowledge: 9,
        testDriveOffered: true,
        deliveryOnTime: true,
        useAndMaintenance: 9,
      },
    }),
  });
  await runQualityNight({
    db,
    tenantId: ctx.group.tenantId,
    storeId: s1(ctx),
    now: new Date(`${addMonths(month, 1)}-01T01:00:00+08:00`),
  });
  const [meeting] = await db.withTenant(
    ctx.group.tenantId,
    (tx) => tx<{ id: string }[]>`
      select id from quality_meetings where store_id = ${s1(ctx)} and month = ${month}`,
  );
  if (!meeting) throw new Error('no meeting');
  return { meetingId: meeting.id, month };
}

/** A car at S1 last seen 400 days ago: on the lost-customer list. */
async function lostCar(ctx: Ctx): Promise<string> {
  const serial = Math.floor(Math.random() * 1e7);
  const reply = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/events`, {
    events: [deliveryEvent(serial, 900)],
  });
  await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/events`, {
    events: [
      repairOrderEvent(serial, {
        orderTypes: ['maintenance'],
        openedAt: daysAgo(400.2),
        closedAt: daysAgo(400),
      }),
    ],
  });
  return reply.items[0].vehicleId;
}

async function delivered(ctx: Ctx): Promise<{ vehicleId: string; customerId: string }> {
  const reply = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/events`, { events: [deliveryEvent()] });
  const vehicleId = reply.items[0].vehicleId;
  const file = await ctx.hq.ok('GET', `/v1/stores/${s1(ctx)}/customer-files/${vehicleId}`);
  return { vehicleId, customerId: file.customer.id };
}

/** A valid callbackWindow body: the kind's own defaults, as the API lists them. */
async function defaultBody(ctx: Ctx): Promise<Record<string, unknown>> {
  const kinds = await ctx.hq.ok('GET', '/v1/rule-kinds');
  return kinds.items.find((k: { name: string }) => k.name === 'callbackWindow').defaults;
}

/** The eight rule-set routes of one scope; edits get a fresh draft (and versions) from HQ first. */
function ruleSetRows(
  template: string,
  base: (ctx: Ctx) => string,
  outcomes: { read: Record<Caller, Outcome>; edit: Record<Caller, Outcome> },
): Record<string, Row> {
  const draft = async (ctx: Ctx) => ctx.hq.ok('PUT', `${base(ctx)}/draft`, await defaultBody(ctx));
  return {
    [`GET ${template}`]: { call: async (ctx) => ({ path: base(ctx) }), expect: outcomes.read },
    [`GET ${template}/history`]: {
      call: async (ctx) => ({ path: `${base(ctx)}/history` }),
      expect: outcomes.read,
    },
    [`POST ${template}/validate`]: {
      call: async (ctx) => ({ path: `${base(ctx)}/validate`, body: { body: await defaultBody(ctx) } }),
      expect: outcomes.read,
    },
    [`POST ${template}/simulate`]: {
      call: async (ctx) => ({ path: `${base(ctx)}/simulate`, body: { body: await defaultBody(ctx) } }),
      expect: outcomes.read,
    },
    [`PUT ${template}/draft`]: {
      call: async (ctx) => ({ path: `${base(ctx)}/draft`, body: await defaultBody(ctx) }),
      expect: outcomes.edit,
    },
    [`DELETE ${template}/draft`]: {
      call: async (ctx) => {
        await draft(ctx);
        return { path: `${base(ctx)}/draft` };
      },
      expect: outcomes.edit,
    },
    [`POST ${template}/publish`]: {
      call: async (ctx) => {
        await draft(ctx);
        return { path: `${base(ctx)}/publish`, body: {} };
      },
      expect: outcomes.edit,
    },
    [`POST ${template}/rollback`]: {
      call: async (ctx) => {
        await draft(ctx);
        await ctx.hq.ok('POST', `${base(ctx)}/publish`, {});
        return { path: `${base(ctx)}/rollback`, body: { version: 1 } };
      },
      expect: outcomes.edit,
    },
  };
}

const api = testApi();
let platformAdmin: { email: string; password: string };
let platformTenantId: string;
afterAll(() => api.close());
beforeAll(async () => {
  const platform = await seedPlatform(api.deps.db);
  platformAdmin = platform.admin;
  platformTenantId = platform.tenantId;
});

async function callerClient(caller: Caller, ctx: Ctx): Promise<Client> {
  if (caller === 'token') {
    const { token } = await ctx.hq.ok('POST', `/v1/stores/${s1(ctx)}/api-tokens`, { name: 'matrix' });
    return Client.withToken(api.app, token);
  }
  const user = caller === 'platform_admin' ? platformAdmin : ctx.group.users[caller];
  const client = new Client(api.app);
  const reply = await client.login(user.email, user.password);
  if (reply.status !== 200) throw new Error(`login as ${caller} failed: ${JSON.stringify(reply.body)}`);
  return client;
}

describe('role matrix', async () => {
  const doc = (await new Client(api.app).request('GET', '/openapi.json')).body;
  const documented = operationsOf(doc).filter((op) => !op.public);

  it('has a row for every documented route that needs a caller', () => {
    const missing = documented.map(routeKey).filter((k) => !matrix[k]);
    expect(missing, 'add these routes to the role matrix').toEqual([]);
  });

  it('says 401 to a caller without a session or token, on every route', async () => {
    for (const op of documented) {
      const reply = await new Client(api.app).request(
        op.method,
        op.path.replace(/\{\w+\}/g, crypto.randomUUID()),
        {},
      );
      expect({ route: routeKey(op), status: reply.status }).toEqual({ route: routeKey(op), status: 401 });
    }
  });

  it.each(Object.entries(matrix))('%s', async (key, row) => {
    const group = await seedGroup(api.deps.db);
    const hq = new Client(api.app);
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    const ctx: Ctx = { group, hq, platformTenantId };
    const method = key.split(' ')[0] as string;
    const actual: Record<string, Outcome | number> = {};
    for (const caller of callers) {
      const client = await callerClient(caller, ctx);
      const { path, body, file } = await row.call(ctx, client);
      const reply = file
        ? await client.upload(path, file.name, file.bytes)
        : await client.request(method, path, body);
      actual[caller] = reply.status < 300 ? 'ok' : reply.status;
      if (reply.status >= 300 && reply.status !== 403 && reply.status !== 404)
        throw new Error(`${key} as ${caller}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    expect(actual).toEqual(row.expect);
  });
});
