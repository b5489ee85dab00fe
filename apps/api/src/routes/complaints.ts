import {
  CheckPhrasesInput,
  CloseComplaintInput,
  ComplaintListQuery,
  ComplaintPage,
  ComplaintPerson,
  ComplaintSettings,
  ComplaintSummary,
  checkForbiddenPhrases,
  closeComplaint,
  DispatchComplaintInput,
  dispatchComplaint,
  getComplaintPage,
  getComplaintSettings,
  JudgeComplaintInput,
  judgeComplaint,
  listComplaintPeople,
  listComplaints,
  ReceiveComplaintInput,
  RecordAnswerInput,
  RecordPlanInput,
  RecordRecallInput,
  ReopenComplaintInput,
  receiveComplaint,
  recordDepartmentAnswer,
  recordRecall,
  recordSolutionPlan,
  reopenComplaint,
  saveComplaintSettings,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['complaints'];
const base = '/stores/{storeId}/complaints';
const ComplaintParams = z.object({
  storeId: z.uuid().openapi({ param: { name: 'storeId', in: 'path' } }),
  complaintId: z.uuid().openapi({ param: { name: 'complaintId', in: 'path' } }),
});

const list = createRoute({
  method: 'get',
  path: base,
  tags,
  summary:
    'The complaint board (by state) or, with mine=true, the department inbox; each with its running clocks',
  request: { params: StoreParams, query: ComplaintListQuery },
  responses: {
    200: ok('Complaints', z.object({ items: z.array(ComplaintSummary) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const receive = createRoute({
  method: 'post',
  path: base,
  tags,
  summary: '受理: record a complaint (urgent form / follow-up record); its clocks start',
  request: { params: StoreParams, body: json(ReceiveComplaintInput) },
  responses: { 201: ok('Received', ComplaintPage), ...errorResponses(400, 401, 403, 404) },
});
const get = createRoute({
  method: 'get',
  path: `${base}/{complaintId}`,
  tags,
  summary: 'One complaint with its timeline, re-calls and clocks',
  request: { params: ComplaintParams },
  responses: { 200: ok('Complaint', ComplaintPage), ...errorResponses(400, 401, 403, 404) },
});

/** A workflow step: POST {base}/{complaintId}/{step} with its body, answering the complaint page. */
function stepRoute<T extends z.ZodType>(step: string, summary: string, body: T) {
  return createRoute({
    method: 'post',
    path: `${base}/{complaintId}/${step}`,
    tags,
    summary,
    request: { params: ComplaintParams, body: json(body) },
    responses: { 200: ok('Complaint', ComplaintPage), ...errorResponses(400, 401, 403, 404, 409) },
  });
}
const judge = stepRoute(
  'judge',
  '有效性判定: upheld, or not upheld with the reason and the reply',
  JudgeComplaintInput,
);
const dispatch = stepRoute('dispatch', '派发 to a department and responsible person', DispatchComplaintInput);
const plan = stepRoute('plan', '解决办法: the solution plan told to the customer', RecordPlanInput);
const answer = stepRoute('answer', "处理过程及情况: the department's answer", RecordAnswerInput);
const recall = stepRoute(
  'recalls',
  '再次回访: the customer called again, and what they said',
  RecordRecallInput,
);
const close = stepRoute('close', '结案: sign-off with the result summary', CloseComplaintInput);
const reopen = stepRoute('reopen', 'Reopen a closed or not-upheld complaint', ReopenComplaintInput);

const settingsPath = '/stores/{storeId}/complaint-settings';
const getSettings = createRoute({
  method: 'get',
  path: settingsPath,
  tags,
  summary: "The store's repeat window, forbidden phrases, category mapping and department managers",
  request: { params: StoreParams },
  responses: { 200: ok('Settings', ComplaintSettings), ...errorResponses(400, 401, 403, 404) },
});
const putSettings = createRoute({
  method: 'put',
  path: settingsPath,
  tags,
  summary: "Replace the store's complaint settings",
  request: { params: StoreParams, body: json(ComplaintSettings) },
  responses: { 200: ok('Settings', ComplaintSettings), ...errorResponses(400, 401, 403, 404) },
});
const checkPhrases = createRoute({
  method: 'post',
  path: `${settingsPath}/check-phrases`,
  tags,
  summary: "The store's forbidden phrases (十句禁言) found in a text for a customer",
  request: { params: StoreParams, body: json(CheckPhrasesInput) },
  responses: {
    200: ok('Phrases found', z.object({ phrases: z.array(z.string()) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

const people = createRoute({
  method: 'get',
  path: '/stores/{storeId}/complaint-people',
  tags,
  summary: 'The people a complaint can be dispatched to, or a department managed by (names and jobs only)',
  request: { params: StoreParams },
  responses: {
    200: ok('People', z.object({ items: z.array(ComplaintPerson) })),
    ...errorResponses(400, 401, 403, 404),
  },
});

const stepOptions = (
  c: Context<AppEnv>,
  db: Deps['db'],
  params: { storeId: string; complaintId: string },
) => ({
  db,
  actor: actorOf(c),
  storeId: params.storeId,
  complaintId: params.complaintId,
  requestId: c.get('requestId'),
});

export function complaintRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json(
        {
          items: await listComplaints({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            query: c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(receive, async (c) =>
      c.json(
        await receiveComplaint({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(get, async (c) =>
      c.json(await getComplaintPage({ db, actor: actorOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi(judge, async (c) =>
      c.json(
        await judgeComplaint({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(dispatch, async (c) =>
      c.json(
        await dispatchComplaint({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(plan, async (c) =>
      c.json(
        await recordSolutionPlan({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(answer, async (c) =>
      c.json(
        await recordDepartmentAnswer({
          ...stepOptions(c, db, c.req.valid('param')),
          input: c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi(recall, async (c) =>
      c.json(
        await recordRecall({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(close, async (c) =>
      c.json(
        await closeComplaint({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(reopen, async (c) =>
      c.json(
        await reopenComplaint({ ...stepOptions(c, db, c.req.valid('param')), input: c.req.valid('json') }),
        200,
      ),
    )
    .openapi(getSettings, async (c) =>
      c.json(
        await getComplaintSettings({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }),
        200,
      ),
    )
    .openapi(putSettings, async (c) =>
      c.json(
        await saveComplaintSettings({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      ),
    )
    .openapi(people, async (c) =>
      c.json(
        {
          items: await listComplaintPeople({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }),
        },
        200,
      ),
    )
    .openapi(checkPhrases, async (c) =>
      c.json(
        await checkForbiddenPhrases({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          text: c.req.valid('json').text,
        }),
        200,
      ),
    );
}
