import {
  ArchiveAudit,
  ArchiveAuditList,
  CheckArchiveFileInput,
  checkArchiveFile,
  DrawArchiveAuditInput,
  drawArchiveAudit,
  getArchiveAudit,
  listArchiveAudits,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['archive-audit'];
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const AuditParams = StoreParams.extend({ auditId: id('auditId') });
const FileParams = AuditParams.extend({ fileId: id('fileId') });

const list = createRoute({
  method: 'get',
  path: '/stores/{storeId}/archive-audits',
  tags,
  summary: '客户档案检核: the weeks drawn, each with its result, and the current week',
  request: { params: StoreParams },
  responses: { 200: ok('Audits', ArchiveAuditList), ...errorResponses(400, 401, 403, 404) },
});
const draw = createRoute({
  method: 'post',
  path: '/stores/{storeId}/archive-audits',
  tags,
  summary: "Draw a week's 10 sales and 10 after-sales files at random (again: the same draw)",
  request: { params: StoreParams, body: json(DrawArchiveAuditInput) },
  responses: {
    200: ok('The week was drawn before: that draw', ArchiveAudit),
    201: ok('Drawn now', ArchiveAudit),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const get = createRoute({
  method: 'get',
  path: '/stores/{storeId}/archive-audits/{auditId}',
  tags,
  summary: "One week's 客户档案检核记录表: the files drawn, their checks, the result",
  request: { params: AuditParams },
  responses: { 200: ok('The audit', ArchiveAudit), ...errorResponses(400, 401, 403, 404) },
});
const check = createRoute({
  method: 'put',
  path: '/stores/{storeId}/archive-audits/{auditId}/files/{fileId}',
  tags,
  summary: 'Save the check of one drawn file (status, problem, fix, responsible; the checker signs)',
  request: { params: FileParams, body: json(CheckArchiveFileInput) },
  responses: {
    200: ok('The audit with the check saved', ArchiveAudit),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function archiveAuditRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json(await listArchiveAudits({ db, actor: actorOf(c), storeId: c.req.valid('param').storeId }), 200),
    )
    .openapi(draw, async (c) => {
      const { drawn, audit } = await drawArchiveAudit({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        input: c.req.valid('json'),
        requestId: c.get('requestId'),
      });
      return drawn ? c.json(audit, 201) : c.json(audit, 200);
    })
    .openapi(get, async (c) => {
      const { storeId, auditId } = c.req.valid('param');
      return c.json(await getArchiveAudit({ db, actor: actorOf(c), storeId, auditId }), 200);
    })
    .openapi(check, async (c) => {
      const { storeId, auditId, fileId } = c.req.valid('param');
      return c.json(
        await checkArchiveFile({
          db,
          actor: actorOf(c),
          storeId,
          auditId,
          fileId,
          input: c.req.valid('json'),
        }),
        200,
      );
    });
}
