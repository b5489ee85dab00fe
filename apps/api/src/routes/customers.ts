import {
  Customer,
  CustomerFile,
  CustomerFileSummary,
  getCustomerFile,
  SearchCustomerFilesQuery,
  searchCustomerFiles,
  UpdateCustomerInput,
  updateCustomer,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['customers'];
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });
const FileParams = StoreParams.extend({ vehicleId: id('vehicleId') });
const CustomerParams = StoreParams.extend({ customerId: id('customerId') });

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
    });
}
