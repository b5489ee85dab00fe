import {
  LostCustomer,
  LostCustomerContact,
  LostCustomerQuery,
  listLostCustomerContacts,
  listLostCustomers,
  RecordLostCustomerContactInput,
  recordLostCustomerContact,
} from '@crm/core';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { actorOf } from '../http/auth.ts';
import type { AppEnv, Deps } from '../http/env.ts';
import { errorResponses, validationHook } from '../http/errors.ts';
import { json, ok, StoreParams } from '../http/params.ts';

const tags = ['lost customers'];
const base = '/stores/{storeId}/lost-customers';
const VehicleParams = StoreParams.extend({
  vehicleId: z.uuid().openapi({ param: { name: 'vehicleId', in: 'path' } }),
});

const list = createRoute({
  method: 'get',
  path: base,
  tags,
  summary:
    'Lost customers (流失客户): no visit for 12 months (the classification rule), longest absent first',
  request: { params: StoreParams, query: LostCustomerQuery },
  responses: {
    200: ok('Lost customers', z.object({ items: z.array(LostCustomer) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const contacts = createRoute({
  method: 'get',
  path: `${base}/{vehicleId}/contacts`,
  tags,
  summary: "A lost customer's contact log (流失客户联络表), newest first",
  request: { params: VehicleParams },
  responses: {
    200: ok('Contacts', z.object({ items: z.array(LostCustomerContact) })),
    ...errorResponses(400, 401, 403, 404),
  },
});
const record = createRoute({
  method: 'post',
  path: `${base}/{vehicleId}/contacts`,
  tags,
  summary: "Record a contact with a lost customer: channel, result, the customer's view, won back",
  request: { params: VehicleParams, body: json(RecordLostCustomerContactInput) },
  responses: { 201: ok('Recorded', LostCustomerContact), ...errorResponses(400, 401, 403, 404, 409) },
});

export function lostCustomerRoutes({ db }: Deps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const items = await listLostCustomers({
        db,
        actor: actorOf(c),
        storeId: c.req.valid('param').storeId,
        query: c.req.valid('query'),
      });
      return c.json({ items }, 200);
    })
    .openapi(contacts, async (c) => {
      const { storeId, vehicleId } = c.req.valid('param');
      const items = await listLostCustomerContacts({ db, actor: actorOf(c), storeId, vehicleId });
      return c.json({ items }, 200);
    })
    .openapi(record, async (c) => {
      const { storeId, vehicleId } = c.req.valid('param');
      return c.json(
        await recordLostCustomerContact({
          db,
          actor: actorOf(c),
          storeId,
          vehicleId,
          input: c.req.valid('json'),
          requestId: c.get('requestId'),
        }),
        201,
      );
    });
}
