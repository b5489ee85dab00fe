import {
  AssignCallbacksInput,
  assignCallbacks,
  CallbackTaskPage,
  CallScriptInput,
  CallScriptSettings,
  callbackStatistics,
  callbackStatisticsCalls,
  claimCallback,
  claimNextCallback,
  GroupStatisticsTable,
  getCallbackTask,
  getCallScript,
  groupCallbackStatistics,
  groupStatisticsWorkbook,
  listUnsuccessfulCallbacks,
  QueueItem,
  QueueQuery,
  RecordCallInput,
  RecordedCall,
  recordCall,
  releaseCallback,
  StatisticsCall,
  StatisticsCallsQuery,
  StatisticsQuery,
  StatisticsTable,
  saveCallScript,
  statisticsWorkbook,
  todaysQueue,
  UnsuccessfulCallback,
  UnsuccessfulQuery,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['callbacks'];
const TaskParams = z.object({
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
  taskId: z.uuid().openapi({ param: { name: 'taskId', in: 'path' } }),
});
const Claimed = z.object({ taskId: z.uuid() });

const queue = createRoute({
  method: 'get',
  path: '/stores/{storeId}/callback-queue',
  tags,
  summary: "Today's queue: due, last day of the window, rescheduled to now — VIP first, then by window end",
  request: { params: StoreParams, query: QueueQuery },
  responses: {
    200: ok('Queue', z.object({ items: z.array(QueueItem) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const next = createRoute({
  method: 'post',
  path: '/stores/{storeId}/callback-queue/next',
  tags,
  summary: 'Next call: claims the first task of my queue (null when the queue is empty)',
  request: { params: StoreParams },
  responses: {
    200: ok('Claimed', z.object({ taskId: z.uuid().nullable() })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const assign = createRoute({
  method: 'post',
  path: '/stores/{storeId}/callback-assignments',
  tags,
  summary:
    "Assign open tasks to one specialist by hand, or round-robin over the store's callback specialists",
  request: { params: StoreParams, body: json(AssignCallbacksInput) },
  responses: {
    200: ok('Assigned', z.object({ assigned: z.number().int() })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const get = createRoute({
  method: 'get',
  path: '/stores/{storeId}/callbacks/{taskId}',
  tags,
  summary: 'The call screen: customer, car, order, script, questionnaire and attempts so far',
  request: { params: TaskParams },
  responses: { 200: ok('Task', CallbackTaskPage), ...errorResponses(400, 401, 403, 404, 409) },
});
const claim = createRoute({
  method: 'post',
  path: '/stores/{storeId}/callbacks/{taskId}/claim',
  tags,
  summary: 'Take the task for a call; 409 when another specialist is on it',
  request: { params: TaskParams },
  responses: { 200: ok('Claimed', Claimed), ...errorResponses(400, 401, 403, 404, 409) },
});
const release = createRoute({
  method: 'post',
  path: '/stores/{storeId}/callbacks/{taskId}/release',
  tags,
  summary: 'Put a claimed task back in the queue without a call',
  request: { params: TaskParams },
  responses: { 200: ok('Released', Claimed), ...errorResponses(400, 401, 403, 404, 409) },
});
const call = createRoute({
  method: 'post',
  path: '/stores/{storeId}/callbacks/{taskId}/calls',
  tags,
  summary: 'Record a call with one of the seven outcomes, and what it sets off',
  request: { params: TaskParams, body: json(RecordCallInput) },
  responses: { 201: ok('Recorded', RecordedCall), ...errorResponses(400, 401, 403, 404, 409) },
});
const statistics = createRoute({
  method: 'get',
  path: '/stores/{storeId}/callback-statistics',
  tags,
  summary: '满意率统计表: per sales consultant, service advisor or repair team, for a month or a date range',
  request: { params: StoreParams, query: StatisticsQuery },
  responses: { 200: ok('Statistics', StatisticsTable), ...errorResponses(400, 401, 403, 404) },
});
const statisticsCalls = createRoute({
  method: 'get',
  path: '/stores/{storeId}/callback-statistics/calls',
  tags,
  summary: 'Drill-down: the deliveries or orders behind one line of the table, with their calls',
  request: { params: StoreParams, query: StatisticsCallsQuery },
  responses: {
    200: ok('Calls', z.object({ items: z.array(StatisticsCall) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const statisticsXlsx = createRoute({
  method: 'get',
  path: '/stores/{storeId}/callback-statistics.xlsx',
  tags,
  summary: '满意率统计表 as XLSX, laid out like the seed (audited)',
  request: { params: StoreParams, query: StatisticsQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});
const unsuccessful = createRoute({
  method: 'get',
  path: '/stores/{storeId}/unsuccessful-callbacks',
  tags,
  summary: '回访不成功明细表: the calls of the period that did not reach the customer',
  request: { params: StoreParams, query: UnsuccessfulQuery },
  responses: {
    200: ok('Unsuccessful calls', z.object({ items: z.array(UnsuccessfulCallback) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const group = createRoute({
  method: 'get',
  path: '/callback-statistics',
  tags,
  summary: 'HQ: every store of the group side by side, ranked',
  request: { query: StatisticsQuery },
  responses: { 200: ok('Statistics', GroupStatisticsTable), ...errorResponses(400, 401, 403) },
});
const groupXlsx = createRoute({
  method: 'get',
  path: '/callback-statistics.xlsx',
  tags,
  summary:
    'HQ: every store side by side and ranked, as XLSX laid out like the seed, with the monthly trend (audited)',
  request: { query: StatisticsQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403),
  },
});
const scriptPath = '/stores/{storeId}/callback-script';
const getScript = createRoute({
  method: 'get',
  path: scriptPath,
  tags,
  summary:
    "The store's call script (话术): opening lines for sales and after-sales callbacks, the closing line",
  request: { params: StoreParams },
  responses: { 200: ok('Call script', CallScriptSettings), ...errorResponses(400, 401, 403, 404) },
});
const putScript = createRoute({
  method: 'put',
  path: scriptPath,
  tags,
  summary: "Replace the store's call script lines (null: the built-in default); store admin",
  request: { params: StoreParams, body: json(CallScriptInput) },
  responses: { 200: ok('Call script', CallScriptSettings), ...errorResponses(400, 401, 403, 404) },
});

export function callbackRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(queue, async (c) =>
      c.json(
        {
          items: await todaysQueue({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            mine: c.req.valid('query').mine === 'true',
          }),
        },
        200,
      ),
    )
    .openapi(next, async (c) => {
      const claimed = await claimNextCallback({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        requestId: c.get('requestId'),
      });
      return c.json({ taskId: claimed?.taskId ?? null }, 200);
    })
    .openapi(assign, async (c) =>
      c.json(
        await assignCallbacks({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(get, async (c) =>
      c.json(
        await getCallbackTask({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(claim, async (c) =>
      c.json(
        await claimCallback({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(release, async (c) =>
      c.json(
        await releaseCallback({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(call, async (c) =>
      c.json(
        await recordCall({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(statistics, async (c) =>
      c.json(
        await callbackStatistics({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          query: c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi(statisticsCalls, async (c) =>
      c.json(
        {
          items: await callbackStatisticsCalls({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            query: c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(statisticsXlsx, async (c) => {
      const workbook = await statisticsWorkbook({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, downloadHeaders(workbook.fileName));
    })
    .openapi(unsuccessful, async (c) =>
      c.json(
        {
          items: await listUnsuccessfulCallbacks({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            ...c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(group, async (c) =>
      c.json(await groupCallbackStatistics({ db, actor: actorOf(c), query: c.req.valid('query') }), 200),
    )
    .openapi(groupXlsx, async (c) => {
      const workbook = await groupStatisticsWorkbook({
        db,
        actor: actorOf(c),
        query: c.req.valid('query'),
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, downloadHeaders(workbook.fileName));
    })
    .openapi(getScript, async (c) =>
      c.json(await getCallScript({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }), 200),
    )
    .openapi(putScript, async (c) =>
      c.json(
        await saveCallScript({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    );
}
