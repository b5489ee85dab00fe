import { PassThrough, Readable } from 'node:stream';
import {
  createImport,
  diskImportStorage,
  getImport,
  ImportDryRun,
  ImportMapping,
  ImportView,
  previewImport,
  rejectedRowsWorkbook,
  resumeImport,
  StartImport,
  startImport,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { multipartFile } from '../http/multipart.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['imports'];
const ImportParams = StoreParams.extend({
  importId: z.uuid().openapi({ param: { name: 'importId', in: 'path' } }),
});
// A plain schema, not zod: a zod one would have the body parsed (buffered whole) before the
// handler; the handler streams the file part to storage instead (http/multipart.ts).
const Upload = {
  type: 'object' as const,
  required: ['file'],
  properties: {
    file: {
      type: 'string' as const,
      format: 'binary',
      description: 'A .csv (UTF-8 or GB18030) or .xlsx file',
    },
  },
};

const upload = createRoute({
  method: 'post',
  path: '/stores/{storeId}/imports',
  tags,
  summary: 'Upload a CSV or XLSX file of customers, vehicles, deliveries and repair orders: the dry run',
  description:
    'The file is stored and read once: its columns are mapped from the usual Chinese headers (客户姓名, 联系电话, ' +
    '车架号/VIN, 车牌号, 车型, 交车日期, 工单号, 进厂日期, 结算日期, 里程, 工时费, 材料费, 付费方式 …; full-width ' +
    'characters folded), and the first rows come back as they would be imported, with their errors. Nothing is ' +
    'imported until the import is started. A row with 交车日期 is a delivery, with 工单号 a repair order, with ' +
    'neither a customer and vehicle put on file. The file is streamed to storage as it arrives, never held whole ' +
    'in memory; it may be up to IMPORT_MAX_BYTES (50 MiB by default): past that the upload stops with 413 ' +
    'PAYLOAD_TOO_LARGE naming the limit, and nothing is kept (no file, no import), as on any broken upload. ' +
    'Reading it is bounded whatever it holds: an XLSX is looked over before it is unpacked (at most 1000 entries; ' +
    'IMPORT_MAX_UNPACKED_BYTES unpacked in all, IMPORT_MAX_SHARED_STRINGS_BYTES of shared strings; no entry over ' +
    '1 MiB packed more than 200 times; each entry unpacked and counted, as declared sizes can lie), then parsed ' +
    'in a worker thread with its own heap limit and IMPORT_PARSE_SECONDS, at most IMPORT_MAX_PARSERS at once. ' +
    'A refusal is 413 (too large to read) or 400 (not readable), nothing kept, its detail naming `file` with a ' +
    'stable `reason` a client shows in its own words: notSpreadsheet, unreadable, binaryCsv, csvCellTooLong, ' +
    'tooManyEntries, unpackedTooLarge, sharedStringsTooLarge, compressionRatio, sizeMismatch, parseTooHeavy, ' +
    'parseTimeout, noRows, noDataRows; 503 parsersBusy when every reader stayed busy.',
  request: {
    params: StoreParams,
    // Not `required`, so the store is checked before the body: another group's store is a 404 either way.
    body: { content: { 'multipart/form-data': { schema: Upload } }, required: false },
  },
  responses: {
    201: ok('The import, waiting to be started, and the preview', ImportDryRun),
    ...errorResponses(400, 401, 403, 404, 413),
  },
});
const preview = createRoute({
  method: 'post',
  path: '/stores/{storeId}/imports/{importId}/preview',
  tags,
  summary: 'The dry run again with the mapping adjusted by hand',
  request: { params: ImportParams, body: json(z.object({ mapping: ImportMapping }).strict()) },
  responses: {
    200: ok('The preview with this mapping', ImportDryRun),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const start = createRoute({
  method: 'post',
  path: '/stores/{storeId}/imports/{importId}/start',
  tags,
  summary: 'Start the import with the mapping (as adjusted): it runs on the queue',
  description:
    'A bad row never stops the file: it is rejected with its reason and the rest go on. A phone that is no valid ' +
    'mobile does not reject its row: the customer is imported without it and, like a customer whose phone cell is ' +
    'empty, goes on the uncertain-customer list (source import) unless their file has a mobile (or, for an empty ' +
    'one, a landline); the preview marks such rows (`uncertain`). Progress is read with ' +
    'GET …/imports/{importId}; the job resumes from its last committed row after a worker restart.',
  request: { params: ImportParams, body: json(StartImport) },
  responses: { 202: ok('The import, queued', ImportView), ...errorResponses(400, 401, 403, 404, 409) },
});
const resume = createRoute({
  method: 'post',
  path: '/stores/{storeId}/imports/{importId}/resume',
  tags,
  summary: 'Resume an import that failed while running, from its last committed row',
  description:
    'An import whose job was interrupted once too often, or whose retries ran out, fails with its reason and ' +
    '`resumable: true` while its file is kept (the nightly check queues such an import again by itself, up to ' +
    'three times, before it fails it). Resuming queues it again; rows already committed are not imported twice. ' +
    'An import that is not failed-and-resumable, or whose file is gone, is a 409 naming why.',
  request: { params: ImportParams },
  responses: { 202: ok('The import, queued again', ImportView), ...errorResponses(400, 401, 403, 404, 409) },
});
const progress = createRoute({
  method: 'get',
  path: '/stores/{storeId}/imports/{importId}',
  tags,
  summary: "An import's status and progress (percent, counts)",
  request: { params: ImportParams },
  responses: { 200: ok('The import', ImportView), ...errorResponses(400, 401, 403, 404) },
});
const rejected = createRoute({
  method: 'get',
  path: '/stores/{storeId}/imports/{importId}/rejected.xlsx',
  tags,
  summary: 'The rejected rows as XLSX, the reason beside each (audited: the rows carry personal data)',
  request: { params: ImportParams },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});

export function importRoutes({ db, config }: Deps) {
  // IMPORT_DIR, read the same way by the worker's import job (packages/core/src/imports/jobs.ts).
  const storage = diskImportStorage();
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(upload, async (c) => {
      try {
        return c.json(
          await createImport({
            db,
            storage,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            upload: () => multipartFile(c.req.raw, 'file'),
            maxBytes: config.IMPORT_MAX_BYTES,
            requestId: c.get('requestId'),
          }),
          201,
        );
      } catch (error) {
        // The body may be unread past the failure (a 413 stops reading): the connection is
        // closed after the answer, so a client does not send its next request down it.
        c.header('connection', 'close');
        throw error;
      }
    })
    .openapi(preview, async (c) =>
      c.json(
        await previewImport({
          db,
          storage,
          actor: actorOf(c),
          ...c.req.valid('param'),
          mapping: c.req.valid('json').mapping,
        }),
        200,
      ),
    )
    .openapi(start, async (c) =>
      c.json(
        await startImport({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          mapping: c.req.valid('json').mapping ?? {},
          requestId: c.get('requestId'),
        }),
        202,
      ),
    )
    .openapi(resume, async (c) =>
      c.json(
        await resumeImport({
          db,
          storage,
          actor: actorOf(c),
          ...c.req.valid('param'),
          requestId: c.get('requestId'),
        }),
        202,
      ),
    )
    .openapi(progress, async (c) =>
      c.json(await getImport({ db, actor: actorOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi(rejected, async (c) => {
      const workbook = await rejectedRowsWorkbook({
        db,
        actor: actorOf(c),
        ...c.req.valid('param'),
        requestId: c.get('requestId'),
      });
      const body = new PassThrough();
      workbook.write(body).catch((error: unknown) => {
        c.get('log').error({ err: error }, 'rejected rows workbook failed');
        body.destroy(error as Error);
      });
      return c.body(Readable.toWeb(body) as ReadableStream, 200, downloadHeaders(workbook.fileName));
    });
}
