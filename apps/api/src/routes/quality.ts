import {
  getQualityMeeting,
  listQualityItems,
  listQualityMeetings,
  QualityItem,
  QualityItemQuery,
  QualityMeeting,
  QualityMeetingSummary,
  qualityItemsWorkbook,
  RaiseQualityItemInput,
  RecordQualityMeetingInput,
  raiseQualityItem,
  recordQualityMeeting,
  UpdateQualityItemInput,
  updateQualityItem,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['quality'];
const base = '/stores/{storeId}/quality';
const MeetingParams = StoreParams.extend({
  meetingId: z.uuid().openapi({ param: { name: 'meetingId', in: 'path' } }),
});
const ItemParams = StoreParams.extend({
  itemId: z.uuid().openapi({ param: { name: 'itemId', in: 'path' } }),
});

const meetings = createRoute({
  method: 'get',
  path: `${base}/meetings`,
  tags,
  summary: "The store's improvement meetings (改善讨论会), one per closed month, newest first",
  request: { params: StoreParams },
  responses: {
    200: ok('Meetings', z.object({ items: z.array(QualityMeetingSummary) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const meeting = createRoute({
  method: 'get',
  path: `${base}/meetings/{meetingId}`,
  tags,
  summary:
    'A meeting: its pack (weak items against the previous month), the record, the items raised from it',
  request: { params: MeetingParams },
  responses: { 200: ok('Meeting', QualityMeeting), ...errorResponses(400, 401, 403, 404) },
});
const record = createRoute({
  method: 'put',
  path: `${base}/meetings/{meetingId}`,
  tags,
  summary: 'Record the meeting: the day it was held, the attendees and the minutes',
  request: { params: MeetingParams, body: json(RecordQualityMeetingInput) },
  responses: { 200: ok('Recorded', QualityMeeting), ...errorResponses(400, 401, 403, 404) },
});
const raise = createRoute({
  method: 'post',
  path: `${base}/meetings/{meetingId}/items`,
  tags,
  summary:
    'Raise an improvement item (EQC整改项目) from a weak item of the pack: cause, measures, owner, due date',
  request: { params: MeetingParams, body: json(RaiseQualityItemInput) },
  responses: { 201: ok('Raised', QualityItem), ...errorResponses(400, 401, 403, 404, 409) },
});
const items = createRoute({
  method: 'get',
  path: `${base}/items`,
  tags,
  summary: "The store's improvement items with the month raised and months +1 … +3 figures and verdicts",
  request: { params: StoreParams, query: QualityItemQuery },
  responses: {
    200: ok('Improvement items', z.object({ items: z.array(QualityItem) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const exportItems = createRoute({
  method: 'get',
  path: `${base}/items.xlsx`,
  tags,
  summary:
    'EQC整改项目跟踪表 as XLSX with the items list’s filters, laid out like the seed (weak item, cause, measures, owner, due date, completion, month raised and +1 … +3 figures, verdicts); audited',
  request: { params: StoreParams, query: QualityItemQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});
const update = createRoute({
  method: 'patch',
  path: `${base}/items/{itemId}`,
  tags,
  summary: 'Edit an improvement item: cause, measures, owner, due date, completion',
  request: { params: ItemParams, body: json(UpdateQualityItemInput) },
  responses: { 200: ok('Updated', QualityItem), ...errorResponses(400, 401, 403, 404) },
});

export function qualityRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(meetings, async (c) => {
      const list = await listQualityMeetings({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
      });
      return c.json({ items: list }, 200);
    })
    .openapi(meeting, async (c) => {
      const { storeId, meetingId } = c.req.valid('param');
      return c.json(await getQualityMeeting({ db, actor: actorOf(c), storeId, meetingId }), 200);
    })
    .openapi(record, async (c) => {
      const { storeId, meetingId } = c.req.valid('param');
      const input = c.req.valid('json');
      const requestId = c.get('requestId');
      return c.json(
        await recordQualityMeeting({ db, actor: actorOf(c), storeId, meetingId, input, requestId }),
        200,
      );
    })
    .openapi(raise, async (c) => {
      const { storeId, meetingId } = c.req.valid('param');
      const input = c.req.valid('json');
      const requestId = c.get('requestId');
      return c.json(
        await raiseQualityItem({ db, actor: actorOf(c), storeId, meetingId, input, requestId }),
        201,
      );
    })
    .openapi(items, async (c) => {
      const { storeId } = c.req.valid('param');
      const list = await listQualityItems({ db, actor: actorOf(c), storeId, query: c.req.valid('query') });
      return c.json({ items: list }, 200);
    })
    .openapi(exportItems, async (c) => {
      const workbook = await qualityItemsWorkbook({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, downloadHeaders(workbook.fileName));
    })
    .openapi(update, async (c) => {
      const { storeId, itemId } = c.req.valid('param');
      const input = c.req.valid('json');
      const requestId = c.get('requestId');
      return c.json(
        await updateQualityItem({ db, actor: actorOf(c), storeId, itemId, input, requestId }),
        200,
      );
    });
}
