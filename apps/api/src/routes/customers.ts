import {
  Customer,
  CustomerFile,
  CustomerFileSummary,
  ExportCustomerFilesQuery,
  exportCustomerFiles,
  getCustomerFile,
  ListUncertainCustomersQuery,
  listUncertainCustomers,
  OpenUncertainRecordInput,
  openUncertainRecord,
  ResolveUncertainRecordInput,
  resolveUncertainRecord,
  SearchCustomerFilesQuery,
  searchCustomerFiles,
  UncertainCustomerRecord,
  UpdateCustomerInput,
  updateCustomer,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import { downloadHeaders, workbook } from '../http/download.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['customers'];
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const FileParams = StoreParams.extend({ vehicleId: id('vehicleId') });
const CustomerParams = StoreParams.extend({ customerId: id('customerId') });
const RecordParams = StoreParams.extend({ recordId: id('recordId') });

const search = createRoute({
  method: 'get',
  path: '/stores/{storeId}/customer-files',
  tags,
  summary: 'Find files by name, phone tail, plate or VIN (phones masked)',
  request: { params: StoreParams, query: SearchCustomerFilesQuery },
  responses: {
    200: ok('Matching files', z.object({ items: z.array(CustomerFileSummary) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const get = createRoute({
  method: 'get',
  path: '/stores/{storeId}/customer-files/{vehicleId}',
  tags,
  summary: 'One car, one file: vehicle, owner, history and decisions',
  description:
    'Phones, ID number and addresses are masked. `unmask=true` shows them in clear to roles that may ' +
    '(not sales/after-sales staff) and writes the view to the personal-data access log.',
  request: {
    params: FileParams,
    query: z.object({ unmask: z.enum(['true', 'false']).optional() }),
  },
  responses: { 200: ok('The file', CustomerFile), ...errorResponses(400, 401, 403, 404) },
});
const update = createRoute({
  method: 'patch',
  path: '/stores/{storeId}/customers/{customerId}',
  tags,
  summary: "Edit a customer's details (audited: which fields, by whom)",
  request: { params: CustomerParams, body: json(UpdateCustomerInput) },
  responses: { 200: ok('The customer (masked)', Customer), ...errorResponses(400, 401, 403, 404) },
});

const exportXlsx = createRoute({
  method: 'get',
  path: '/stores/{storeId}/customer-files.xlsx',
  tags,
  summary: 'The customer files as XLSX, filtered like the search (masked; audited)',
  description:
    'Personal fields are masked as on the customer page. `unmask=true` exports them in clear, only with the ' +
    'permission customers.exportUnmasked (HQ, store admin, CR manager; receptionists and callback specialists ' +
    'unmask one file at a time and are refused 403). Every export is written to the audit log: who, when, the filters, the row count, masked or not.',
  request: { params: StoreParams, query: ExportCustomerFilesQuery },
  responses: {
    200: workbook(),
    ...errorResponses(400, 401, 403, 404),
  },
});
const listUncertain = createRoute({
  method: 'get',
  path: '/stores/{storeId}/uncertain-customers',
  tags,
  summary: '不确定客户记录表: open records (or resolved ones), phones masked',
  request: { params: StoreParams, query: ListUncertainCustomersQuery },
  responses: {
    200: ok('Records', z.object({ items: z.array(UncertainCustomerRecord) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const openUncertain = createRoute({
  method: 'post',
  path: '/stores/{storeId}/uncertain-customers',
  tags,
  summary: 'Put a customer on the uncertain list by hand (the file is flagged; audited)',
  request: { params: StoreParams, body: json(OpenUncertainRecordInput) },
  responses: { 201: ok('Opened', UncertainCustomerRecord), ...errorResponses(400, 401, 403, 404, 409) },
});
const resolveUncertain = createRoute({
  method: 'post',
  path: '/stores/{storeId}/uncertain-customers/{recordId}/resolve',
  tags,
  summary: 'Resolve a record: correct the mobile, confirm as is, unreachable or closed (audited)',
  description:
    '`corrected` needs the recovered `mobile` (validated like every mobile) and may bring `name` and the ' +
    "mailing `address`; they are written onto the customer. Every resolution clears the file's flag.",
  request: { params: RecordParams, body: json(ResolveUncertainRecordInput) },
  responses: { 200: ok('Resolved', UncertainCustomerRecord), ...errorResponses(400, 401, 403, 404, 409) },
});

export function customerRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(search, async (c) =>
      c.json(
        {
          items: await searchCustomerFiles({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            query: c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(get, async (c) => {
      const { storeId, vehicleId } = c.req.valid('param');
      return c.json(
        await getCustomerFile({
          db,
          actor: actorOf(c),
          storeId,
          vehicleId,
          unmask: c.req.valid('query').unmask === 'true',
          requestId: c.get('requestId'),
        }),
        200,
      );
    })
    .openapi(update, async (c) => {
      const { storeId, customerId } = c.req.valid('param');
      return c.json(
        await updateCustomer({
          db,
          actor: actorOf(c),
          storeId,
          customerId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      );
    })
    .openapi(exportXlsx, async (c) => {
      const workbook = await exportCustomerFiles({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
        requestId: c.get('requestId'),
      });
      return c.body(workbook.bytes.buffer as ArrayBuffer, 200, {
        ...downloadHeaders(workbook.fileName),
        'x-row-count': String(workbook.rowCount),
      });
    })
    .openapi(listUncertain, async (c) =>
      c.json(
        {
          items: await listUncertainCustomers({
            db,
            actor: actorOf(c),
            storeId: c.req.valid('param').storeId,
            query: c.req.valid('query'),
          }),
        },
        200,
      ),
    )
    .openapi(openUncertain, async (c) =>
      c.json(
        await openUncertainRecord({
          db,
          actor: actorOf(c),
          storeId: c.req.valid('param').storeId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      ),
    )
    .openapi(resolveUncertain, async (c) => {
      const { storeId, recordId } = c.req.valid('param');
      return c.json(
        await resolveUncertainRecord({
          db,
          actor: actorOf(c),
          storeId,
          recordId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        200,
      );
    });
}
