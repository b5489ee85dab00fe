import {
  Dashboard,
  DashboardQuery,
  hqDashboard,
  ReportPack,
  ReportPackQuery,
  reportPack,
  reportPackWorkbook,
} from '@crm/core';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { ok, StoreParams } from '../http/params.ts';

const tags = ['reports'];

const pack = createRoute({
  method: 'get',
  path: '/stores/{storeId}/report-pack',
  tags,
  summary: "月度报表: the store's report pack for one calendar month of its own days",
  description:
    'Satisfaction per sales consultant, service advisor and repair team; unsuccessful callbacks; the A-card and ' +
    'C-card analysis; complaints by category, department and outcome with their times; SMS sent, delivered and ' +
    'replied; lost customers contacted and won back; membership cards issued and points earned and redeemed.',
  request: { params: StoreParams, query: ReportPackQuery },
  responses: { 200: ok('Report pack', ReportPack), ...errorResponses(400, 401, 403, 404) },
});
const packXlsx = createRoute({
  method: 'get',
  path: '/stores/{storeId}/report-pack.xlsx',
  tags,
  summary: 'The month’s whole report pack as one workbook, one sheet per report (audited)',
  request: { params: StoreParams, query: ReportPackQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});
const dashboard = createRoute({
  method: 'get',
  path: '/reports/dashboard',
  tags,
  summary:
    'HQ dashboard: every store side by side for a month or a range of months, ranked, with 12-month trends',
  description:
    'HQ sees every active store of its group; a store admin sees their own store. `month`, or `from` and `to` ' +
    '(months, at most twelve); `rankBy` names the figure to rank by.',
  request: { query: DashboardQuery },
  responses: { 200: ok('Dashboard', Dashboard), ...errorResponses(400, 401, 403) },
});

export function reportRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(pack, async (c) =>
      c.json(
        await reportPack({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          month: c.req.valid('query').month,
        }),
        200,
      ),
    )
    .openapi(packXlsx, async (c) => {
      const workbook = await reportPackWorkbook({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        month: c.req.valid('query').month,
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, downloadHeaders(workbook.fileName));
    })
    .openapi(dashboard, async (c) =>
      c.json(await hqDashboard({ db, actor: actorOf(c), query: c.req.valid('query') }), 200),
    );
}
