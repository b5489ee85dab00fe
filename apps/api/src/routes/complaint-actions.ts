import {
  AddActionInput,
  Attachment,
  addComplaintAction,
  attachmentTypes,
  ComplaintAction,
  completeComplaintAction,
  diskAttachmentStorage,
  listComplaintActions,
  readComplaintAttachment,
  UploadAttachmentInput,
  uploadComplaintAttachment,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok } from '../http/params.ts';

const tags = ['complaints'];
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const base = '/stores/{storeId}/complaints/{complaintId}/actions';
const ComplaintParams = z.object({ storeId: id('storeId'), complaintId: id('complaintId') });
const ActionParams = ComplaintParams.extend({ actionId: id('actionId') });

const list = createRoute({
  method: 'get',
  path: base,
  tags,
  summary: "纠正预防措施: the complaint's corrective and preventive actions with their attachments",
  request: { params: ComplaintParams },
  responses: {
    200: ok('Actions', z.object({ items: z.array(ComplaintAction) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const add = createRoute({
  method: 'post',
  path: base,
  tags,
  summary: 'Add a corrective or preventive action',
  request: { params: ComplaintParams, body: json(AddActionInput) },
  responses: { 201: ok('Action', ComplaintAction), ...errorResponses(400, 401, 403, 404) },
});
const done = createRoute({
  method: 'post',
  path: `${base}/{actionId}/done`,
  tags,
  summary: 'Mark an action done',
  request: { params: ActionParams },
  responses: { 200: ok('Action', ComplaintAction), ...errorResponses(400, 401, 403, 404) },
});
const upload = createRoute({
  method: 'post',
  path: `${base}/{actionId}/attachments`,
  tags,
  summary:
    'Attach a file (JPEG, PNG, PDF, XLSX, DOCX; at most 512 KB; base64 in JSON). The whole file must be the declared type: nothing after its end, no program (PE, ELF) inside, no macros; it is kept and listed under the name sent with the extension of the checked type',
  request: { params: ActionParams, body: json(UploadAttachmentInput) },
  responses: { 201: ok('Attachment', Attachment), ...errorResponses(400, 401, 403, 404, 413) },
});
const download = createRoute({
  method: 'get',
  path: '/stores/{storeId}/complaint-attachments/{attachmentId}',
  tags,
  summary:
    "An attachment's file, as its checked type with a name of that type's extension (Content-Disposition: attachment, nosniff); a file kept before the whole-file check that fails it is not served (409)",
  request: { params: z.object({ storeId: id('storeId'), attachmentId: id('attachmentId') }) },
  responses: {
    200: {
      description: 'The file',
      content: Object.fromEntries(
        Object.keys(attachmentTypes).map((type) => [
          type,
          { schema: z.string().openapi({ format: 'binary' }) },
        ]),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

export function complaintActionRoutes({ db, config }: Deps) {
  const storage = diskAttachmentStorage(config.ATTACHMENTS_DIR);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) =>
      c.json({ items: await listComplaintActions({ db, actor: actorOf(c), ...c.req.valid('param') }) }, 200),
    )
    .openapi(add, async (c) =>
      c.json(
        await addComplaintAction({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(done, async (c) =>
      c.json(await completeComplaintAction({ db, actor: actorOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi(upload, async (c) =>
      c.json(
        await uploadComplaintAttachment({
          db,
          actor: actorOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
          storage,
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(download, async (c) => {
      const file = await readComplaintAttachment({ db, actor: actorOf(c), ...c.req.valid('param'), storage });
      return c.body(new Uint8Array(file.bytes), 200, downloadHeaders(file.fileName, file.contentType));
    });
}
