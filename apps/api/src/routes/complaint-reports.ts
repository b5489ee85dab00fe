import {
  ComplaintReport,
  ComplaintReportQuery,
  type ComplaintReportWorkbook,
  complaintReport,
  complaintReportWorkbook,
  GroupComplaintReport,
  groupComplaintReport,
  groupComplaintReportWorkbook,
} from '@crm/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { ok, StoreParams } from '../http/params.ts';

const tags = ['complaints'];
const xlsx = workbook('The workbook (投诉统计表 and 超时明细)');
const description =
  'Complaints whose 投诉时间 falls on the days from `from` to `to` (both included) on the store’s own clock: ' +
  'counts by category, department and outcome; median and average minutes from the complaint to its dispatch, ' +
  'first solution plan, first answer and sign-off; and every clock that ran out (done or stopped after its ' +
  'deadline, or still running past it).';

const storeReport = createRoute({
  method: 'get',
  path: '/stores/{storeId}/complaint-reports',
  tags,
  summary: "The store's complaint report for a month or any range of days",
  description,
  request: { params: StoreParams, query: ComplaintReportQuery },
  responses: { 200: ok('Report', ComplaintReport), ...errorResponses(400, 401, 403, 404) },
});
const storeWorkbook = createRoute({
  method: 'get',
  path: '/stores/{storeId}/complaint-reports.xlsx',
  tags,
  summary: "The store's complaint report as XLSX",
  description,
  request: { params: StoreParams, query: ComplaintReportQuery },
  responses: { 200: xlsx, ...errorResponses(400, 401, 403, 404) },
});
const groupReport = createRoute({
  method: 'get',
  path: '/complaint-reports',
  tags,
  summary: "HQ: every store's complaint report side by side",
  description,
  request: { query: ComplaintReportQuery },
  responses: { 200: ok('Reports', GroupComplaintReport), ...errorResponses(400, 401, 403) },
});
const groupWorkbook = createRoute({
  method: 'get',
  path: '/complaint-reports.xlsx',
  tags,
  summary: "HQ: every store's complaint report as XLSX, one row per store",
  description,
  request: { query: ComplaintReportQuery },
  responses: { 200: xlsx, ...errorResponses(400, 401, 403) },
});

const download = (c: Context<AppEnv>, { fileName, bytes }: ComplaintReportWorkbook) =>
  c.body(bytes as Uint8Array<ArrayBuffer>, 200, downloadHeaders(fileName));

export function complaintReportRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(storeReport, async (c) =>
      c.json(
        await complaintReport({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          query: c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi(storeWorkbook, async (c) =>
      download(
        c,
        await complaintReportWorkbook({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          query: c.req.valid('query'),
        }),
      ),
    )
    .openapi(groupReport, async (c) =>
      c.json(await groupComplaintReport({ db, actor: actorOf(c), query: c.req.valid('query') }), 200),
    )
    .openapi(groupWorkbook, async (c) =>
      download(c, await groupComplaintReportWorkbook({ db, actor: actorOf(c), query: c.req.valid('query') })),
    );
}
